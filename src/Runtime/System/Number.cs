namespace System
{
    // Integer formatting for the primitives' ToString. Supported formats:
    //   null or ""  decimal
    //   "D" / "Dn"  decimal, zero-padded to n digits
    //   "X" / "Xn"  upper-case hex, zero-padded to n digits ("x" for lower case)
    // Negative values in hex are shown in the type's own width (mask), as the
    // BCL does: ((sbyte)-1).ToString("X") is "FF".
    internal static unsafe class Number
    {
        private const int MaxDigits = 64;

        internal static string FormatSigned(long value, string? format, ulong mask)
        {
            char kind = ParseFormat(format, out int width);
            if (kind == 'D')
            {
                bool negative = value < 0;
                ulong magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
                return Decimal(magnitude, negative, width);
            }
            return Hex((ulong)value & mask, width, kind == 'x');
        }

        internal static string FormatUnsigned(ulong value, string? format)
        {
            char kind = ParseFormat(format, out int width);
            if (kind == 'D')
                return Decimal(value, false, width);
            return Hex(value, width, kind == 'x');
        }

        // Returns 'D', 'X' or 'x'; width is the requested minimum digit count.
        private static char ParseFormat(string? format, out int width)
        {
            width = 0;
            if (format == null || format.Length == 0)
                return 'D';
            char kind = format[0];
            if (kind == 'd')
                kind = 'D';
            if (kind != 'D' && kind != 'X' && kind != 'x')
                throw new FormatException("Unsupported integer format string.");
            for (int i = 1; i < format.Length; i++)
            {
                char c = format[i];
                if (c < '0' || c > '9' || width > MaxDigits)
                    throw new FormatException("Bad width in integer format string.");
                width = width * 10 + (c - '0');
            }
            if (width > MaxDigits)
                throw new FormatException("Integer format width is too large.");
            return kind;
        }

        private static string Decimal(ulong magnitude, bool negative, int width)
        {
            char* buffer = stackalloc char[MaxDigits + 1];
            int pos = MaxDigits + 1;
            do
            {
                buffer[--pos] = (char)('0' + (int)(magnitude % 10));
                magnitude /= 10;
            } while (magnitude != 0);
            while (MaxDigits + 1 - pos < width)
                buffer[--pos] = '0';
            if (negative)
                buffer[--pos] = '-';
            return new string(buffer, pos, MaxDigits + 1 - pos);
        }

        private static string Hex(ulong value, int width, bool lowerCase)
        {
            char* buffer = stackalloc char[MaxDigits];
            int pos = MaxDigits;
            char letterBase = lowerCase ? 'a' : 'A';
            do
            {
                int digit = (int)(value & 0xF);
                buffer[--pos] = digit < 10 ? (char)('0' + digit) : (char)(letterBase + digit - 10);
                value >>= 4;
            } while (value != 0);
            while (MaxDigits - pos < width)
                buffer[--pos] = '0';
            return new string(buffer, pos, MaxDigits - pos);
        }
    }
}
