namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // The plan's numbers (decimal counts, hex addresses and bytes without
    // 0x) and the one-word texts of the result lines.
    public static class Text
    {
        public static bool Decimal(string word, out long value)
        {
            value = 0;
            if (word.Length == 0 || word.Length > 18)
                return false;
            for (int i = 0; i < word.Length; i++)
            {
                if (word[i] < '0' || word[i] > '9')
                    return false;
                value = value * 10 + (word[i] - '0');
            }
            return true;
        }

        public static bool Hex(string word, out ulong value)
        {
            value = 0;
            if (word.Length == 0 || word.Length > 16)
                return false;
            for (int i = 0; i < word.Length; i++)
            {
                int digit = Digit(word[i]);
                if (digit < 0)
                    return false;
                value = (value << 4) | (uint)digit;
            }
            return true;
        }

        // "0f0b" -> { 0x0F, 0x0B }; null for an odd length or a non-digit.
        public static byte[]? HexBytes(string word)
        {
            if (word.Length == 0 || word.Length % 2 != 0)
                return null;
            var bytes = new byte[word.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int high = Digit(word[2 * i]), low = Digit(word[2 * i + 1]);
                if (high < 0 || low < 0)
                    return null;
                bytes[i] = (byte)((high << 4) | low);
            }
            return bytes;
        }

        public static string HexOf(System.ReadOnlySpan<byte> bytes)
        {
            const string digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[2 * i + 1] = digits[bytes[i] & 0xF];
            }
            return new string(chars);
        }

        // A result line's word: spaces would split it, so they become '_'.
        public static string Word(string text)
        {
            var chars = new char[text.Length];
            for (int i = 0; i < text.Length; i++)
                chars[i] = text[i] == ' ' || text[i] < 0x21 || text[i] > 0x7E ? '_' : text[i];
            return new string(chars);
        }

        private static int Digit(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
