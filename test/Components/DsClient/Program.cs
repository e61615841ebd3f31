using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DsClient
{
    // The data store's test client: publishes each kind of entry and reads
    // it back, checks owner-only changes against DS's own entry, subscribes
    // and waits for notifications, sends malformed requests, and runs the
    // store into its limits. One line per check (Checks); exits 0 when
    // every check passed. The boot test (test/Boot/DataStoreTests.cs) reads
    // the lines.
    public static class Program
    {
        public static int Main()
        {
            Checks.Component = "dsclient";
            if (!Client.Start())
            {
                Diagnostics.Print("dsclient: FAIL ds not running or grants refused");
                return 1;
            }
            EntryChecks.Run();
            OwnershipChecks.Run();
            SubscriptionChecks.Run();
            MalformedChecks.Run();
            LimitChecks.Run();
            Diagnostics.Print(string.Concat("dsclient: ", Checks.Passed.ToString(), " checks passed, ", Checks.Failed.ToString(), " failed"));
            return Checks.Failed == 0 ? 0 : 1;
        }
    }
}
