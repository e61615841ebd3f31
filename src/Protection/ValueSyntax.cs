namespace Minix3.Cosmos.Protection;

/// <summary>
/// The value forms policy arguments are written in (see README.md):
///   number    decimal "20" or hexadecimal "0x3f8" (any case), 64-bit
///   size      number with an optional binary suffix K, M or G: "4M" = 4 * 2^20
///   duration  number with a unit ms, s, m or h: "20ms", "1s"; kept in ms
///   range     "first-last" (inclusive), "first+length", or one "value"
///   pci       "vendor:device", 1..4 hex digits each: "8086:100e"
/// Each parser returns false on malformed text or on overflow of 64 bits.
/// </summary>
public static class ValueSyntax
{
    public static bool TryParseNumber(string text, out ulong value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
            return TryParseHex(text.Substring(2), 16, out value);
        if (text.Length == 0)
            return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
                return false;
            ulong digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10)
                return false;
            value = value * 10 + digit;
        }
        return true;
    }

    public static bool TryParseSize(string text, out ulong bytes)
    {
        bytes = 0;
        int shift = 0;
        if (text.Length > 1)
        {
            shift = char.ToUpperInvariant(text[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, _ => 0 };
            if (shift != 0)
                text = text.Substring(0, text.Length - 1);
        }
        if (!TryParseNumber(text, out ulong count) || count > ulong.MaxValue >> shift)
            return false;
        bytes = count << shift;
        return true;
    }

    public static bool TryParseDurationMs(string text, out ulong milliseconds)
    {
        milliseconds = 0;
        (string suffix, ulong scale)[] units = { ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000) };
        foreach (var (suffix, scale) in units)
        {
            if (text.Length > suffix.Length && text.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                if (!TryParseNumber(text.Substring(0, text.Length - suffix.Length), out ulong count) || count > ulong.MaxValue / scale)
                    return false;
                milliseconds = count * scale;
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Parses a range. The "first+length" form needs length >= 1 and must not
    /// run past 2^64; a lone value is a one-element range when
    /// <paramref name="allowSingle"/>. <paramref name="problem"/> says what is
    /// wrong for the diagnostic.
    /// </summary>
    public static bool TryParseRange(string text, bool allowSingle, out AddressRange range, out string problem)
    {
        range = default;
        problem = "";
        int dash = text.IndexOf('-');
        int plus = text.IndexOf('+');
        if (dash >= 0 && plus >= 0)
        {
            problem = "use either first-last or first+length";
            return false;
        }
        int split = dash >= 0 ? dash : plus;
        if (split < 0)
        {
            if (!allowSingle)
            {
                problem = "expected first-last or first+length";
                return false;
            }
            if (!TryParseNumber(text, out ulong single))
            {
                problem = "expected a number";
                return false;
            }
            range = new AddressRange(single, single);
            return true;
        }
        if (!TryParseNumber(text.Substring(0, split), out ulong first) || !TryParseNumber(text.Substring(split + 1), out ulong second))
        {
            problem = "expected numbers on both sides of '" + text[split] + "'";
            return false;
        }
        if (split == dash)
        {
            range = new AddressRange(first, second);
            return true;
        }
        if (second == 0)
        {
            problem = "the length must be at least 1";
            return false;
        }
        if (second - 1 > ulong.MaxValue - first)
        {
            problem = "the range runs past the end of the 64-bit space";
            return false;
        }
        range = new AddressRange(first, first + (second - 1));
        return true;
    }

    public static bool TryParsePci(string text, out PciId id)
    {
        id = default;
        int colon = text.IndexOf(':');
        if (colon < 0
            || !TryParseHex(text.Substring(0, colon), 4, out ulong vendor)
            || !TryParseHex(text.Substring(colon + 1), 4, out ulong device))
            return false;
        id = new PciId((ushort)vendor, (ushort)device);
        return true;
    }

    private static bool TryParseHex(string digits, int maxDigits, out ulong value)
    {
        value = 0;
        if (digits.Length == 0 || digits.Length > maxDigits)
            return false;
        foreach (char c in digits)
        {
            int digit = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1;
            if (digit < 0)
                return false;
            value = (value << 4) | (uint)digit;
        }
        return true;
    }
}
