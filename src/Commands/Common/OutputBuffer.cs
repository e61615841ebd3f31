using System;

namespace Minix3.Cosmos.Commands.Common;

// Where an OutputBuffer's bytes go: a descriptor in the programs, a list in
// the tests. Returns how many bytes it took (> 0), or a negative status.
public interface IByteSink
{
    int Write(ReadOnlySpan<byte> data);
}

// Text and bytes gathered into one write per 4 KiB (or per line, with
// LineBuffered), so a command does not pay a VFS round trip per byte or per
// word. Text is encoded as UTF-8 on the way in. After a failed write the
// buffer drops everything (a closed pipe or a full disk must not turn into
// an endless retry) and Status keeps the first error.
public sealed class OutputBuffer
{
    private readonly IByteSink _sink;
    private readonly byte[] _buffer;
    private int _used;

    public OutputBuffer(IByteSink sink, int capacity = 4096)
    {
        _sink = sink;
        _buffer = new byte[capacity < 8 ? 8 : capacity];
    }

    // Flush after every newline: error messages and interactive prompts
    // must appear before the program blocks or ends.
    public bool LineBuffered { get; set; }

    // 0, or the status of the first write that failed.
    public int Status { get; private set; }

    public int Pending => _used;

    public void Write(string text)
    {
        bool newline = false;
        for (int i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.Length && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            {
                c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                i++;
            }
            else if (c >= 0xD800 && c <= 0xDFFF)
            {
                c = 0xFFFD;
            }
            Encode(c);
            newline |= c == '\n';
        }
        if (newline && LineBuffered)
            Flush();
    }

    public void WriteLine(string text)
    {
        Write(text);
        Write("\n");
    }

    // Raw bytes (cat, cp): gathered if they fit, otherwise written through
    // after what is pending, so big copies are not copied twice.
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length <= _buffer.Length - _used)
        {
            data.CopyTo(new Span<byte>(_buffer, _used, data.Length));
            _used += data.Length;
            return;
        }
        if (!Flush())
            return;
        WriteThrough(data);
    }

    // True if everything written so far reached the sink.
    public bool Flush()
    {
        if (_used > 0)
        {
            int used = _used;
            _used = 0;
            WriteThrough(new ReadOnlySpan<byte>(_buffer, 0, used));
        }
        return Status == 0;
    }

    private void WriteThrough(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && Status == 0)
        {
            int written = _sink.Write(data);
            if (written <= 0 || written > data.Length)
            {
                // A sink that takes nothing would loop forever; call it an error.
                Status = written < 0 ? written : -5;
                return;
            }
            data = data.Slice(written);
        }
    }

    private void Encode(int c)
    {
        if (_buffer.Length - _used < 4)
            Flush();
        if (c < 0x80)
        {
            _buffer[_used++] = (byte)c;
        }
        else if (c < 0x800)
        {
            _buffer[_used++] = (byte)(0xC0 | (c >> 6));
            _buffer[_used++] = (byte)(0x80 | (c & 0x3F));
        }
        else if (c < 0x10000)
        {
            _buffer[_used++] = (byte)(0xE0 | (c >> 12));
            _buffer[_used++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            _buffer[_used++] = (byte)(0x80 | (c & 0x3F));
        }
        else
        {
            _buffer[_used++] = (byte)(0xF0 | (c >> 18));
            _buffer[_used++] = (byte)(0x80 | ((c >> 12) & 0x3F));
            _buffer[_used++] = (byte)(0x80 | ((c >> 6) & 0x3F));
            _buffer[_used++] = (byte)(0x80 | (c & 0x3F));
        }
    }
}
