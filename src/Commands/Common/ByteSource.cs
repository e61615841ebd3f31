using System;

namespace Minix3.Cosmos.Commands.Common;

// Where a command's input bytes come from: a descriptor in the programs,
// an array in the tests. Read returns the bytes read (0 at the end of the
// input) or a negative status.
public interface IByteSource
{
    int Read(Span<byte> buffer);
}

// Bytes from memory (tests, and commands that read a whole file first).
public sealed class MemorySource : IByteSource
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private int _at;

    // chunk: the most one Read gives, so tests can split lines across reads.
    public MemorySource(byte[] data, int chunk = int.MaxValue)
    {
        _data = data;
        _chunk = chunk < 1 ? 1 : chunk;
    }

    public int Read(Span<byte> buffer)
    {
        int count = _data.Length - _at;
        if (count > buffer.Length)
            count = buffer.Length;
        if (count > _chunk)
            count = _chunk;
        new ReadOnlySpan<byte>(_data, _at, count).CopyTo(buffer);
        _at += count;
        return count;
    }
}
