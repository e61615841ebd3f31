namespace Minix3.Cosmos.Commands.Common;

// The counts head and tail take: "-n N" / "-c N" (lines or bytes), tail's
// "+N" (from the Nth on, counted from 1), and the old forms "-N" and
// "+N" as the first operand ("head -5", "tail +3").
public readonly struct LineCount
{
    public LineCount(long count, bool fromStart, bool bytes)
    {
        Count = count;
        FromStart = fromStart;
        Bytes = bytes;
    }

    public long Count { get; }
    // tail only: "+N", start at the Nth line (byte) instead of the last N.
    public bool FromStart { get; }
    public bool Bytes { get; }

    public const long Max = long.MaxValue / 2;

    // A count operand: digits, with "+" allowed (and meaning FromStart)
    // when plusAllowed; "-N" is the same as "N" for tail.
    public static bool TryParse(string text, bool plusAllowed, bool bytes, out LineCount count)
    {
        count = default;
        bool fromStart = false;
        string digits = text;
        if (digits.Length > 0 && (digits[0] == '+' || digits[0] == '-') && plusAllowed)
        {
            fromStart = digits[0] == '+';
            digits = digits.Substring(1);
        }
        if (!Numbers.TryParse(digits, Max, out long value))
            return false;
        count = new LineCount(value, fromStart, bytes);
        return true;
    }

    // argv with an old form "-5" or "+5" rewritten as "-n 5" / "-n +5",
    // so the option parser sees only standard syntax.
    public static string[] Modernize(string[] argv, bool plusAllowed)
    {
        if (argv.Length < 2 || argv[1].Length < 2)
            return argv;
        string first = argv[1];
        bool old = (first[0] == '-' || (plusAllowed && first[0] == '+')) && AllDigits(first, 1);
        if (!old)
            return argv;
        var result = new string[argv.Length + 1];
        result[0] = argv[0];
        result[1] = "-n";
        result[2] = first[0] == '+' ? first : first.Substring(1);
        for (int i = 2; i < argv.Length; i++)
            result[i + 1] = argv[i];
        return result;
    }

    private static bool AllDigits(string text, int from)
    {
        for (int i = from; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
                return false;
        }
        return from < text.Length;
    }
}
