using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Login
{
    // login [-f USER]: asks for a user name and its password (checked
    // against /etc/shadow, not echoed) and starts the user's shell as that
    // user in its home directory. Three wrong tries end it (init starts a
    // new one). -f USER logs in without a prompt, for a terminal /etc/ttys
    // says logs in at once; only root (init) may use it.
    public static class Program
    {
        private const int Tries = 3;

        public static int Main()
        {
            string[] argv = Tool.Begin("login");
            List<Account> accounts = Accounts.ReadAccounts();
            if (argv.Length == 3 && argv[1] == "-f")
            {
                if (Processes.GetUid() != 0)
                    return Tool.Finish(Tool.Report("-f", "only root logs a user in without a password"));
                Account? account = AccountFiles.ByName(accounts, argv[2]);
                if (account == null)
                    return Tool.Finish(Tool.Report(argv[2], "no such user"));
                return Tool.Finish(Session.Become(account, null, Processes.Environment()));
            }
            if (argv.Length != 1)
                return Tool.Finish(Tool.Usage("unexpected operands", "[-f USER]"));
            for (int attempt = 0; attempt < Tries; attempt++)
            {
                Tool.Err.Write("login: ");
                Tool.Err.Flush();
                string? name = Session.ReadLine();
                if (name == null)
                    return Tool.Finish(1);
                if (name.Length == 0)
                {
                    attempt--;
                    continue;
                }
                string? password = Session.ReadSecret("Password: ");
                Account? account = AccountFiles.ByName(accounts, name);
                if (account != null && password != null && Accounts.CheckPassword(name, password))
                    return Tool.Finish(Session.Become(account, null, Processes.Environment()));
                Tool.Err.Write("Login incorrect\n");
            }
            return Tool.Finish(1);
        }
    }
}
