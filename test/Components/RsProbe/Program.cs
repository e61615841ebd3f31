using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.RsProbe
{
    // Asks crashonce (a heartbeat ping) until an instance answers; that
    // must be a restarted one (the first panics at start). Then waits for
    // RS to finish with flaky (its backoff takes 300 ms) and exits.
    public static unsafe class Program
    {
        public static int Main()
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                Endpoint target = Endpoints.Lookup("crashonce");
                Message message = default;
                message.Type = DriverRequest.Ping;
                if (!target.IsNone && Ipc.SendRec(target, &message) == Status.Ok)
                {
                    Diagnostics.Print("rsprobe: crashonce answers at endpoint " + target.Value.ToString());
                    Devices.Sleep(1500);
                    return 0;
                }
                Devices.Sleep(20);
            }
            Diagnostics.Print("rsprobe: FAILED: crashonce never answered");
            return 1;
        }
    }
}
