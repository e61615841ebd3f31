using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Date
{
    // date [-u] [+format]: the date and time as the guest's clock says,
    // in UTC (-u changes nothing: there are no time zones), in the POSIX
    // default format or a strftime-style one (Common/Calendar). The clock
    // is the kernel's time since boot; no driver reads the battery-backed
    // real-time clock yet, so the count starts at the epoch, 1970-01-01
    // 00:00:00 UTC, when the system boots ("date +%s" is the uptime in
    // seconds).
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("date", "u", "[-u] [+format]");
            if (line == null)
                return Tool.UsageStatus;
            string format = Calendar.DefaultFormat;
            if (line.Operands.Count > 1 || (line.Operands.Count == 1 && (line.Operands[0].Length == 0 || line.Operands[0][0] != '+')))
                return Tool.Usage("setting the clock is not supported; a format starts with +", "[-u] [+format]");
            if (line.Operands.Count == 1)
                format = line.Operands[0].Substring(1);
            long seconds = Processes.Uptime() / 1000;
            Tool.Out.Write(new Calendar(seconds).Format(format) + "\n");
            return Tool.Finish(0);
        }
    }
}
