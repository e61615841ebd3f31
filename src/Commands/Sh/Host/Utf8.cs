using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// Text <-> bytes for the streams. The corelib has no System.Text.Encoding, and
// the shell needs only UTF-8 with replacement of malformed input, so the few
// lines live here. Malformed sequences become U+FFFD instead of failing: a
// script file with stray bytes must still produce an answer.
public static class Utf8
{
    private const char Replacement = '\uFFFD';

    public static byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
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
                c = Replacement;
            }

            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else if (c < 0x800)
            {
                bytes.Add((byte)(0xC0 | (c >> 6)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else if (c < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (c >> 12)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (c >> 18)));
                bytes.Add((byte)(0x80 | ((c >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
        }
        return bytes.ToArray();
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            int b = bytes[i];
            int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
            if (length == 0 || i + length > bytes.Length)
            {
                text.Append(Replacement);
                i++;
                continue;
            }

            int c = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
            bool valid = true;
            for (int k = 1; k < length && valid; k++)
            {
                int next = bytes[i + k];
                valid = (next & 0xC0) == 0x80;
                c = (c << 6) | (next & 0x3F);
            }
            // Overlong forms, surrogates and values past U+10FFFF are malformed too.
            int minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            if (!valid || (length > 1 && c < minimum) || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            {
                text.Append(Replacement);
                i++;
                continue;
            }

            if (c >= 0x10000)
            {
                c -= 0x10000;
                text.Append((char)(0xD800 + (c >> 10)));
                text.Append((char)(0xDC00 + (c & 0x3FF)));
            }
            else
            {
                text.Append((char)c);
            }
            i += length;
        }
        return text.ToString();
    }

    // Reads a stream to its end; used to load scripts.
    public static string ReadAll(IShellInput input)
    {
        var buffer = new ShellBuffer();
        byte[] chunk = new byte[512];
        int count;
        while ((count = input.Read(chunk)) > 0)
            buffer.Write(new ReadOnlySpan<byte>(chunk, 0, count));
        return buffer.ToString();
    }
}
