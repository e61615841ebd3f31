using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Kill
{
    // kill [-SIGNAL|-N] pid...: sends the signal (TERM if none is named) to
    // each pid through PM. Signals are names with or without SIG, in any
    // case, or numbers (Common/SignalNames.cs). Only positive pids (a
    // group's members: the user library's Signals.KillGroup).
    public static class Program
    {
        private const string Synopsis = "[-SIGNAL|-N] pid...";

        public static int Main()
        {
            // Not Tool.Start's option parsing: "-9" and "-KILL" are not
            // option letters.
            string[] argv = Tool.Begin("kill");
            int first = 1;
            int signal = SignalNames.Terminate;
            if (argv.Length > 1 && argv[1].Length > 1 && argv[1][0] == '-' && argv[1] != "--")
            {
                if (!SignalNames.TryParse(argv[1].Substring(1), out signal))
                    return Tool.Finish(Tool.Usage("unknown signal " + argv[1].Substring(1), Synopsis));
                first = 2;
            }
            if (first < argv.Length && argv[first] == "--")
                first++;
            if (first >= argv.Length)
                return Tool.Finish(Tool.Usage("missing pid", Synopsis));

            int status = 0;
            for (int i = first; i < argv.Length; i++)
            {
                if (!Numbers.TryParse(argv[i], int.MaxValue, out long pid) || pid == 0)
                {
                    status = Tool.Report(argv[i], "not a process id");
                    continue;
                }
                int result = Processes.Kill((int)pid, signal);
                if (result < 0)
                    status = Tool.ReportProcess(argv[i], result);
            }
            return Tool.Finish(status);
        }
    }
}
