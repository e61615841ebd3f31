using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Iommu
{
    // Physical memory iommu reads that is not its own: the BIOS area with
    // the RSDP, the ACPI tables, the remapping unit's registers. iommu adds
    // each range to its own record (privadd, the right pci also has) and
    // has vm map it (umap), uncached. A record holds at most eight memory
    // ranges (KernelPrivilege.MaxMemoryRanges), so callers map spans, not
    // page by page; the ranges stay for iommu's life.
    internal static unsafe class PhysicalWindows
    {
        private const ulong PageMask = 4095;

        public static int Map(ulong physical, ulong length, out byte* at)
        {
            at = null;
            ulong first = physical & ~PageMask, end = (physical + length + PageMask) & ~PageMask;
            if (length == 0 || end <= first)
                return Status.BadArgument;
            Endpoint self = Endpoints.Lookup(IommuClient.Label);
            Message message = default;
            PrivAddMessage* request = PrivAddMessage.Of(&message);
            request->Target = self.Value;
            request->Kind = PrivAddMessage.Memory;
            request->First = first;
            request->Last = end - 1;
            int status = Ipc.KernelCall(KernelCall.PrivAdd, &message);
            if (status != Status.Ok)
                return status;
            status = Devices.Map(first, end - first, out ulong mapped);
            if (status == Status.Ok)
                at = (byte*)(mapped + (physical - first));
            return status;
        }

        // Adds a range to a driver's record: the DMA memory iommu lends it,
        // which the driver then maps itself.
        public static int Lend(int driver, ulong physical, ulong length)
        {
            Message message = default;
            PrivAddMessage* request = PrivAddMessage.Of(&message);
            request->Target = driver;
            request->Kind = PrivAddMessage.Memory;
            request->First = physical;
            request->Last = physical + length - 1;
            return Ipc.KernelCall(KernelCall.PrivAdd, &message);
        }
    }
}
