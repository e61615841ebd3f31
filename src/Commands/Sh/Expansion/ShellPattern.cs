using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// sh pattern matching for case and ${x#pattern}: '*' any string, '?' any
// character, [abc], [a-z], [!abc] a set, backslash quotes the next character.
internal static class ShellPattern
{
    // Quotes every special character, for text that came from a quoted word.
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    // Whole-string match. Backtracks only to the most recent '*', which is
    // enough for glob patterns and keeps the cost at O(pattern x text)
    // without recursion.
    internal static bool Matches(string pattern, string text) => Matches(pattern, text, 0, text.Length);

    // Matches text[start..end) without copying it out.
    private static bool Matches(string pattern, string text, int start, int end)
    {
        int p = 0;
        int t = start;
        int starPattern = -1;
        int starText = 0;
        while (t < end)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starPattern = ++p;
                starText = t;
                continue;
            }
            int next = p < pattern.Length ? MatchOne(pattern, p, text[t]) : -1;
            if (next >= 0)
            {
                p = next;
                t++;
            }
            else if (starPattern >= 0)
            {
                p = starPattern;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    // ${x#p} and ${x##p}: tries every prefix, shortest or longest first.
    internal static string RemovePrefix(string value, string pattern, bool largest)
    {
        for (int i = 0; i <= value.Length; i++)
        {
            int length = largest ? value.Length - i : i;
            if (Matches(pattern, value, 0, length))
                return value.Substring(length);
        }
        return value;
    }

    // ${x%p} and ${x%%p}.
    internal static string RemoveSuffix(string value, string pattern, bool largest)
    {
        for (int i = 0; i <= value.Length; i++)
        {
            int start = largest ? i : value.Length - i;
            if (Matches(pattern, value, start, value.Length))
                return value.Substring(0, start);
        }
        return value;
    }

    // Matches the single-character element at pattern[p] against c; returns
    // the index after the element, or -1.
    private static int MatchOne(string pattern, int p, char c)
    {
        char element = pattern[p];
        if (element == '?')
            return p + 1;
        if (element == '\\' && p + 1 < pattern.Length)
            return pattern[p + 1] == c ? p + 2 : -1;
        if (element == '[')
        {
            int end = MatchBracket(pattern, p, c, out bool matched);
            if (end >= 0)
                return matched ? end : -1;
            // No closing ']': the '[' is an ordinary character.
        }
        return element == c ? p + 1 : -1;
    }

    // A bracket expression starting at pattern[open]. Returns the index after
    // its ']' (and whether c is in the set), or -1 if it is not closed.
    private static int MatchBracket(string pattern, int open, char c, out bool matched)
    {
        matched = false;
        int i = open + 1;
        bool negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
            i++;
        bool first = true;
        while (i < pattern.Length)
        {
            char low = pattern[i];
            if (low == ']' && !first)
            {
                matched ^= negate;
                return i + 1;
            }
            first = false;
            if (low == '\\' && i + 1 < pattern.Length)
                low = pattern[++i];
            char high = low;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                i += 2;
                high = pattern[i];
                if (high == '\\' && i + 1 < pattern.Length)
                    high = pattern[++i];
            }
            if (c >= low && c <= high)
                matched = true;
            i++;
        }
        matched = false;
        return -1;
    }
}
