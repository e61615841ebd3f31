using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Whoami
{
    // whoami: the effective user's name (its number when no account in
    // /etc/passwd has it).
    public static class Program
    {
        public static int Main()
        {
            if (Tool.Start("whoami", "", "") == null)
                return Tool.UsageStatus;
            int uid = Processes.GetEffectiveUid();
            if (uid < 0)
                return Tool.Finish(Tool.ReportProcess("ids", uid));
            Tool.Out.WriteLine(Accounts.UserName(Accounts.ReadAccounts(), uid));
            return Tool.Finish(0);
        }
    }
}
