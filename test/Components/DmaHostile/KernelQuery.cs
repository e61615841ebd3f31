using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Tests.Kernel;

namespace Minix3.Cosmos.Tests.Components.DmaHostile
{
    // The test kernel's queries (test/Kernel/KernelQueries.cs) through
    // DiagCtl: what a real driver can never learn (physical addresses of
    // anything but its DMA memory, checksums of kernel memory).
    public static unsafe class KernelQuery
    {
        public static int Translate(int endpoint, ulong address, out ulong physical)
        {
            Message message = default;
            KernelQueryMessage* query = KernelQueryMessage.Of(&message);
            query->Query = KernelQueryMessage.Translate;
            query->Target = endpoint;
            query->Address = (long)address;
            int status = Ipc.KernelCall(KernelCall.DiagCtl, &message);
            physical = (ulong)query->Result0;
            return status;
        }

        public static int Where(long region, out ulong start, out ulong length)
        {
            Message message = default;
            KernelQueryMessage* query = KernelQueryMessage.Of(&message);
            query->Query = KernelQueryMessage.Where;
            query->Address = region;
            int status = Ipc.KernelCall(KernelCall.DiagCtl, &message);
            start = (ulong)query->Result0;
            length = (ulong)query->Result1;
            return status;
        }

        public static int Checksum(ulong physical, ulong length, out ulong checksum)
        {
            Message message = default;
            KernelQueryMessage* query = KernelQueryMessage.Of(&message);
            query->Query = KernelQueryMessage.Checksum;
            query->Address = (long)physical;
            query->Size = (long)length;
            int status = Ipc.KernelCall(KernelCall.DiagCtl, &message);
            checksum = (ulong)query->Result0;
            return status;
        }
    }
}
