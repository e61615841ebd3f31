using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DmaCycler
{
    // Each dmauser holds 256 frames of DMA memory. Ended and started 20
    // times, it would leave 5120 frames behind if its end did not free
    // them; the count is read with dmauser up both times, so the two
    // readings differ only by what other components' heaps did meanwhile.
    public static unsafe class Program
    {
        public const int Cycles = 20;

        public static int Main()
        {
            Checks.Component = "dmacycler";
            ulong firstPhysical = WaitReady();
            long before = FreeFrames();
            int refreshed = 0;
            ulong physical = firstPhysical;
            for (int i = 0; i < Cycles; i++)
            {
                Message message = default;
                message.Type = RsRequest.Refresh;
                RsMessage.SetLabel(&message, "dmauser");
                int status = Ipc.SendRec(Endpoints.Lookup("rs"), &message);
                if (status != Status.Ok || message.Type != Status.Ok)
                {
                    Checks.That("rs refreshes dmauser", false, "status " + status.ToString() + ", reply " + message.Type.ToString());
                    break;
                }
                physical = WaitReady();
                refreshed++;
            }
            long after = FreeFrames();
            Diagnostics.Print(string.Concat("dmacycler: ", refreshed.ToString(), " restarts of dmauser with 1 MiB of dma memory each; free frames ",
                before.ToString(), " -> ", after.ToString(), "; first at 0x", firstPhysical.ToString("x"), ", last at 0x", physical.ToString("x")));
            Checks.That("every restart came up", refreshed == Cycles, refreshed.ToString());
            Checks.That("the dma memory of every ended dmauser came back", after > before - 256 && after < before + 256,
                (before - after).ToString() + " frames fewer");
            return 0;
        }

        private static ulong WaitReady()
        {
            Message message;
            while (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Type != PciTestMessage.Ready)
            {
            }
            return PciTestMessage.Of(&message)->Physical;
        }

        private static long FreeFrames()
        {
            Message message = default;
            GetInfoMessage.Of(&message)->What = GetInfoMessage.FreeFrames;
            return Ipc.KernelCall(KernelCall.GetInfo, &message) == Status.Ok ? GetInfoMessage.Of(&message)->Written : -1;
        }
    }
}
