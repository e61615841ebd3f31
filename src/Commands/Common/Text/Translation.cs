using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// tr's work (POSIX tr, bytes as characters): translate the bytes of SET1
// into those of SET2 at the same places (SET2 shorter: its last byte
// repeats), delete SET1's bytes (-d), squeeze runs of one byte of the
// last set into one (-s), with SET1 complemented (-c: every byte not in
// it, in ascending order). Set syntax: bytes, \\ \a \b \f \n \r \t \v
// \ooo (octal), ranges a-z, [:class:], [=c=], and in SET2 [c*n] (n
// copies; 0n is octal) and [c*] (as many as SET1 needs).
public sealed class Translation
{
    private readonly byte[] _map = new byte[256];
    private readonly bool[] _delete = new bool[256];
    private readonly bool[] _squeeze = new bool[256];
    private int _last = -1;    // the last byte written, for squeezing across pieces

    private Translation()
    {
        for (int i = 0; i < 256; i++)
            _map[i] = (byte)i;
    }

    // null, with a reason, for operands that do not fit the options.
    public static Translation? Create(bool complement, bool delete, bool squeeze, string set1, string? set2, out string? error)
    {
        error = null;
        bool translating = !delete && set2 != null;
        if (set2 != null && delete && !squeeze)
            return Fail("extra operand '" + set2 + "' with -d", out error);
        if (set2 == null && !delete && !squeeze)
            return Fail("missing SET2 (translating needs two sets)", out error);
        if (set2 == null && delete && squeeze)
            return Fail("-d -s needs two sets", out error);
        List<int>? first = Expand(set1, false, 0, out error);
        if (first == null)
            return null;
        if (complement)
            first = Complement(first);
        var t = new Translation();
        if (delete)
        {
            foreach (int b in first)
                t._delete[b] = true;
        }
        List<int>? second = null;
        if (set2 != null)
        {
            second = Expand(set2, true, first.Count, out error);
            if (second == null)
                return null;
        }
        if (translating)
        {
            if (second!.Count == 0 && first.Count > 0)
                return Fail("SET2 is empty", out error);
            for (int i = 0; i < first.Count; i++)
                t._map[first[i]] = (byte)second[i < second.Count ? i : second.Count - 1];
        }
        if (squeeze)
        {
            foreach (int b in second ?? first)
                t._squeeze[b] = true;
        }
        return t;
    }

    // Transforms input into output (at least input.Length long); the
    // number of bytes written.
    public int Apply(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int count = 0;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (_delete[b])
                continue;
            byte mapped = _map[b];
            if (_squeeze[mapped] && _last == mapped)
                continue;
            output[count++] = mapped;
            _last = mapped;
        }
        return count;
    }

    private static Translation? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    private static List<int> Complement(List<int> set)
    {
        var member = new bool[256];
        foreach (int b in set)
            member[b] = true;
        var rest = new List<int>();
        for (int b = 0; b < 256; b++)
        {
            if (!member[b])
                rest.Add(b);
        }
        return rest;
    }

    // A set's bytes in order. fillTo: SET1's length, for [c*].
    private static List<int>? Expand(string text, bool second, int fillTo, out string? error)
    {
        error = null;
        var bytes = new List<int>();
        int fill = -1;       // where [c*] goes, and its byte
        int fillByte = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[' && i + 1 < text.Length && (text[i + 1] == ':' || text[i + 1] == '='))
            {
                char kind = text[i + 1];
                int close = IndexOf(text, kind, ']', i + 2);
                if (close < 0)
                {
                    error = "unterminated [" + kind.ToString() + " in '" + text + "'";
                    return null;
                }
                string name = text.Substring(i + 2, close - i - 2);
                i = close + 2;
                if (kind == '=')
                {
                    int at = 0;
                    int value = name.Length > 0 ? Character(name, ref at) : -1;
                    if (value < 0 || at != name.Length)
                    {
                        error = "[=" + name + "=] must name one character";
                        return null;
                    }
                    bytes.Add(value);
                    continue;
                }
                var set = new ByteSet();
                if (!set.AddClass(name))
                {
                    error = "unknown class [:" + name + ":]";
                    return null;
                }
                for (int b = 0; b < 256; b++)
                {
                    if (set.Contains((byte)b))
                        bytes.Add(b);
                }
                continue;
            }
            if (second && text[i] == '[' && TryRepeat(text, i, out int repeated, out int times, out int next))
            {
                i = next;
                if (times < 0)
                {
                    if (fill >= 0)
                    {
                        error = "only one [c*] may appear in SET2";
                        return null;
                    }
                    fill = bytes.Count;
                    fillByte = repeated;
                    continue;
                }
                for (int k = 0; k < times; k++)
                    bytes.Add(repeated);
                continue;
            }
            int low = Character(text, ref i);
            if (i + 1 < text.Length && text[i] == '-')
            {
                int at = i + 1;
                int high = Character(text, ref at);
                if (high < low)
                {
                    error = "range " + Show(low) + "-" + Show(high) + " is in reverse order";
                    return null;
                }
                for (int b = low; b <= high; b++)
                    bytes.Add(b);
                i = at;
                continue;
            }
            bytes.Add(low);
        }
        if (fill >= 0)
        {
            int missing = fillTo - bytes.Count;
            for (int k = 0; k < missing; k++)
                bytes.Insert(fill, fillByte);
        }
        return bytes;
    }

    // [c*n] or [c*] at i: the byte, n (-1 for [c*]) and where it ends.
    private static bool TryRepeat(string text, int i, out int value, out int times, out int next)
    {
        times = -1;
        next = i;
        int at = i + 1;
        value = at < text.Length ? Character(text, ref at) : -1;
        if (value < 0 || at >= text.Length || text[at] != '*')
            return false;
        at++;
        int start = at;
        while (at < text.Length && text[at] >= '0' && text[at] <= '9')
            at++;
        if (at >= text.Length || text[at] != ']')
            return false;
        string digits = text.Substring(start, at - start);
        if (digits.Length > 0)
        {
            bool octal = digits[0] == '0';
            long n = 0;
            foreach (char c in digits)
            {
                int d = c - '0';
                if (octal && d > 7)
                    return false;
                n = n * (octal ? 8 : 10) + d;
                if (n > 1 << 20)
                    return false;
            }
            // [c*0] is [c*].
            times = n == 0 ? -1 : (int)n;
        }
        next = at + 1;
        return true;
    }

    // One character of a set, escapes decoded; i moves past it.
    private static int Character(string text, ref int i)
    {
        char c = text[i++];
        if (c != '\\' || i >= text.Length)
            return c & 0xFF;
        char e = text[i++];
        switch (e)
        {
            case 'a': return 7;
            case 'b': return 8;
            case 'f': return 12;
            case 'n': return 10;
            case 'r': return 13;
            case 't': return 9;
            case 'v': return 11;
        }
        if (e >= '0' && e <= '7')
        {
            int value = e - '0';
            for (int k = 0; k < 2 && i < text.Length && text[i] >= '0' && text[i] <= '7'; k++)
                value = value * 8 + (text[i++] - '0');
            return value & 0xFF;
        }
        return e & 0xFF;
    }

    private static int IndexOf(string text, char kind, char close, int from)
    {
        for (int i = from; i + 1 < text.Length; i++)
        {
            if (text[i] == kind && text[i + 1] == close)
                return i;
        }
        return -1;
    }

    private static string Show(int b) => b >= 32 && b < 127 ? ((char)b).ToString() : "\\" + Octal(b);

    private static string Octal(int b) => ((b >> 6) & 7).ToString() + ((b >> 3) & 7).ToString() + (b & 7).ToString();
}
