using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Mv
{
    // mv source target: one Rename through VFS. A target that is a
    // directory gets the source's name inside it; an existing file (or
    // empty directory) there is replaced, as rename(2) does.
    public static class Program
    {
        public static int Main()
        {
            if (!SourceAndTarget.Parse("mv", out string source, out string target, out int usage))
                return usage;
            int result = Files.Rename(source, target);
            return Tool.Finish(result < 0 ? Tool.Report(source, result) : 0);
        }
    }
}
