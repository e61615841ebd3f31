using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Sleep
{
    // sleep seconds: waits that long ("0.5" too, up to a day) on an alarm.
    public static class Program
    {
        private const string Synopsis = "seconds";

        public static int Main()
        {
            CommandLine? line = Tool.Start("sleep", "", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count != 1)
                return Tool.Finish(Tool.Usage(line.Operands.Count == 0 ? "missing operand" : "too many operands", Synopsis));
            if (!Numbers.TryParseSeconds(line.Operands[0], out long milliseconds))
                return Tool.Finish(Tool.Usage("invalid time interval '" + line.Operands[0] + "'", Synopsis));
            int result = Processes.Sleep(milliseconds);
            return Tool.Finish(result < 0 ? Tool.ReportProcess("sleep", result) : 0);
        }
    }
}
