namespace Minix3.Cosmos.Commands.Common;

// kill's signal operand: "-9", "-KILL", "-SIGKILL" (any case). The numbers
// are the usual POSIX ones, the same as Lib/Posix's Signal class; this
// list stays free of the user library so the host tests can compile it.
public static class SignalNames
{
    public const int Highest = 31;
    public const int Terminate = 15;

    private static readonly string[] s_names =
    {
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
        "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };

    // text without the leading '-'. 0 is allowed (it tests that the
    // process exists); false for anything unknown.
    public static bool TryParse(string text, out int signal)
    {
        signal = 0;
        if (Numbers.TryParse(text, Highest, out long number))
        {
            signal = (int)number;
            return true;
        }
        string name = Upper(text);
        if (name.StartsWith("SIG"))
            name = name.Substring(3);
        for (int i = 1; i < s_names.Length; i++)
        {
            if (s_names[i] == name)
            {
                signal = i;
                return true;
            }
        }
        return false;
    }

    public static string Name(int signal) => signal > 0 && signal < s_names.Length ? s_names[signal] : signal.ToString();

    private static string Upper(string text)
    {
        var chars = new char[text.Length];
        for (int i = 0; i < text.Length; i++)
            chars[i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 32) : text[i];
        return new string(chars);
    }
}
