using System;
using System.Buffers.Binary;
using System.IO;

namespace Minix3.Cosmos.Testing.Network;

// QEMU's -netdev stream (and -netdev socket) framing: each Ethernet frame
// as a 4-byte big-endian length and then the frame, nothing else. QEMU
// itself takes frames up to 69,632 bytes (NET_BUFSIZE); a length beyond
// that means the stream is out of step, and the connection is dropped.
internal static class StreamFraming
{
    public const int MaxFrame = 4096 + 65536;

    // The next frame; null when the stream ends cleanly between frames.
    // A stream that ends inside a frame, or a length out of range, throws.
    public static byte[]? Read(Stream stream)
    {
        var header = new byte[4];
        int got = ReadFully(stream, header);
        if (got == 0)
            return null;
        if (got < 4)
            throw new IOException($"the stream ended inside a frame's length ({got} of 4 bytes)");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > MaxFrame)
            throw new IOException($"a frame length of {length} bytes: the stream is out of step");
        var frame = new byte[length];
        if (ReadFully(stream, frame) < frame.Length)
            throw new IOException($"the stream ended inside a frame of {length} bytes");
        return frame;
    }

    // The length and the frame in one buffer, so one write sends both and
    // writers holding a lock per stream never interleave.
    public static byte[] Encode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > MaxFrame)
            throw new ArgumentException($"a frame of {frame.Length} bytes is longer than QEMU takes ({MaxFrame})");
        var bytes = new byte[4 + frame.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)frame.Length);
        frame.CopyTo(bytes.AsSpan(4));
        return bytes;
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }
}
