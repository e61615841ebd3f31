using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shutdown
{
    // shutdown [-r]: PM syncs the file systems and powers the machine off
    // (or reboots it). The call returns only if that was refused.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("shutdown", "r", "[-r]");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 0)
                return Tool.Finish(Tool.Usage("too many operands", "[-r]"));
            Tool.Out.WriteLine(line.Has('r') ? "shutdown: rebooting" : "shutdown: powering off");
            Tool.Out.Flush();
            int result = Processes.Shutdown(line.Has('r'));
            return Tool.Finish(result < 0 ? Tool.ReportProcess("shutdown", result) : 0);
        }
    }
}
