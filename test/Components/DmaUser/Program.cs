using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.DmaUser
{
    // Takes 1 MiB of DMA memory, writes all of it, tells dmacycler, and
    // waits to be ended.
    public static unsafe class Program
    {
        public const ulong Bytes = 1 << 20;

        public static int Main()
        {
            int status = Devices.AllocateDma(Bytes, out ulong address, out ulong physical);
            if (status != Status.Ok)
                Process.Panic("dma memory refused: " + status.ToString());
            for (ulong i = 0; i < Bytes; i += 4096)
                *(ulong*)(address + i) = physical + i;
            Message message = default;
            message.Type = PciTestMessage.Ready;
            PciTestMessage.Of(&message)->Physical = physical;
            Ipc.SendAsync(Endpoints.Lookup("dmacycler"), &message);
            while (true)
                Ipc.Receive(Endpoint.Any, &message);
        }
    }
}
