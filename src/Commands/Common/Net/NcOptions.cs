using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Net;

// nc's command line: [-u] [-l] [-p PORT] [-w SECONDS] [--echo] [HOST] PORT.
// Not CommandLine's syntax: "--echo" is a long option.
//   nc HOST PORT           connect (TCP; -u UDP); -p the local port
//   nc -l -p PORT          listen (or nc -l PORT, nc -l HOST PORT to bind
//                          one address)
public sealed class NcOptions
{
    public const string Synopsis = "[-u] [-l] [-p PORT] [-w SECONDS] [--echo] [HOST] PORT";

    public bool Udp;
    public bool Listen;
    public bool Echo;
    public int LocalPort;      // -p (0: none)
    public int WaitSeconds;    // -w (0: none)
    public string Host = "";   // connect: the peer; listen: the address to bind ("" any)
    public int Port;           // connect: the peer's port; listen: the port to bind

    public string? Error;

    public static NcOptions Parse(string[] argv)
    {
        var options = new NcOptions();
        var operands = new List<string>();
        int i = 1;
        for (; i < argv.Length; i++)
        {
            string word = argv[i];
            if (word == "--")
            {
                i++;
                break;
            }
            if (word == "--echo")
            {
                options.Echo = true;
                continue;
            }
            if (word.Length < 2 || word[0] != '-')
            {
                operands.Add(word);
                continue;
            }
            for (int k = 1; k < word.Length; k++)
            {
                char option = word[k];
                if (option == 'u')
                {
                    options.Udp = true;
                    continue;
                }
                if (option == 'l')
                {
                    options.Listen = true;
                    continue;
                }
                if (option != 'p' && option != 'w')
                    return options.Fail("invalid option -- '" + option.ToString() + "'");
                string? value = k + 1 < word.Length ? word.Substring(k + 1) : i + 1 < argv.Length ? argv[++i] : null;
                if (value == null)
                    return options.Fail("option requires an argument -- '" + option.ToString() + "'");
                if (option == 'p' && !TryPort(value, out options.LocalPort))
                    return options.Fail("invalid port '" + value + "'");
                if (option == 'w')
                {
                    if (!Numbers.TryParse(value, 86400, out long seconds) || seconds < 1)
                        return options.Fail("invalid wait '" + value + "'");
                    options.WaitSeconds = (int)seconds;
                }
                break;
            }
        }
        for (; i < argv.Length; i++)
            operands.Add(argv[i]);
        return options.Place(operands);
    }

    private NcOptions Place(List<string> operands)
    {
        if (Echo && !Listen)
            return Fail("--echo needs -l");
        if (operands.Count > 2)
            return Fail("too many operands");
        if (Listen)
        {
            if (operands.Count == 0)
            {
                if (LocalPort == 0)
                    return Fail("missing port");
                Port = LocalPort;
                return this;
            }
            if (LocalPort != 0)
                return Fail("a port twice (-p and an operand)");
            if (operands.Count == 2)
                Host = operands[0];
            string portText = operands[operands.Count - 1];
            return TryPort(portText, out Port) ? this : Fail("invalid port '" + portText + "'");
        }
        if (operands.Count < 2)
            return Fail(operands.Count == 0 ? "missing host" : "missing port");
        Host = operands[0];
        return TryPort(operands[1], out Port) ? this : Fail("invalid port '" + operands[1] + "'");
    }

    public static bool TryPort(string text, out int port)
    {
        port = 0;
        if (!Numbers.TryParse(text, 65535, out long value) || value < 1)
            return false;
        port = (int)value;
        return true;
    }

    private NcOptions Fail(string problem)
    {
        Error ??= problem;
        return this;
    }
}
