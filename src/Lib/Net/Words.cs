using System.Collections.Generic;

namespace Minix3.Cosmos.Lib.Net
{
    // Configuration-file words (/etc/hosts, /etc/inet.conf).
    public static class Words
    {
        // The blank-separated words of text[start..end) before any '#'.
        public static void Split(string text, int start, int end, List<string> into)
        {
            into.Clear();
            int i = start;
            while (i < end)
            {
                char c = text[i];
                if (c == '#')
                    break;
                if (c == ' ' || c == '\t' || c == '\r')
                {
                    i++;
                    continue;
                }
                int w = i;
                while (i < end && text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != '#')
                    i++;
                into.Add(text.Substring(w, i - w));
            }
        }

        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length)
                return false;
            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i], y = b[i];
                if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
                if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
                if (x != y)
                    return false;
            }
            return true;
        }
    }
}
