using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Rm
{
    // rm [-rf] path...: unlinks files; a directory needs -r, and then
    // everything in it goes first (depth first), then the directory. -f:
    // a path that does not exist is no error. "." and ".." are refused, as
    // POSIX requires.
    public static class Program
    {
        private const string Synopsis = "[-rf] path...";
        private const int MaxDepth = 64;

        public static int Main()
        {
            CommandLine? line = Tool.Start("rm", "rf", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count == 0 && !line.Has('f'))
                return Tool.Usage("missing operand", Synopsis);
            int status = 0;
            foreach (string path in line.Operands)
            {
                string last = Messages.BaseName(path);
                if (last == "." || last == "..")
                {
                    status = Tool.Report(path, "refusing to remove '.' or '..'");
                    continue;
                }
                int result = Files.Stat(path, out FileStatus stat);
                if (result < 0)
                {
                    if (!line.Has('f'))
                        status = Tool.Report(path, result);
                    continue;
                }
                if (stat.Kind == FileKind.Directory && !line.Has('r'))
                    status = Tool.Report(path, "is a directory");
                else if (!Remove(path, stat.Kind == FileKind.Directory, 0))
                    status = 1;
            }
            return Tool.Finish(status);
        }

        private static bool Remove(string path, bool directory, int depth)
        {
            if (!directory)
            {
                int unlinked = Files.Unlink(path);
                if (unlinked < 0)
                    Tool.Report(path, unlinked);
                return unlinked >= 0;
            }
            if (depth >= MaxDepth)
            {
                Tool.Report(path, "directories nested too deeply");
                return false;
            }
            // Read the whole directory before changing it: removing entries
            // while reading would move the reading position under us.
            int fd = Files.Open(path, OpenFlags.Read | OpenFlags.Directory);
            if (fd < 0)
            {
                Tool.Report(path, fd);
                return false;
            }
            var names = new List<string>();
            var directories = new List<bool>();
            int result;
            while ((result = Files.ReadDirectory(fd, out DirectoryEntry entry)) > 0)
            {
                if (entry.Name == null || entry.Name == "." || entry.Name == ".." || entry.Name.Length == 0)
                    continue;
                names.Add(entry.Name);
                directories.Add(entry.IsDirectory);
            }
            Files.Close(fd);
            if (result < 0)
            {
                Tool.Report(path, result);
                return false;
            }
            bool ok = true;
            for (int i = 0; i < names.Count; i++)
                ok &= Remove(Messages.Join(path, names[i]), directories[i], depth + 1);
            if (!ok)
                return false;
            int removed = Files.RemoveDirectory(path);
            if (removed < 0)
                Tool.Report(path, removed);
            return removed >= 0;
        }
    }
}
