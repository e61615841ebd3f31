using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Killer
{
    // Every second (the paper's harsher experiment) kills the process
    // labelled ata, until diskreader is gone. Prints how many kills it made.
    public static unsafe class Program
    {
        private const long PeriodMs = 1000;

        public static int Main()
        {
            int kills = 0;
            while (!Endpoints.Lookup("diskreader").IsNone)
            {
                Devices.Sleep(PeriodMs);
                Endpoint ata = Endpoints.Lookup("ata");
                if (ata.IsNone)
                    continue;
                Message message = default;
                message.Word0 = ata.Value;
                if (Ipc.KernelCall(KernelCall.Kill, &message) == Status.Ok)
                    kills++;
            }
            Diagnostics.Print("killer: killed ata " + kills.ToString() + " times");
            return 0;
        }
    }
}
