using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common;

// argv split into single-letter options and operands, POSIX utility
// syntax: options come first, may be grouped (-rf), "--" ends them and a
// lone "-" is an operand (standard input, for cat and cksum). An option
// that takes an argument (head's n in "-n 5" or "-n5") gets the rest of
// its word, or the next word; given twice, the last one counts.
public sealed class CommandLine
{
    private readonly bool[] _set = new bool[128];
    private readonly string?[] _values = new string?[128];

    private CommandLine(string name) { Name = name; }

    // The program's name for messages: argv[0] without its directory.
    public string Name { get; }

    public List<string> Operands { get; } = new List<string>();

    // Why the options are unusable ("invalid option -- 'x'"), or null.
    public string? Error { get; private set; }

    public bool Has(char option) => option < 128 && _set[option];

    // The argument of an option that takes one, or null when not given.
    public string? Value(char option) => option < 128 ? _values[option] : null;

    // allowed: the option letters the command knows, e.g. "lr";
    // withArgument: those of them that take an argument, e.g. "nc".
    public static CommandLine Parse(string[] argv, string fallbackName, string allowed, string withArgument = "")
    {
        var line = new CommandLine(ProgramName(argv, fallbackName));
        int i = 1;
        for (; i < argv.Length; i++)
        {
            string word = argv[i];
            if (word == "--")
            {
                i++;
                break;
            }
            if (word.Length < 2 || word[0] != '-')
                break;
            for (int k = 1; k < word.Length; k++)
            {
                char option = word[k];
                if (option >= 128 || (allowed.IndexOf(option) < 0 && withArgument.IndexOf(option) < 0))
                {
                    line.Error ??= "invalid option -- '" + option.ToString() + "'";
                    continue;
                }
                line._set[option] = true;
                if (withArgument.IndexOf(option) < 0)
                    continue;
                if (k + 1 < word.Length)
                {
                    line._values[option] = word.Substring(k + 1);
                }
                else if (i + 1 < argv.Length)
                {
                    line._values[option] = argv[++i];
                }
                else
                {
                    line.Error ??= "option requires an argument -- '" + option.ToString() + "'";
                    line._set[option] = false;
                }
                break;
            }
        }
        for (; i < argv.Length; i++)
            line.Operands.Add(argv[i]);
        return line;
    }

    public static string ProgramName(string[] argv, string fallback)
    {
        if (argv.Length == 0 || argv[0].Length == 0)
            return fallback;
        string path = argv[0];
        int slash = -1;
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '/')
                slash = i;
        }
        return slash == path.Length - 1 ? fallback : path.Substring(slash + 1);
    }
}
