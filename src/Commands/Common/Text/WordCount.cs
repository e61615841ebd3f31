using System;
using System.Text;

namespace Minix3.Cosmos.Commands.Common.Text;

// wc's counts over a byte stream fed in pieces: newlines, words (maximal
// runs of bytes that are not white space: space, \t \n \v \f \r) and
// bytes. A word split across two pieces counts once.
public sealed class WordCount
{
    private bool _inWord;

    public long Lines { get; private set; }
    public long Words { get; private set; }
    public long Bytes { get; private set; }

    public void Add(ReadOnlySpan<byte> data)
    {
        Bytes += data.Length;
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            bool space = b == ' ' || (b >= 9 && b <= 13);
            if (b == '\n')
                Lines++;
            if (space)
                _inWord = false;
            else if (!_inWord)
            {
                _inWord = true;
                Words++;
            }
        }
    }

    public void Include(WordCount other)
    {
        Lines += other.Lines;
        Words += other.Words;
        Bytes += other.Bytes;
    }

    // POSIX's output line: the selected counts in the order lines, words,
    // bytes, separated by one space, then the name (none for standard
    // input): "%d %d %d %s\n".
    public string Format(bool lines, bool words, bool bytes, string? name)
    {
        var text = new StringBuilder();
        if (lines)
            Append(text, Lines);
        if (words)
            Append(text, Words);
        if (bytes)
            Append(text, Bytes);
        if (name != null)
            text.Append(' ').Append(name);
        return text.Append('\n').ToString();
    }

    private static void Append(StringBuilder text, long value)
    {
        if (text.Length > 0)
            text.Append(' ');
        text.Append(value);
    }
}
