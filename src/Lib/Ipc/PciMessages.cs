using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The PCI server's protocol (pci, src/Servers/Pci; MINIX's pci server).
    // pci alone has the configuration ports (0xCF8-0xCFF). Every request is a
    // SendRec to "pci"; the reply's Type is the status (Status or
    // PciStatus). A driver first claims its device:
    //   Claim       PciClaimRequest -> PciDeviceReply. Vendor:Device must be
    //               a `pci` line of the driver's own policy (pci asks RS for
    //               the driver's table); 0:0 means "the first present device
    //               my policy lists". Index picks among several devices of
    //               the same pair (0 = the first, in bus order). On success
    //               the kernel has added the device's I/O BARs, memory BARs
    //               (whole pages) and interrupt line to the driver's record,
    //               and pci has enabled I/O and memory decoding and bus
    //               mastering. One device, one driver: a claim of a device
    //               another live driver holds is refused (Taken); a claim by
    //               the holder again, or after the holder ended (a restarted
    //               driver), succeeds. Refusals are logged on pci's console
    //               ("pci: refused <label>: ...").
    //   Bar         PciBarRequest -> PciBarReply: BAR Index (0..5) of a
    //               claimed device: base, size, kind (NoDevice: none there).
    //   ConfigRead  PciConfigRequest -> PciConfigRequest.Value: Width (1, 2
    //               or 4) bytes at Offset (0..255, aligned to Width) of the
    //               claimed device's configuration space.
    //   ConfigWrite PciConfigRequest: the same, written; the BARs, the
    //               expansion ROM BAR and the header's identity fields are
    //               pci's (ReadOnly), everything else the owner's.
    // A request about a device the requester has not claimed is refused
    // (NotOwner) and changes nothing; so does a malformed one (BadArgument).
    public static class PciRequest
    {
        public const int Claim = 0xFA01;
        public const int Bar = 0xFA02;
        public const int ConfigRead = 0xFA03;
        public const int ConfigWrite = 0xFA04;
    }

    public static class PciStatus
    {
        public const int NotInPolicy = -120;  // the requester's policy has no `pci` line for that vendor:device
        public const int NoDevice = -121;     // no such device present (or no such BAR), or none the policy lists
        public const int Taken = -122;        // another live driver holds the device
        public const int NotOwner = -123;     // Bar/Config of a device the requester has not claimed
        public const int NoAuthority = -124;  // RS could not say what the requester's policy lists
        public const int ReadOnly = -125;     // a config write to a field pci keeps (BARs, ROM, identity)
        public const int Full = -126;         // the driver's record cannot hold the device's ranges
    }

    // The device address pci answers with and Bar/Config take:
    // bus << 8 | device << 3 | function (PCI's own BDF numbering).
    public static class PciAddress
    {
        public static int Of(int bus, int device, int function) => (bus << 8) | (device << 3) | function;
        public static int Bus(int address) => (address >> 8) & 0xFF;
        public static int Device(int address) => (address >> 3) & 0x1F;
        public static int Function(int address) => address & 7;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciClaimRequest
    {
        [FieldOffset(0)] public ushort Vendor;
        [FieldOffset(2)] public ushort Device;
        [FieldOffset(4)] public int Index;

        public static PciClaimRequest* Of(Message* message) => (PciClaimRequest*)message->Payload;
    }

    // Irq: the interrupt line (0..15) now in the driver's record, or
    // NoIrq when the device has none (no pin, or a line the PIC lacks).
    // BarMask: bit i set when BAR i is implemented (a 64-bit BAR is
    // BAR i; bit i + 1 stays clear).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciDeviceReply
    {
        public const byte NoIrq = 0xFF;

        [FieldOffset(0)] public int Address;      // PciAddress
        [FieldOffset(4)] public ushort Vendor;
        [FieldOffset(6)] public ushort Device;
        [FieldOffset(8)] public int Class;        // class << 16 | subclass << 8 | programming interface
        [FieldOffset(12)] public byte Irq;
        [FieldOffset(13)] public byte Revision;
        [FieldOffset(16)] public int BarMask;

        public static PciDeviceReply* Of(Message* message) => (PciDeviceReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciBarRequest
    {
        [FieldOffset(0)] public int Address;
        [FieldOffset(4)] public int Index;

        public static PciBarRequest* Of(Message* message) => (PciBarRequest*)message->Payload;
    }

    public static class PciBarKind
    {
        public const int Io = 1;        // ports Base .. Base + Size - 1
        public const int Memory = 2;    // physical Base .. Base + Size - 1 (map it with Devices.Map, whole pages)
    }

    public static class PciBarFlags
    {
        public const int Prefetchable = 1;
        public const int Wide = 2;      // a 64-bit memory BAR (it takes two BAR registers)
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciBarReply
    {
        [FieldOffset(0)] public ulong Base;
        [FieldOffset(8)] public ulong Size;
        [FieldOffset(16)] public int Kind;      // PciBarKind
        [FieldOffset(20)] public int Flags;     // PciBarFlags

        public static PciBarReply* Of(Message* message) => (PciBarReply*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciConfigRequest
    {
        [FieldOffset(0)] public int Address;
        [FieldOffset(4)] public int Offset;
        [FieldOffset(8)] public int Width;
        [FieldOffset(12)] public uint Value;    // ConfigWrite: what to write; ConfigRead's reply: what was read

        public static PciConfigRequest* Of(Message* message) => (PciConfigRequest*)message->Payload;
    }

    // pci's question to RS (RsRequest.PciDevices): which `pci` lines has
    // the table of live component Endpoint (the one RS installed, or its
    // boot module's)? RS is the authority: it holds every component's
    // table, relabelled instances' included; the kernel keeps no `pci`
    // lines. The reply (Type Ok, or RsStatus.NotFound for an endpoint that
    // is not a live component with a table) lists up to MaxIds pairs, each
    // vendor | device << 16, in policy order.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciPolicyQuery
    {
        [FieldOffset(0)] public int Endpoint;

        public static PciPolicyQuery* Of(Message* message) => (PciPolicyQuery*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct PciPolicyReply
    {
        public const int MaxIds = 8;   // the policy validator's limit

        [FieldOffset(0)] public int Count;
        [FieldOffset(8)] public fixed uint Ids[MaxIds];

        public static PciPolicyReply* Of(Message* message) => (PciPolicyReply*)message->Payload;
    }
}
