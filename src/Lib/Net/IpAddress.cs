using System;
using System.Text;

namespace Minix3.Cosmos.Lib.Net
{
    // IPv4 addresses are uints in host order (10.0.2.15 is 0x0A00020F).
    public static class IpAddress
    {
        public const uint Any = 0;
        public const uint Broadcast = 0xFFFFFFFF;
        public const uint Loopback = 0x7F000001;

        public static uint Make(int a, int b, int c, int d) =>
            ((uint)(byte)a << 24) | ((uint)(byte)b << 16) | ((uint)(byte)c << 8) | (byte)d;

        public static bool IsLoopback(uint a) => (a >> 24) == 127;

        public static bool IsMulticast(uint a) => (a >> 28) == 0xE;

        public static uint MaskOf(int prefix) =>
            prefix <= 0 ? 0 : prefix >= 32 ? 0xFFFFFFFF : ~(0xFFFFFFFFu >> prefix);

        public static int PrefixOf(uint mask)
        {
            int n = 0;
            while (n < 32 && (mask & (0x80000000u >> n)) != 0)
                n++;
            return n;
        }

        public static string Format(uint a)
        {
            var sb = new StringBuilder();
            for (int i = 3; i >= 0; i--)
            {
                sb.Append(NumberText.Decimal((int)((a >> (i * 8)) & 0xFF)));
                if (i != 0)
                    sb.Append('.');
            }
            return sb.ToString();
        }

        // Dotted quad, exactly four decimal parts of 0..255.
        public static bool TryParse(ReadOnlySpan<char> s, out uint address)
        {
            address = 0;
            int part = 0, digits = 0, value = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || s[i] == '.')
                {
                    if (digits == 0 || part > 3)
                        return false;
                    address = (address << 8) | (uint)value;
                    part++;
                    digits = 0;
                    value = 0;
                    continue;
                }
                char c = s[i];
                if (c < '0' || c > '9' || digits == 3)
                    return false;
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255)
                    return false;
            }
            return part == 4;
        }
    }

    public static class NumberText
    {
        public static string Decimal(long v)
        {
            if (v == 0)
                return "0";
            var buf = new char[20];
            int i = buf.Length;
            bool negative = v < 0;
            ulong u = negative ? (ulong)(-v) : (ulong)v;
            while (u != 0)
            {
                buf[--i] = (char)('0' + (int)(u % 10));
                u /= 10;
            }
            if (negative)
                buf[--i] = '-';
            return new string(buf, i, buf.Length - i);
        }

        public static bool TryParse(ReadOnlySpan<char> s, out int value)
        {
            value = 0;
            if (s.Length == 0 || s.Length > 9)
                return false;
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < '0' || s[i] > '9')
                    return false;
                value = value * 10 + (s[i] - '0');
            }
            return true;
        }
    }
}
