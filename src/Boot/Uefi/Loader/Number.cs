namespace Minix3.Cosmos.Boot.Uefi
{
    // Number formatting for messages and the synthesized module lines, in the
    // exact forms those lines promise (0x<lower-case hex>, plain decimal).
    internal static class Number
    {
        internal static string Hex(ulong value)
        {
            var digits = new char[16];
            int count = 0;
            do
            {
                int digit = (int)(value & 0xF);
                digits[15 - count++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
                value >>= 4;
            }
            while (value != 0);
            return "0x" + new string(digits, 16 - count, count);
        }

        internal static string Decimal(ulong value)
        {
            var digits = new char[20];
            int count = 0;
            do
            {
                digits[19 - count++] = (char)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value != 0);
            return new string(digits, 20 - count, count);
        }
    }
}
