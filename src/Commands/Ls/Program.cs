using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Ls
{
    // ls [-la] [path...]: for a directory its entries, for a file the path
    // as given; sorted by byte value, one per line, directories with a
    // trailing "/" (format in Common/Listing.cs); -l adds the mode, owner,
    // group and size. Names starting with '.'
    // are shown only with -a. With several operands, files come first,
    // then each directory under a "path:" heading.
    public static class Program
    {
        private const string Synopsis = "[-la] [path...]";

        public static int Main()
        {
            CommandLine? line = Tool.Start("ls", "la", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            bool longFormat = line.Has('l');
            bool all = line.Has('a');
            List<string> operands = line.Operands;
            if (operands.Count == 0)
                operands.Add(".");

            int status = 0;
            var files = new List<ListedEntry>();
            var directories = new List<string>();
            foreach (string path in operands)
            {
                int result = Files.Stat(path, out FileStatus stat);
                if (result < 0)
                    status = Tool.Report(path, result);
                else if (stat.Kind == FileKind.Directory)
                    directories.Add(path);
                else
                    files.Add(Entry(path, stat));
            }

            Listing.Sort(files);
            foreach (ListedEntry file in files)
                Tool.Out.WriteLine(Listing.Format(file, longFormat));
            directories.Sort(string.CompareOrdinal);
            bool headings = operands.Count > 1;
            for (int i = 0; i < directories.Count; i++)
            {
                if (headings)
                    Tool.Out.Write((i > 0 || files.Count > 0 ? "\n" : "") + directories[i] + ":\n");
                if (!ListDirectory(directories[i], longFormat, all))
                    status = 1;
            }
            return Tool.Finish(status);
        }

        private static List<Lib.Posix.Users.Account>? s_accounts;
        private static List<Lib.Posix.Users.Group>? s_groups;

        private static ListedEntry Entry(string name, FileStatus stat)
        {
            s_accounts ??= Accounts.ReadAccounts();
            s_groups ??= Accounts.ReadGroups();
            return new ListedEntry(name, Tool.KindOf(stat.Kind), stat.Size, stat.Mode,
                Accounts.UserName(s_accounts, stat.Uid), Accounts.GroupName(s_groups, stat.Gid));
        }

        private static bool ListDirectory(string path, bool longFormat, bool all)
        {
            int fd = Files.Open(path, OpenFlags.Read | OpenFlags.Directory);
            if (fd < 0)
            {
                Tool.Report(path, fd);
                return false;
            }
            var entries = new List<ListedEntry>();
            int result;
            while ((result = Files.ReadDirectory(fd, out DirectoryEntry entry)) > 0)
            {
                if (entry.Name == null || entry.Name.Length == 0 || (!all && entry.Name[0] == '.'))
                    continue;
                // -l: the owner and mode are the path's (a stat each).
                if (longFormat && Files.Stat(Messages.Join(path, entry.Name), out FileStatus stat) >= 0)
                    entries.Add(Entry(entry.Name, stat));
                else
                    entries.Add(new ListedEntry(entry.Name, entry.IsDirectory ? ListedKind.Directory : ListedKind.File, entry.Size));
            }
            Files.Close(fd);
            Listing.Sort(entries);
            foreach (ListedEntry entry in entries)
                Tool.Out.WriteLine(Listing.Format(entry, longFormat));
            if (result < 0)
            {
                Tool.Report(path, result);
                return false;
            }
            return true;
        }
    }
}
