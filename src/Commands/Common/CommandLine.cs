using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common;

// argv split into single-letter options and operands, POSIX utility
// syntax: options come first, may be grouped (-rf), "--" ends them and a
// lone "-" is an operand (standard input, for cat and cksum).
public sealed class CommandLine
{
    private readonly bool[] _set = new bool[128];

    private CommandLine(string name) { Name = name; }

    // The program's name for messages: argv[0] without its directory.
    public string Name { get; }

    public List<string> Operands { get; } = new List<string>();

    // Why the options are unusable ("invalid option -- 'x'"), or null.
    public string? Error { get; private set; }

    public bool Has(char option) => option < 128 && _set[option];

    // allowed: the option letters the command knows, e.g. "lr".
    public static CommandLine Parse(string[] argv, string fallbackName, string allowed)
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
                if (allowed.IndexOf(option) < 0 || option >= 128)
                {
                    line.Error ??= "invalid option -- '" + option.ToString() + "'";
                    continue;
                }
                line._set[option] = true;
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
