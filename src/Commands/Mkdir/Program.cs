using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Mkdir
{
    // mkdir [-p] directory...: one MakeDirectory each. With -p the missing
    // parents are made first, left to right, and a directory that already
    // exists is fine.
    public static class Program
    {
        private const string Synopsis = "[-p] directory...";

        public static int Main()
        {
            CommandLine? line = Tool.Start("mkdir", "p", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count == 0)
                return Tool.Usage("missing operand", Synopsis);
            int status = 0;
            foreach (string path in line.Operands)
            {
                if (!(line.Has('p') ? MakeWithParents(path) : Make(path, false)))
                    status = 1;
            }
            return Tool.Finish(status);
        }

        // Every prefix that ends before a '/' (skipping the root and
        // doubled slashes), then the whole path.
        private static bool MakeWithParents(string path)
        {
            for (int i = 1; i < path.Length; i++)
            {
                if (path[i] == '/' && path[i - 1] != '/' && !Make(path.Substring(0, i), true))
                    return false;
            }
            return Make(path, true);
        }

        private static bool Make(string path, bool existingIsFine)
        {
            int result = Files.MakeDirectory(path);
            if (result >= 0)
                return true;
            if (existingIsFine && Files.Stat(path, out FileStatus stat) >= 0 && stat.Kind == FileKind.Directory)
                return true;
            Tool.Report(path, result);
            return false;
        }
    }
}
