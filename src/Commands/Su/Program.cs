using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Su
{
    // su [-] [USER] [-c CMD]: USER's shell, or CMD run by it, as USER (root
    // when no USER is named). A caller whose real uid is root needs no
    // password; anyone else types USER's, checked against /etc/shadow. su
    // is installed set-user-id root (/etc/permissions), which is what lets
    // it read /etc/shadow and change its ids; it checks before it does.
    public static class Program
    {
        private const string Synopsis = "[-] [USER] [-c COMMAND]";

        public static int Main()
        {
            string[] argv = Tool.Begin("su");
            string user = "root";
            string? command = null;
            bool named = false;
            for (int i = 1; i < argv.Length; i++)
            {
                if (argv[i] == "-" || argv[i] == "-l")
                    continue;
                if (argv[i] == "-c")
                {
                    if (i + 1 >= argv.Length)
                        return Tool.Finish(Tool.Usage("-c needs a command", Synopsis));
                    command = argv[++i];
                }
                else if (!named && argv[i].Length > 0 && argv[i][0] != '-')
                {
                    user = argv[i];
                    named = true;
                }
                else
                {
                    return Tool.Finish(Tool.Usage("unexpected '" + argv[i] + "'", Synopsis));
                }
            }
            List<Account> accounts = Accounts.ReadAccounts();
            Account? account = AccountFiles.ByName(accounts, user);
            if (account == null)
                return Tool.Finish(Tool.Report(user, "no such user"));
            if (Processes.GetUid() != 0)
            {
                string? password = Session.ReadSecret("Password: ");
                if (password == null || !Accounts.CheckPassword(user, password))
                {
                    Tool.Err.Write(Messages.Plain("su", "Authentication failure"));
                    return Tool.Finish(1);
                }
            }
            return Tool.Finish(Session.Become(account, command, Processes.Environment()));
        }
    }
}
