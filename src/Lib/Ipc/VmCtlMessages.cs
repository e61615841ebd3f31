using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The VmCtl kernel call: the "map these frames there" primitives the
    // memory manager (vm) builds exec, spawn, fork and brk from (MINIX's
    // SYS_VMCTL). Granted to vm alone. The kernel keeps the frame allocator,
    // the page tables and the kernel's own half of every address space; vm
    // names user addresses only. A refused request changes nothing.
    public static class VmCtlOperation
    {
        public const int Map = 0;         // VmMapRequest
        public const int Query = 1;       // VmQuery
        public const int NewSpace = 2;    // VmProcessRequest: stage an empty space for Target (exec)
        public const int Commit = 3;      // VmProcessRequest: Target runs from Entry (in its staged space, if any)
        public const int Discard = 4;     // VmProcessRequest: drop Target's staged space, or Target itself if it never ran
        public const int NewProcess = 5;  // VmProcessRequest: a stopped process with no memory from a privilege table
        public const int ForkProcess = 6; // VmProcessRequest: a stopped copy of Source's slot, with no memory
        public const int Copy = 7;        // VmMapRequest: CopyLength bytes of Source's memory to vm's at CopyTo
        public const int MapDevice = 8;   // VmMapRequest: physical SourceAddress.. at Address in Target, uncached, if Target's table lists it
    }

    // The user half the kernel lets components occupy: PML4 slots 1..255
    // (slot 0 is the kernel's identity map, the upper half is unused).
    public static class UserSpace
    {
        public const ulong Base = 0x0000_0080_0000_0000;
        public const ulong Limit = 0x0000_8000_0000_0000;
    }

    public static class VmRights
    {
        public const int Writable = 1;
        public const int Executable = 2;
        // Map into the space NewSpace staged for Target, not its current one.
        public const int Staged = 4;
        // Map: the fresh frames are one physical run (DMA memory); the
        // reply's Physical is its first byte.
        public const int Contiguous = 8;
    }

    // Map: fresh zeroed frames at [Address, Address + Length) in Target
    // (page aligned, user range, nothing mapped there yet), user-accessible
    // with Rights; then CopyLength bytes from Source's memory at
    // SourceAddress (which must be user memory there) land at CopyTo, inside
    // the new range. Source Endpoint.None copies nothing. The range becomes
    // memory Target owns: freed when it ends or its space is replaced.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmMapRequest
    {
        [FieldOffset(0)] public int Operation;
        [FieldOffset(4)] public int Target;
        [FieldOffset(8)] public long Address;
        [FieldOffset(16)] public long Length;
        [FieldOffset(24)] public int Rights;
        [FieldOffset(28)] public int Source;
        [FieldOffset(32)] public long SourceAddress;
        [FieldOffset(32)] public long Physical;      // Contiguous: the reply
        [FieldOffset(40)] public long CopyTo;
        [FieldOffset(48)] public long CopyLength;

        public static VmMapRequest* Of(Message* message) => (VmMapRequest*)message->Payload;
    }

    // Query: what vm needs of Target to judge a request: its privilege
    // table's memory quota and kernel-call mask (Fork, Exec, Brk say what it
    // may ask vm), the pages it owns, and owned range Index (of RangeCount,
    // in address order; a range grown by brk is one range).
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmQuery
    {
        [FieldOffset(0)] public int Operation;
        [FieldOffset(4)] public int Target;
        [FieldOffset(8)] public int Index;
        [FieldOffset(12)] public int RangeCount;
        [FieldOffset(16)] public long RangeStart;
        [FieldOffset(24)] public long RangeEnd;
        [FieldOffset(32)] public int RangeRights;
        [FieldOffset(36)] public int PagesOwned;
        [FieldOffset(40)] public ulong Quota;
        [FieldOffset(48)] public ulong KernelCalls;

        public static VmQuery* Of(Message* message) => (VmQuery*)message->Payload;
    }

    // NewSpace, Commit, Discard: Target. Commit: Entry, the first
    // instruction (the stack pointer starts 0: _start loads its own).
    // NewProcess: the compiled privilege table at Table (TableLength bytes)
    // in Source's memory; ForkProcess: Source is the parent. Both reply
    // Target, the new process's endpoint.
    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct VmProcessRequest
    {
        [FieldOffset(0)] public int Operation;
        [FieldOffset(4)] public int Target;
        [FieldOffset(8)] public int Source;
        [FieldOffset(16)] public long Entry;
        [FieldOffset(24)] public long Table;
        [FieldOffset(32)] public long TableLength;

        public static VmProcessRequest* Of(Message* message) => (VmProcessRequest*)message->Payload;
    }
}
