using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.CoreKiller
{
    // Kills DS a moment after the boot services are up (the memory manager,
    // vm, when no DS runs). Both are critical (their policies say so), so
    // the system must stop with a panic that names it, not hang with every
    // client waiting on a dead server.
    public static unsafe class Program
    {
        public static int Main()
        {
            Devices.Sleep(200);
            string label = "ds";
            Endpoint victim = Endpoints.Lookup(label);
            if (victim.IsNone)
                victim = Endpoints.Lookup(label = "vm");
            if (victim.IsNone)
            {
                Diagnostics.Print("corekiller: no ds or vm to kill");
                return 1;
            }
            Diagnostics.Print("corekiller: killing " + label);
            Message message = default;
            KillMessage.Of(&message)->Target = victim.Value;
            int status = Ipc.KernelCall(KernelCall.Kill, &message);
            // Not reached when the kill stops the system, as it must.
            Diagnostics.Print("corekiller: the system still runs after the kill (status " + status.ToString() + ")");
            return 0;
        }
    }
}
