using System.Collections.Generic;

namespace Minix3.Cosmos.Lib.Sys
{
    // The text of the system's small configuration files (/etc/ttys,
    // /etc/permissions): lines of words separated by spaces or tabs, '#'
    // starting a comment, blank lines ignored. The corelib has no Split or
    // Trim, so every reader shares these.
    public static class ConfigText
    {
        // The words of each line that has any, in order.
        public static List<List<string>> Lines(string text)
        {
            var lines = new List<List<string>>();
            int start = 0;
            while (start < text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0)
                    end = text.Length;
                int hash = text.IndexOf('#', start);
                List<string> words = Words(text, start, hash >= 0 && hash < end ? hash : end);
                if (words.Count > 0)
                    lines.Add(words);
                start = end + 1;
            }
            return lines;
        }

        // The words of text[from, to); carriage returns count as spaces.
        public static List<string> Words(string text, int from, int to)
        {
            var words = new List<string>();
            int at = from;
            while (at < to)
            {
                while (at < to && IsSpace(text[at]))
                    at++;
                int end = at;
                while (end < to && !IsSpace(text[end]))
                    end++;
                if (end > at)
                    words.Add(text.Substring(at, end - at));
                at = end;
            }
            return words;
        }

        // A non-negative decimal of at most nine digits.
        public static bool TryDecimal(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 9)
                return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                    return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }

        private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r';
    }
}
