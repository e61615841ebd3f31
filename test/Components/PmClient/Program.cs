using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // The process manager's test client, in the role of init: the first
    // process to call PM, so pid 1. Forks and execs the child test program
    // (test/Components/Child) in its various behaviours, waits, kills,
    // lists, sends malformed requests, and finally asks PM to power off.
    // One line per check (Checks); the boot test
    // (test/Boot/ProcessManagerTests.cs) reads them.
    public static class Program
    {
        public static int Main()
        {
            Checks.Component = "pmclient";
            if (!Client.Start())
            {
                Diagnostics.Print("pmclient: FAIL pm not running");
                return 1;
            }
            ProcessChecks.Run();
            ExecChecks.Run();
            FileSystemChecks.Run();
            SignalChecks.Run();
            ListChecks.Run();
            MalformedChecks.Run();
            Diagnostics.Print(string.Concat("pmclient: ", Checks.Passed.ToString(), " checks passed, ", Checks.Failed.ToString(), " failed"));
            if (Checks.Failed != 0)
                return 1;
            // Last: PM syncs and powers the machine off; a return means it could not.
            int status = Processes.Shutdown(reboot: false);
            Diagnostics.Print(string.Concat("pmclient: shutdown returned ", status.ToString()));
            return 2;
        }
    }
}
