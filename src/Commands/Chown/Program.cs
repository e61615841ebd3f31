using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Chown
{
    // chown OWNER[:GROUP] FILE...: OWNER and GROUP are names from
    // /etc/passwd and /etc/group or numbers; without GROUP the group stays.
    // VFS lets only root give a file away.
    public static class Program
    {
        private const string Synopsis = "OWNER[:GROUP] FILE...";

        public static int Main()
        {
            string[] argv = Tool.Begin("chown");
            if (argv.Length < 3)
                return Tool.Finish(Tool.Usage(argv.Length < 2 ? "missing owner" : "missing file", Synopsis));
            string spec = argv[1];
            int colon = spec.IndexOf(':');
            string ownerText = colon < 0 ? spec : spec.Substring(0, colon);
            string? groupText = colon < 0 ? null : spec.Substring(colon + 1);
            List<Account> accounts = Accounts.ReadAccounts();
            List<Group> groups = Accounts.ReadGroups();
            int uid = -1, gid = -1;
            if (ownerText.Length > 0 && (uid = UserId(accounts, ownerText)) < 0)
                return Tool.Finish(Tool.Report(ownerText, "no such user"));
            if (groupText != null && groupText.Length > 0 && (gid = GroupId(groups, groupText)) < 0)
                return Tool.Finish(Tool.Report(groupText, "no such group"));
            int status = 0;
            for (int i = 2; i < argv.Length; i++)
            {
                int result = Files.Stat(argv[i], out FileStatus stat);
                if (result >= 0)
                    result = Files.ChangeOwner(argv[i], uid < 0 ? stat.Uid : uid, gid < 0 ? stat.Gid : gid);
                if (result < 0)
                    status = Tool.Report(argv[i], result);
            }
            return Tool.Finish(status);
        }

        private static int UserId(List<Account> accounts, string text)
        {
            if (Numbers.TryParse(text, AccountFiles.MaxId, out long number))
                return (int)number;
            return AccountFiles.ByName(accounts, text)?.Uid ?? -1;
        }

        private static int GroupId(List<Group> groups, string text)
        {
            if (Numbers.TryParse(text, AccountFiles.MaxId, out long number))
                return (int)number;
            foreach (Group group in groups)
            {
                if (group.Name == text)
                    return group.Gid;
            }
            return -1;
        }
    }
}
