using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PciTwin
{
    // Each time pciprobe (either instance) says it holds the device, claims
    // it too: refused, the device is taken. After the second time, done.
    public static unsafe class Program
    {
        public static int Main()
        {
            Checks.Component = "pcitwin";
            for (int round = 1; round <= 2; round++)
            {
                Message message;
                while (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Type != PciTestMessage.Try)
                {
                }
                int prober = message.Source;
                Checks.Status("claim of 8086:7010 while pciprobe holds it (round " + round.ToString() + ")",
                    PciClient.Claim(0x8086, 0x7010, 0, out _), PciStatus.Taken);
                message = default;
                message.Type = PciTestMessage.Done;
                Ipc.SendAsync(new Endpoint(prober), &message);
            }
            Diagnostics.Print(string.Concat("pcitwin: done, ", Checks.Failed.ToString(), " failed"));
            return 0;
        }
    }
}
