using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vm
{
    // vm, the memory manager (MINIX's vm): the address-space policy of
    // every process but itself. Components' runtimes ask it for heap growth
    // (Brk), PM for fork and exec, RS and PM for spawn, drivers for device
    // memory (MapDevice) and DMA memory (Dma)
    // (src/Lib/Ipc/VmMessages.cs). It acts only through the kernel's VmCtl
    // primitives and judges every request by the requester's own privilege
    // table. It waits on nobody: replies are asynchronous, so a requester
    // that stops receiving cannot stall it. Critical: its end stops the
    // system.
    public static unsafe class Program
    {
        public static int Main()
        {
            // Our own heap grows straight through the kernel, not by asking ourselves.
            Heap.Grower = &GrowOwnHeap;
            Diagnostics.Print("vm: serving");
            Message request, reply;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                if (request.Type == KernelMessageType.Notification || request.Source < 0)
                    continue;
                if (Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                reply.Type = request.Type switch
                {
                    VmRequest.Brk => Requests.Brk(request.Source, &request, &reply),
                    VmRequest.Exec => Requests.Exec(request.Source, &request),
                    VmRequest.Spawn => Requests.Spawn(request.Source, &request, &reply),
                    VmRequest.Fork => Requests.Fork(request.Source, &request, &reply),
                    VmRequest.MapDevice => Requests.MapDevice(request.Source, &request, &reply),
                    VmRequest.Dma => Requests.Dma(request.Source, &request, &reply),
                    _ => Status.BadArgument,
                };
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }

        private static byte* GrowOwnHeap(nuint bytes) =>
            Requests.Grow(Endpoint.MemoryManager.Value, (long)bytes, out ulong address) == Status.Ok ? (byte*)address : null;
    }
}
