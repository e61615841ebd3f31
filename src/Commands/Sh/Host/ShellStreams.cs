using System;

namespace Minix3.Cosmos.Commands.Sh;

// A readable byte stream: the console, a file opened for `<`, a pipe.
public interface IShellInput
{
    // Reads at most buffer.Length bytes; returns 0 only at the end of input.
    int Read(Span<byte> buffer);
}

// A writable byte stream: the console, a file opened for `>`, a pipe.
public interface IShellOutput
{
    void Write(ReadOnlySpan<byte> data);
}

// Implemented by streams that hold a resource (an open file); the shell
// closes every stream it opened once the command is done. Not IDisposable:
// an interface call to IDisposable.Dispose makes ilc emit unboxing stubs for
// the corelib's generic struct enumerators, which it cannot compile yet
// (it looks for System.Object.m_pEEType).
public interface IShellClosable
{
    void Close();
}

// An in-memory byte queue, readable and writable: a console for tests, and
// the pipe of InProcessProcesses (each stage runs to completion and the
// next reads what it wrote).
public sealed class ShellBuffer : IShellInput, IShellOutput
{
    private byte[] _data = new byte[64];
    private int _start;
    private int _end;

    public ShellBuffer() { }

    public ShellBuffer(string text)
    {
        Write(Utf8.Encode(text));
    }

    // Bytes written and not yet read.
    public int Length => _end - _start;

    // Unread bytes the buffer may hold; a write beyond fails. Pipeline
    // buffers are bounded so that `while :; do echo; done | cat` ends in an
    // error instead of exhausting a component's heap.
    public int MaxLength { get; set; } = int.MaxValue;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxLength - Length)
            throw new InvalidOperationException("pipe buffer is full");
        if (_end + data.Length > _data.Length)
            Grow(data.Length);
        data.CopyTo(new Span<byte>(_data, _end, data.Length));
        _end += data.Length;
    }

    public int Read(Span<byte> buffer)
    {
        int count = Math.Min(buffer.Length, _end - _start);
        new ReadOnlySpan<byte>(_data, _start, count).CopyTo(buffer);
        _start += count;
        return count;
    }

    // The unread bytes as text, without consuming them.
    public override string ToString() => Utf8.Decode(new ReadOnlySpan<byte>(_data, _start, _end - _start));

    // Compacts first, and doubles only when compaction is not enough, so a
    // buffer that is written and drained in turns stays small.
    private void Grow(int extra)
    {
        int used = _end - _start;
        int size = _data.Length;
        while (used + extra > size)
            size *= 2;
        byte[] target = size == _data.Length ? _data : new byte[size];
        Array.Copy(_data, _start, target, 0, used);
        _data = target;
        _start = 0;
        _end = used;
    }
}

// Where `>&-` and `<&-` point: reads nothing, swallows writes. A host
// closes the descriptor of a program it is given for.
public sealed class ShellNullStream : IShellInput, IShellOutput
{
    public static readonly ShellNullStream Instance = new ShellNullStream();

    private ShellNullStream() { }

    public int Read(Span<byte> buffer) => 0;

    public void Write(ReadOnlySpan<byte> data) { }
}
