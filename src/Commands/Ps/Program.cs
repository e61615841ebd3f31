using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Ps
{
    // ps: one line per process PM knows (servers and drivers too): NAME
    // PID ENDPOINT STATE MEMORY(KiB), under a header (Common/ProcessTable.cs).
    public static class Program
    {
        private const int Capacity = 256;

        public static int Main()
        {
            CommandLine? line = Tool.Start("ps", "", "");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 0)
                return Tool.Usage("too many operands", "");
            var entries = new ProcessEntry[Capacity];
            int count = Processes.ListProcesses(entries);
            if (count < 0)
                return Tool.Finish(Tool.ReportProcess("process table", count));
            count = Math.Min(count, Capacity);
            Tool.Out.WriteLine(ProcessTable.Header());
            for (int i = 0; i < count; i++)
            {
                ProcessEntry entry = entries[i];
                Tool.Out.WriteLine(ProcessTable.Line(entry.Name ?? "", entry.Pid, entry.Endpoint, entry.State ?? "", entry.MemoryBytes));
            }
            return Tool.Finish(0);
        }
    }
}
