using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Sync
{
    // sync: asks VFS to have every file system write its cached blocks.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("sync", "", "");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 0)
                return Tool.Finish(Tool.Usage("too many operands", ""));
            int result = Files.Sync();
            return Tool.Finish(result < 0 ? Tool.Report("sync", result) : 0);
        }
    }
}
