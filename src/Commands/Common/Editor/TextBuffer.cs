using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Editor;

// The editor's text: lines of bytes (a file's bytes are kept exactly,
// whatever their encoding), edited at a position (line, column), both
// counted from 0 in bytes. Loading splits at "\n"; saving joins with
// "\n" and ends with one when the file did (or was new), so an unchanged
// file is saved byte for byte as it was read.
public sealed class TextBuffer
{
    private readonly List<EditLine> _lines = new List<EditLine>();

    public TextBuffer()
    {
        _lines.Add(new EditLine());
    }

    public int LineCount => _lines.Count;
    // The file as read ended with a newline.
    public bool EndsWithNewline { get; private set; }
    public bool Modified { get; set; }

    public EditLine this[int line] => _lines[line];

    public static TextBuffer Load(ReadOnlySpan<byte> bytes)
    {
        var text = new TextBuffer();
        text._lines.Clear();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '\n')
                continue;
            text._lines.Add(EditLine.From(bytes.Slice(start, i - start)));
            start = i + 1;
        }
        // What follows the last newline is a last line without one.
        if (start < bytes.Length || text._lines.Count == 0)
            text._lines.Add(EditLine.From(bytes.Slice(start)));
        text.EndsWithNewline = bytes.Length > 0 && bytes[bytes.Length - 1] == '\n';
        return text;
    }

    // The lines joined by "\n". The last line gets one when the file had
    // it, or when the text was changed and the last line is not empty (a
    // text file ends with a newline); an emptied text saves as nothing.
    public byte[] Save()
    {
        bool empty = _lines.Count == 1 && _lines[0].Length == 0;
        if (empty)
            return Modified || !EndsWithNewline ? new byte[0] : new byte[] { (byte)'\n' };
        bool newline = EndsWithNewline || (Modified && _lines[_lines.Count - 1].Length > 0);
        int size = newline ? 0 : -1;
        foreach (EditLine line in _lines)
            size += line.Length + 1;
        byte[] bytes = new byte[size];
        int at = 0;
        for (int i = 0; i < _lines.Count; i++)
        {
            _lines[i].CopyTo(bytes, at);
            at += _lines[i].Length;
            if (at < size)
                bytes[at++] = (byte)'\n';
        }
        return bytes;
    }

    public void Insert(int line, int column, byte value)
    {
        _lines[line].Insert(column, value);
        Modified = true;
    }

    // Splits the line at column: what follows goes to a new next line.
    public void Split(int line, int column)
    {
        EditLine rest = _lines[line].Cut(column);
        _lines.Insert(line + 1, rest);
        Modified = true;
    }

    // Removes the byte at column; at the end of the line the next line
    // joins this one. False when there is nothing to delete.
    public bool Delete(int line, int column)
    {
        if (column < _lines[line].Length)
        {
            _lines[line].Remove(column, 1);
            Modified = true;
            return true;
        }
        if (line + 1 >= _lines.Count)
            return false;
        _lines[line].Append(_lines[line + 1]);
        _lines.RemoveAt(line + 1);
        Modified = true;
        return true;
    }

    // Removes a whole line (the only line becomes empty instead).
    public void DeleteLine(int line)
    {
        if (_lines.Count == 1)
            _lines[0] = new EditLine();
        else
            _lines.RemoveAt(line);
        Modified = true;
    }

    // The first match of needle at or after (line, column), wrapping
    // around once; false when there is none.
    public bool Find(byte[] needle, int line, int column, out int foundLine, out int foundColumn)
    {
        for (int n = 0; n <= _lines.Count; n++)
        {
            int at = (line + n) % _lines.Count;
            int from = n == 0 ? column : 0;
            int index = _lines[at].IndexOf(needle, from);
            if (index >= 0 && (n < _lines.Count || index < column))
            {
                foundLine = at;
                foundColumn = index;
                return true;
            }
        }
        foundLine = foundColumn = 0;
        return false;
    }
}

// One line's bytes, growable.
public sealed class EditLine
{
    private byte[] _bytes = new byte[16];

    public int Length { get; private set; }

    public byte this[int index] => _bytes[index];

    public ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(_bytes, 0, Length);

    public static EditLine From(ReadOnlySpan<byte> bytes)
    {
        var line = new EditLine();
        line.Reserve(bytes.Length);
        bytes.CopyTo(line._bytes);
        line.Length = bytes.Length;
        return line;
    }

    public void Insert(int at, byte value)
    {
        Reserve(Length + 1);
        Array.Copy(_bytes, at, _bytes, at + 1, Length - at);
        _bytes[at] = value;
        Length++;
    }

    public void Remove(int at, int count)
    {
        Array.Copy(_bytes, at + count, _bytes, at, Length - at - count);
        Length -= count;
    }

    public void Append(EditLine other)
    {
        Reserve(Length + other.Length);
        Array.Copy(other._bytes, 0, _bytes, Length, other.Length);
        Length += other.Length;
    }

    // Cuts off what follows `at` and returns it as a new line.
    public EditLine Cut(int at)
    {
        EditLine rest = From(new ReadOnlySpan<byte>(_bytes, at, Length - at));
        Length = at;
        return rest;
    }

    public void CopyTo(byte[] target, int at) => Array.Copy(_bytes, 0, target, at, Length);

    public int IndexOf(byte[] needle, int from)
    {
        for (int i = from; i + needle.Length <= Length; i++)
        {
            int k = 0;
            while (k < needle.Length && _bytes[i + k] == needle[k])
                k++;
            if (k == needle.Length)
                return i;
        }
        return -1;
    }

    private void Reserve(int size)
    {
        if (size <= _bytes.Length)
            return;
        int capacity = _bytes.Length;
        while (capacity < size)
            capacity *= 2;
        byte[] bigger = new byte[capacity];
        Array.Copy(_bytes, 0, bigger, 0, Length);
        _bytes = bigger;
    }
}
