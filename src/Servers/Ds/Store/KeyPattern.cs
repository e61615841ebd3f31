namespace Minix3.Cosmos.Servers.Ds.Store
{
    // Subscription patterns: '*' matches any run of characters, including
    // none; every other character matches itself. "driver.*" watches every
    // driver key, "*" everything, "tty" one key. Keys cannot contain '*'
    // (DataStoreKeys), so a pattern never matches by accident of escaping.
    // MINIX's DS takes a regular expression; a glob is enough for the uses
    // we have and cannot be made to run for long (this matcher is
    // O(pattern * key) in the worst case, both at most 31 characters).
    public static class KeyPattern
    {
        public static bool Matches(string pattern, string key)
        {
            int p = 0, k = 0;
            int star = -1, resume = 0;
            while (k < key.Length)
            {
                if (p < pattern.Length && pattern[p] == '*')
                {
                    // Let the star match nothing for now; widen it on a mismatch.
                    star = p++;
                    resume = k;
                }
                else if (p < pattern.Length && pattern[p] == key[k])
                {
                    p++;
                    k++;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    k = ++resume;
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
    }
}
