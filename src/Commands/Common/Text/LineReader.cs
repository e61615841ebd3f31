using System;

namespace Minix3.Cosmos.Commands.Common.Text;

// Splits a byte stream into lines for the text filters (grep, sort, uniq,
// cut, head, tail, wc's callers). Lines are bytes, not strings: the
// commands work in the POSIX locale, where a character is a byte, and an
// invalid UTF-8 sequence must pass through unchanged. A line is returned
// without its "\n"; HasNewline says whether it had one (the last line of
// a file may not, and `head` or `cat`-like output must not invent it).
// A line longer than MaxLineBytes is returned in pieces of that size, so
// a file without newlines cannot exhaust the heap.
public sealed class LineReader
{
    public const int DefaultMaxLineBytes = 1 << 20;

    private readonly IByteSource _source;
    private readonly byte[] _chunk;
    private int _start, _end;
    private byte[] _line = new byte[256];

    public LineReader(IByteSource source, int chunkBytes = 4096, int maxLineBytes = DefaultMaxLineBytes)
    {
        _source = source;
        _chunk = new byte[chunkBytes < 1 ? 1 : chunkBytes];
        MaxLineBytes = maxLineBytes < 1 ? 1 : maxLineBytes;
    }

    public int MaxLineBytes { get; }

    // The current line's bytes (valid until the next Next).
    public ReadOnlySpan<byte> Line => new ReadOnlySpan<byte>(_line, 0, Length);
    public int Length { get; private set; }
    public bool HasNewline { get; private set; }

    // 0, or the status of the read that failed (the lines before it were given).
    public int Status { get; private set; }

    // The current line as a new array.
    public byte[] CopyLine() => Line.ToArray();

    // The next line: false at the end of the input (or after a failed read).
    public bool Next()
    {
        Length = 0;
        HasNewline = false;
        bool any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (Status != 0)
                    return any;
                int count = _source.Read(_chunk);
                if (count <= 0)
                {
                    if (count < 0)
                        Status = count;
                    return any;
                }
                _start = 0;
                _end = count;
            }
            any = true;
            int newline = IndexOfNewline(_start, _end);
            int stop = newline < 0 ? _end : newline;
            int room = MaxLineBytes - Length;
            if (stop - _start > room)
            {
                Append(_start, room);
                _start += room;
                return true;
            }
            Append(_start, stop - _start);
            if (newline >= 0)
            {
                _start = newline + 1;
                HasNewline = true;
                return true;
            }
            _start = _end;
        }
    }

    private int IndexOfNewline(int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (_chunk[i] == (byte)'\n')
                return i;
        }
        return -1;
    }

    private void Append(int from, int count)
    {
        if (count <= 0)
            return;
        if (Length + count > _line.Length)
        {
            int size = _line.Length;
            while (size < Length + count)
                size *= 2;
            byte[] bigger = new byte[size];
            Array.Copy(_line, 0, bigger, 0, Length);
            _line = bigger;
        }
        Array.Copy(_chunk, from, _line, Length, count);
        Length += count;
    }
}
