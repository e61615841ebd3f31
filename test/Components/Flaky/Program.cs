using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Flaky
{
    // Panics on every start, so RS backs off and then stops it.
    public static unsafe class Program
    {
        public static int Main()
        {
            StartKind kind = Lifecycle.Start("flaky");
            Diagnostics.Print("flaky: instance " + Lifecycle.Instance.ToString() + (kind == StartKind.Fresh ? " (fresh)" : " (restart)"));
            Process.Panic("flaky fails on purpose");
            return 1;
        }
    }
}
