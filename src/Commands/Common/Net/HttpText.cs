using System;
using System.Text;

namespace Minix3.Cosmos.Commands.Common.Net;

// The ASCII text handling HTTP needs, written out because our corelib's
// string has no Trim, Split, ToLower or IndexOf(string). Header names,
// methods and URLs are ASCII; other bytes pass through as Latin-1 chars.
public static class HttpText
{
    // The end of a message head: the index just past the blank line that
    // ends it ("\r\n\r\n", or bare "\n\n" from lax peers), or -1 if the
    // head is not complete yet.
    public static int HeadEnd(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n')
                continue;
            if (i + 1 < data.Length && data[i + 1] == (byte)'\n')
                return i + 2;
            if (i + 2 < data.Length && data[i + 1] == (byte)'\r' && data[i + 2] == (byte)'\n')
                return i + 3;
        }
        return -1;
    }

    // Bytes as chars one for one (Latin-1).
    public static string Latin1(ReadOnlySpan<byte> data)
    {
        var chars = new char[data.Length];
        for (int i = 0; i < data.Length; i++)
            chars[i] = (char)data[i];
        return new string(chars);
    }

    // Chars as bytes one for one; anything above 0xFF becomes '?'.
    public static byte[] Bytes(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
            bytes[i] = text[i] <= 0xFF ? (byte)text[i] : (byte)'?';
        return bytes;
    }

    public static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;

    public static bool EqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length)
            return false;
        for (int i = 0; i < a.Length; i++)
        {
            if (Lower(a[i]) != Lower(b[i]))
                return false;
        }
        return true;
    }

    public static bool StartsWithIgnoreCase(string text, string prefix) =>
        text.Length >= prefix.Length && EqualsIgnoreCase(text.Substring(0, prefix.Length), prefix);

    public static bool IsSpace(char c) => c == ' ' || c == '\t';

    // Without leading and trailing spaces and tabs (optional whitespace).
    public static string Trim(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start]))
            start++;
        while (end > start && IsSpace(text[end - 1]))
            end--;
        return start == 0 && end == text.Length ? text : text.Substring(start, end - start);
    }

    // A non-negative decimal number with at most 18 digits (no sign, no
    // spaces), or -1.
    public static long ParseDecimal(string text)
    {
        if (text.Length == 0 || text.Length > 18)
            return -1;
        long value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9')
                return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    // 0-15 for a hexadecimal digit, else -1.
    public static int HexDigit(int c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // "a%20b" -> "a b" (bytes as Latin-1 chars, so UTF-8 names keep their
    // bytes); null for a '%' not followed by two hexadecimal digits.
    public static string? PercentDecode(string text)
    {
        if (text.IndexOf('%') < 0)
            return text;
        var decoded = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                decoded.Append(text[i]);
                continue;
            }
            if (i + 2 >= text.Length)
                return null;
            int high = HexDigit(text[i + 1]), low = HexDigit(text[i + 2]);
            if (high < 0 || low < 0)
                return null;
            decoded.Append((char)(high * 16 + low));
            i += 2;
        }
        return decoded.ToString();
    }

    // A path for a URL: bytes outside the unreserved set and '/' as %XX.
    public static string PercentEncodePath(string path)
    {
        const string hex = "0123456789ABCDEF";
        var encoded = new StringBuilder(path.Length + 8);
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                         c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (plain)
            {
                encoded.Append(c);
                continue;
            }
            int b = c <= 0xFF ? c : '?';
            encoded.Append('%').Append(hex[b >> 4]).Append(hex[b & 15]);
        }
        return encoded.ToString();
    }

    // Text for HTML: & < > " escaped.
    public static string HtmlEscape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '&')
                escaped.Append("&amp;");
            else if (c == '<')
                escaped.Append("&lt;");
            else if (c == '>')
                escaped.Append("&gt;");
            else if (c == '"')
                escaped.Append("&quot;");
            else
                escaped.Append(c);
        }
        return escaped.ToString();
    }
}
