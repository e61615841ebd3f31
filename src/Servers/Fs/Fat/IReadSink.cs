using System;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Where a read's bytes go when the reader copies them itself: the file
    // server hands each piece from its cache or the device's buffer straight
    // to the client's grant, so a file read is one copy after the disk's
    // (no staging buffer in between). `at` is the piece's place in the
    // read (0 = the first byte asked for). False stops the read; the sink
    // knows why.
    public interface IReadSink
    {
        bool Put(int at, ReadOnlySpan<byte> bytes);
    }

    // A device that can hand out the buffers it read into instead of
    // copying them into the caller's (AtaBlockDevice's windows). Same
    // contract as IBlockDevice.ReadSectors; false on an I/O error or when
    // the sink refused a piece.
    public interface IWindowedBlockDevice
    {
        bool ReadSectors(long lba, int count, IReadSink sink, int at);
    }

    // The plain sink: into a span (the engine's own Read).
    internal sealed class SpanSink : IReadSink
    {
        private readonly byte[] _buffer;
        public SpanSink(byte[] buffer) => _buffer = buffer;
        public bool Put(int at, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer.AsSpan(at, bytes.Length));
            return true;
        }
    }
}
