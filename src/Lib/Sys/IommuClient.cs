using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // The IOMMU manager's clients (IommuMessages.cs): pci tells it who
    // holds a device (Assign); a driver asks it for DMA memory for the
    // device it holds (Devices.AllocateDma does, and maps the memory).
    // Each returns iommu's status, or the trap's; Status.DeadEndpoint when
    // this system runs no iommu (a test image that leaves it out).
    public static unsafe class IommuClient
    {
        public const string Label = "iommu";

        // Whether this system runs an IOMMU manager (the kernel's table
        // names it as soon as RS has started it, before pci and the drivers).
        public static bool Present => !Endpoints.Lookup(Label).IsNone;

        public static int Assign(int address, int holder, out bool confined)
        {
            confined = false;
            Message message = default;
            message.Type = IommuRequest.Assign;
            IommuAssignRequest.Of(&message)->Address = address;
            IommuAssignRequest.Of(&message)->Holder = holder;
            int status = Ask(&message);
            if (status == Status.Ok)
                confined = IommuAssignReply.Of(&message)->Confined != 0;
            return status;
        }

        // `bytes` of DMA memory for the caller's device (`address`, or
        // IommuDmaRequest.OnlyDevice): its physical address, now in the
        // caller's record (map it with Devices.Map).
        public static int Dma(int address, ulong bytes, out ulong physical, out bool zeroed)
        {
            physical = 0;
            zeroed = false;
            Message message = default;
            message.Type = IommuRequest.Dma;
            IommuDmaRequest.Of(&message)->Address = address;
            IommuDmaRequest.Of(&message)->Bytes = (long)bytes;
            int status = Ask(&message);
            if (status == Status.Ok)
            {
                physical = (ulong)IommuDmaReply.Of(&message)->Physical;
                zeroed = IommuDmaReply.Of(&message)->Zeroed != 0;
            }
            return status;
        }

        private static int Ask(Message* message)
        {
            Endpoint iommu = Endpoints.Lookup(Label);
            if (iommu.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(iommu, message);
            return status != Status.Ok ? status : message->Type;
        }
    }
}
