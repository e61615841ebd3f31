using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The memory manager's protocol (vm, src/Servers/Vm; docs/memory-manager.md).
    // Every request is a SendRec to Endpoint.MemoryManager; the reply's Type
    // is the status. Addresses name the requester's own memory: vm reads an
    // image or a privilege table from the process that sent it, never from
    // another. Who may ask what is the requester's privilege table: Fork for
    // VmRequest.Fork, Exec for Exec and Spawn, Brk for Brk, UMap for
    // MapDevice, Dma for Dma.
    public static class VmRequest
    {
        public const int Brk = 0xF901;      // VmBrkRequest -> VmBrkReply
        public const int Exec = 0xF902;     // VmExecRequest
        public const int Spawn = 0xF903;    // VmSpawnRequest -> VmEndpointReply
        public const int Fork = 0xF904;     // VmForkRequest -> VmEndpointReply
        public const int MapDevice = 0xF905; // VmDeviceRequest -> VmDeviceReply
        public const int Dma = 0xF906;       // VmDmaRequest -> VmDmaReply
    }

    public static class VmLimits
    {
        public const long MaxImage = 16 << 20;
        public const long MaxTable = 4096;
        public const long MaxBrk = KernelCallLimits.MaxBrk;
        public const long MaxDma = 4 << 20;
    }

    // Brk: Bytes (a multiple of 4096, at most MaxBrk) of zeroed read-write
    // memory right after the requester's image or its last growth; the
    // reply's Address is where it starts. NoMemory past the quota.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmBrkRequest
    {
        [FieldOffset(0)] public long Bytes;

        public static VmBrkRequest* Of(Message* message) => (VmBrkRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmBrkReply
    {
        [FieldOffset(0)] public long Address;

        public static VmBrkReply* Of(Message* message) => (VmBrkReply*)message->Payload;
    }

    // Exec: replaces Target's image with the ELF image at Image (Length
    // bytes) in the requester's memory. Same endpoint and privileges, a new
    // address space, registers at the entry. A bad image (BadArgument), one
    // over Target's quota or no memory (NoMemory) leaves Target untouched.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmExecRequest
    {
        [FieldOffset(0)] public int Target;
        [FieldOffset(8)] public long Image;
        [FieldOffset(16)] public long Length;

        public static VmExecRequest* Of(Message* message) => (VmExecRequest*)message->Payload;
    }

    // Spawn: a new process from an ELF image and a compiled privilege table
    // (both in the requester's memory), started at once. RS starts and
    // restarts components this way: a dead component leaves no process to
    // fork a slot from.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmSpawnRequest
    {
        [FieldOffset(0)] public long Image;
        [FieldOffset(8)] public long Length;
        [FieldOffset(16)] public long Table;
        [FieldOffset(24)] public long TableLength;

        public static VmSpawnRequest* Of(Message* message) => (VmSpawnRequest*)message->Payload;
    }

    // Fork: a copy of Parent (not the requester): its memory, privileges,
    // ids and registers (its pending trap returns 0). The child starts
    // stopped; the requester resumes it (StateCtl).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmForkRequest
    {
        [FieldOffset(0)] public int Parent;

        public static VmForkRequest* Of(Message* message) => (VmForkRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmEndpointReply
    {
        [FieldOffset(0)] public int Endpoint;

        public static VmEndpointReply* Of(Message* message) => (VmEndpointReply*)message->Payload;
    }

    // MapDevice: the physical range [Physical, Physical + Length) (page
    // multiples), which the requester's table must list (`memory`), mapped
    // uncached into the requester's device window; the reply's Address is
    // where. A new image (exec) starts with an empty window.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmDeviceRequest
    {
        [FieldOffset(0)] public long Physical;
        [FieldOffset(8)] public long Length;

        public static VmDeviceRequest* Of(Message* message) => (VmDeviceRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmDeviceReply
    {
        [FieldOffset(0)] public long Address;

        public static VmDeviceReply* Of(Message* message) => (VmDeviceReply*)message->Payload;
    }

    // Dma: Bytes (a multiple of 4096, at most MaxDma) of zeroed, pinned
    // read-write memory that is one physical run (DMA buffers, descriptor
    // rings), in the requester's DMA window (DmaWindow, above its device
    // window). The reply's Address is where it is mapped, Physical where a
    // device finds it. Counted against the requester's quota (NoMemory
    // past it, or when no run that long is free); freed when the requester
    // ends or execs, like the rest of its memory. Never moved or swapped:
    // vm has no paging. Below 4 GiB while the machine's memory is (the
    // frame allocator hands out the lowest run first).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmDmaRequest
    {
        [FieldOffset(0)] public long Bytes;

        public static VmDmaRequest* Of(Message* message) => (VmDmaRequest*)message->Payload;
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmDmaReply
    {
        [FieldOffset(0)] public long Address;
        [FieldOffset(8)] public long Physical;

        public static VmDmaReply* Of(Message* message) => (VmDmaReply*)message->Payload;
    }

    // Where vm puts each process's DMA memory: after its device window
    // (src/Servers/Vm/DeviceWindows.cs), filled from the bottom. Heap
    // growth (Brk) ignores owned ranges here.
    public static class DmaWindow
    {
        public const ulong Base = 0x0000_0100_0000_0000;
        public const ulong Size = 0x0000_0040_0000_0000;
    }
}
