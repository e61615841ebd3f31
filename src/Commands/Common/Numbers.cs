namespace Minix3.Cosmos.Commands.Common;

// Parsing of the numbers commands take (pids, signals, seconds) and the
// padding of table columns; the corelib has neither int.Parse nor PadLeft.
public static class Numbers
{
    // A non-negative decimal integer, at most max. No sign, no spaces.
    public static bool TryParse(string text, long max, out long value)
    {
        value = 0;
        if (text.Length == 0)
            return false;
        foreach (char c in text)
        {
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + (c - '0');
            if (value > max)
                return false;
        }
        return true;
    }

    // "2", "0.5", "1.25" seconds as milliseconds (digits past the third
    // decimal are ignored); at most a day, so the product cannot overflow.
    public static bool TryParseSeconds(string text, out long milliseconds)
    {
        milliseconds = 0;
        int dot = text.IndexOf('.');
        string whole = dot < 0 ? text : text.Substring(0, dot);
        string fraction = dot < 0 ? "" : text.Substring(dot + 1);
        if (whole.Length == 0 && fraction.Length == 0)
            return false;
        long seconds = 0;
        if (whole.Length > 0 && !TryParse(whole, 86400, out seconds))
            return false;
        long thousandths = 0;
        int scale = 100;
        foreach (char c in fraction)
        {
            if (c < '0' || c > '9')
                return false;
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
        milliseconds = seconds * 1000 + thousandths;
        return milliseconds <= 86400L * 1000;
    }

    public static string PadLeft(string text, int width) => text.Length >= width ? text : new string(' ', width - text.Length) + text;

    public static string PadRight(string text, int width) => text.Length >= width ? text : text + new string(' ', width - text.Length);
}
