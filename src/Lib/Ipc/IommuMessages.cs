using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The IOMMU manager's protocol (iommu, src/Servers/Iommu). iommu owns
    // every driver's DMA memory and, where the machine has an IOMMU (Intel
    // VT-d), each PCI device's translation domain: a device reaches only
    // the DMA memory its driver was given. Every request is a SendRec to
    // "iommu"; the reply's Type is the status (Status or IommuStatus).
    //   Assign  IommuAssignRequest, from pci alone, while it hands a device
    //           to a driver (before it turns bus mastering on): the device
    //           now belongs to Holder. A previous holder's memory leaves the
    //           device's domain first, so a restarted driver never inherits
    //           a dead one's mappings. Answered once the domain is ready.
    //   Dma     IommuDmaRequest -> IommuDmaReply, from a driver that holds a
    //           device: Bytes (a multiple of 4096, at most MaxDma) of
    //           pinned memory that is one physical run, mapped into that
    //           device's domain at its own physical address (so the device
    //           is programmed with Physical, as without an IOMMU). The kernel
    //           has added the run to the driver's record: the driver maps it
    //           with Devices.Map (Devices.AllocateDma does both). The memory
    //           stays iommu's: when the driver ends, its device loses the
    //           mapping and nobody else ever gets the frames, so a device
    //           still writing after its driver died hits nothing but its own
    //           old buffers. A restarted driver of the same device gets the
    //           same runs back (contents kept: a device still running on
    //           the old rings lands in them); another driver gets them zeroed.
    // DMA faults (a device reaching outside its domain) are read from the
    // IOMMU's fault records and reported to RS as a defect of the device's
    // driver (RsComplaint.DmaFault; restart reason "dma").
    public static class IommuRequest
    {
        public const int Assign = 0xFB01;
        public const int Dma = 0xFB02;
    }

    public static class IommuStatus
    {
        public const int NotPci = -130;       // Assign from anyone but pci
        public const int NoDevice = -131;     // Dma: the requester holds no device (or not the one named)
        public const int Exhausted = -132;    // Dma: the device already has MaxDevicePages of DMA memory
    }

    public static class IommuLimits
    {
        public const long MaxDma = 4 << 20;            // one Dma request
        public const long MaxDevicePages = 4096;       // 16 MiB of DMA memory per device
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct IommuAssignRequest
    {
        [FieldOffset(0)] public int Address;    // PciAddress (bus << 8 | device << 3 | function)
        [FieldOffset(4)] public int Holder;     // the driver's endpoint

        public static IommuAssignRequest* Of(Message* message) => (IommuAssignRequest*)message->Payload;
    }

    // The reply to Assign: whether the device's DMA is confined (Confined
    // 1: translated through its own domain; 0: the machine has no IOMMU).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct IommuAssignReply
    {
        [FieldOffset(0)] public int Confined;

        public static IommuAssignReply* Of(Message* message) => (IommuAssignReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct IommuDmaRequest
    {
        public const int OnlyDevice = -1;

        [FieldOffset(0)] public int Address;    // PciAddress, or OnlyDevice: the one device the requester holds
        [FieldOffset(8)] public long Bytes;

        public static IommuDmaRequest* Of(Message* message) => (IommuDmaRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct IommuDmaReply
    {
        [FieldOffset(0)] public long Physical;  // also the device's address for it
        [FieldOffset(8)] public int Zeroed;     // 1: fresh or zeroed; 0: this device's own earlier buffers, as its last driver left them

        public static IommuDmaReply* Of(Message* message) => (IommuDmaReply*)message->Payload;
    }
}
