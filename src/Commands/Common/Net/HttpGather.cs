using System;

namespace Minix3.Cosmos.Commands.Common.Net;

// A body on its way to a file: bytes gathered until Size of them are in,
// then one write of exactly Size. TCP hands over a segment (~1460 bytes)
// at a time; OutputBuffer would write a piece that does not fit straight
// through, so every other write would be one segment. Partial writes are
// finished; after a failure everything is dropped and Status keeps it.
public sealed class HttpGather
{
    private readonly IByteSink _sink;
    private readonly byte[] _buffer;
    private int _used;

    public HttpGather(IByteSink sink, int size)
    {
        _sink = sink;
        _buffer = new byte[size < 1 ? 1 : size];
    }

    // 0, or the status of the first write that failed.
    public int Status { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && Status == 0)
        {
            int take = _buffer.Length - _used;
            if (take > data.Length)
                take = data.Length;
            data.Slice(0, take).CopyTo(new Span<byte>(_buffer, _used, take));
            _used += take;
            data = data.Slice(take);
            if (_used == _buffer.Length)
                Flush();
        }
    }

    // True if every byte so far reached the sink.
    public bool Flush()
    {
        int done = 0;
        while (done < _used && Status == 0)
        {
            int written = _sink.Write(new ReadOnlySpan<byte>(_buffer, done, _used - done));
            if (written <= 0 || written > _used - done)
                Status = written < 0 ? written : -5;
            else
                done += written;
        }
        _used = 0;
        return Status == 0;
    }
}
