using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Time
{
    // time [-p] command [argument...]: runs the command (a bare name from
    // /bin, else the boot image, as exec finds it), waits for it, and
    // writes "real S.mmm" to standard error: the seconds it took by the
    // guest's clock (Processes.Uptime: the timer's tick is the resolution;
    // under QEMU -icount it counts guest instructions, so timings repeat
    // and do not depend on how busy the host is). -p (POSIX's portable
    // format) changes nothing. user and sys are not reported: PM keeps no
    // CPU times of ended processes. The exit status is the command's; 127
    // when it cannot be found, 126 when it cannot be run.
    public static class Program
    {
        private const string Synopsis = "[-p] command [argument...]";

        public static int Main()
        {
            string[] argv = Tool.Begin("time");
            int first = 1;
            if (first < argv.Length && (argv[first] == "-p" || argv[first] == "--"))
                first++;
            if (first >= argv.Length)
                return Tool.Finish(Tool.Usage("missing command", Synopsis));
            var command = new string[argv.Length - first];
            for (int i = 0; i < command.Length; i++)
                command[i] = argv[first + i];

            long start = Processes.Uptime();
            int child = Processes.Fork();
            if (child < 0)
                return Tool.Finish(Tool.ReportProcess("fork", child));
            if (child == 0)
            {
                int error = Processes.Exec(command[0], command, Processes.Environment());
                Tool.ReportProcess(command[0], error);
                Processes.Exit(error == PmStatus.NotFound ? 127 : 126);
            }
            int waited = Processes.Wait(child, out int status);
            long elapsed = Processes.Uptime() - start;
            Tool.Err.Write(string.Concat("real ", Seconds(elapsed), "\n"));
            return Tool.Finish(waited < 0 ? Tool.ReportProcess("wait", waited) : status);
        }

        // Milliseconds as seconds with three decimals: 1234 -> "1.234".
        private static string Seconds(long milliseconds)
        {
            long fraction = milliseconds % 1000;
            string digits = fraction.ToString();
            return string.Concat((milliseconds / 1000).ToString(), ".", fraction < 10 ? "00" : fraction < 100 ? "0" : "", digits);
        }
    }
}
