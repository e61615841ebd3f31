using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.CoreKiller
{
    // Kills DS a moment after the boot services are up. DS is critical
    // (its policy says so), so the system must stop with a panic that
    // names it, not hang with every client waiting on a dead store.
    public static unsafe class Program
    {
        public static int Main()
        {
            Devices.Sleep(200);
            Endpoint ds = Endpoints.Lookup("ds");
            if (ds.IsNone)
            {
                Diagnostics.Print("corekiller: no ds to kill");
                return 1;
            }
            Diagnostics.Print("corekiller: killing ds");
            Message message = default;
            message.Word0 = ds.Value;
            int status = Ipc.KernelCall(KernelCall.Kill, &message);
            // Not reached when the kill stops the system, as it must.
            Diagnostics.Print("corekiller: the system still runs after the kill (status " + status.ToString() + ")");
            return 0;
        }
    }
}
