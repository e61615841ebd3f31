using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Id
{
    // id [USER]: this process's real and effective ids with their names
    // (Common/Users/IdText.cs), or USER's from /etc/passwd and /etc/group.
    public static class Program
    {
        public static int Main()
        {
            CommandLine? line = Tool.Start("id", "", "[USER]");
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count > 1)
                return Tool.Finish(Tool.Usage("too many operands", "[USER]"));
            List<Account> accounts = Accounts.ReadAccounts();
            List<Group> groups = Accounts.ReadGroups();
            if (line.Operands.Count == 1)
            {
                Account? account = AccountFiles.ByName(accounts, line.Operands[0]);
                if (account == null)
                    return Tool.Finish(Tool.Report(line.Operands[0], "no such user"));
                Tool.Out.WriteLine(IdText.Format(account.Uid, account.Gid, account.Uid, account.Gid, accounts, groups, account.Name));
                return Tool.Finish(0);
            }
            int status = Processes.GetIds(out PmIdentity ids);
            if (status < 0)
                return Tool.Finish(Tool.ReportProcess("ids", status));
            string? name = AccountFiles.ByUid(accounts, ids.RealUid)?.Name;
            Tool.Out.WriteLine(IdText.Format(ids.RealUid, ids.RealGid, ids.EffectiveUid, ids.EffectiveGid, accounts, groups, name));
            return Tool.Finish(0);
        }
    }
}
