using System.Text;
using Minix3.Cosmos.Commands.Common;

namespace Minix3.Cosmos.Commands.Uname
{
    // uname [-amnrsv]: the system's name (-s, the default), the node's
    // (-n), the release (-r), the version (-v) and the machine (-m); -a
    // all of them, in that order, separated by spaces (POSIX uname).
    public static class Program
    {
        public const string System = "Minix3.Cosmos";
        public const string Node = "minix3";
        // The MINIX release whose design this kit rebuilds, and what it is.
        public const string Release = "3";
        public const string Version = "microkernel, ring-3 servers and drivers, C# (NativeAOT)";
        public const string Machine = "x86_64";

        public static int Main()
        {
            CommandLine? line = Tool.Start("uname", "amnrsv", "[-amnrsv]");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 0)
                return Tool.Usage("extra operand '" + line.Operands[0] + "'", "[-amnrsv]");
            bool all = line.Has('a');
            bool any = all || line.Has('m') || line.Has('n') || line.Has('r') || line.Has('s') || line.Has('v');
            var text = new StringBuilder();
            Add(text, all || line.Has('s') || !any, System);
            Add(text, all || line.Has('n'), Node);
            Add(text, all || line.Has('r'), Release);
            Add(text, all || line.Has('v'), Version);
            Add(text, all || line.Has('m'), Machine);
            Tool.Out.Write(text.Append('\n').ToString());
            return Tool.Finish(0);
        }

        private static void Add(StringBuilder text, bool wanted, string field)
        {
            if (!wanted)
                return;
            if (text.Length > 0)
                text.Append(' ');
            text.Append(field);
        }
    }
}
