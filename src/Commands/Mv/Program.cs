using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Mv
{
    // mv source target: one Rename through VFS. A target that is a
    // directory gets the source's name inside it; an existing file (or
    // empty directory) there is replaced, as rename(2) does.
    public static class Program
    {
        private const string Synopsis = "source target";

        public static int Main()
        {
            CommandLine? line = Tool.Start("mv", "", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count != 2)
                return Tool.Usage(line.Operands.Count < 2 ? "missing operand" : "too many operands", Synopsis);
            string source = line.Operands[0];
            string target = line.Operands[1];
            if (Files.Stat(target, out FileStatus stat) >= 0 && stat.Kind == FileKind.Directory)
                target = Messages.Join(target, Messages.BaseName(source));
            int result = Files.Rename(source, target);
            return Tool.Finish(result < 0 ? Tool.Report(source, result) : 0);
        }
    }
}
