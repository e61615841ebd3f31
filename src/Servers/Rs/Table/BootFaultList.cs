using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Rs.Table
{
    // How a component armed at boot fails (BootFaults): the first instance
    // panics when its first request arrives (the request is lost with it),
    // or every instance RS starts panics at once, until someone starts it
    // by request (`service up`, `restart`, `refresh`).
    public enum BootFault
    {
        FirstRequest = 1,
        EveryStart = 2,
    }

    // The text of the boot module "faults": one "LABEL FAULT" per line,
    // FAULT being first-request or every-start; '#' starts a comment,
    // blank lines are skipped. A malformed line, an unknown fault or a
    // label named twice is reported (with its line number) and skipped;
    // the rest stands. Hardware-free: unit-tested on the host.
    public static class BootFaultList
    {
        public const int MaxLabel = 26; // "down." + label fits a DS key (31)

        public static Dictionary<string, BootFault> Parse(string text, List<string> problems)
        {
            var faults = new Dictionary<string, BootFault>();
            int number = 0;
            for (int start = 0; start <= text.Length; )
            {
                int end = text.IndexOf('\n', start);
                if (end < 0)
                    end = text.Length;
                string line = text.Substring(start, end - start);
                start = end + 1;
                number++;
                int comment = line.IndexOf('#');
                if (comment >= 0)
                    line = line.Substring(0, comment);
                string[] words = Words(line);
                if (words.Length == 0)
                    continue;
                string where = string.Concat("line ", number.ToString(), ": ");
                if (words.Length != 2)
                {
                    problems.Add(string.Concat(where, "expected LABEL FAULT"));
                    continue;
                }
                string label = words[0];
                if (label.Length > MaxLabel)
                {
                    problems.Add(string.Concat(where, "label ", label, " is too long"));
                    continue;
                }
                BootFault fault;
                if (words[1] == "first-request")
                    fault = BootFault.FirstRequest;
                else if (words[1] == "every-start")
                    fault = BootFault.EveryStart;
                else
                {
                    problems.Add(string.Concat(where, "unknown fault ", words[1], " (first-request or every-start)"));
                    continue;
                }
                if (faults.ContainsKey(label))
                {
                    problems.Add(string.Concat(where, label, " has a fault already"));
                    continue;
                }
                faults.Add(label, fault);
            }
            return faults;
        }

        public static string Name(BootFault fault) => fault == BootFault.FirstRequest ? "first-request" : "every-start";

        // Words separated by spaces, tabs or a carriage return.
        private static string[] Words(string line)
        {
            var words = new List<string>();
            int start = -1;
            for (int i = 0; i <= line.Length; i++)
            {
                bool blank = i == line.Length || line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
                if (!blank && start < 0)
                    start = i;
                else if (blank && start >= 0)
                {
                    words.Add(line.Substring(start, i - start));
                    start = -1;
                }
            }
            return words.ToArray();
        }
    }
}
