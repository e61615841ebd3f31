using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The part of a component's policy the kernel enforces, as one fixed
    // structure (MINIX's struct priv as sys_privctl hands it over): the
    // payload of a compiled table's first record (PrivilegeFormat.Kernel).
    // Built outside the kernel from the table's other records
    // (PrivilegeTableReader, by the policy compiler and by PM and RS when
    // they relabel a table); the kernel only checks its counts and ranges
    // and stores it (src/Kernel/Proc/PrivilegeReader.cs). Records the kernel
    // has no use for (heartbeat, restart, recovery script, service verbs,
    // PCI ids) are not in it: RS reads them from the table. Labels are ASCII,
    // Length bytes used of LabelBytes; counts say how much of each array is
    // used. Little-endian, like the rest of the table.
    [StructLayout(LayoutKind.Explicit, Size = Bytes)]
    public unsafe struct KernelPrivilege
    {
        public const int Bytes = 1360;
        public const int LabelBytes = 32;
        public const int MaxTargets = 32, MaxIoRanges = 16, MaxIrqs = 16, MaxMemoryRanges = 8;

        [FieldOffset(0)] public ulong KernelCalls;        // bit = KernelCall number
        [FieldOffset(8)] public ulong MemoryQuota;        // bytes
        [FieldOffset(16)] public uint Flags;              // PrivilegeFlags
        [FieldOffset(20)] public ushort QuantumMs;        // at least 1
        [FieldOffset(22)] public byte Priority;           // 0 (highest) .. 15
        [FieldOffset(23)] public byte LabelLength;        // 1 .. MaxLabelLength
        [FieldOffset(24)] public byte ManagerLength;      // 0: no signal manager
        [FieldOffset(25)] public byte TargetCount;
        [FieldOffset(26)] public byte IoRangeCount;
        [FieldOffset(27)] public byte IrqCount;
        [FieldOffset(28)] public byte MemoryRangeCount;
        [FieldOffset(32)] public fixed byte Label[LabelBytes];
        [FieldOffset(64)] public fixed byte Manager[LabelBytes];          // the signal manager's label
        [FieldOffset(96)] public fixed ushort IoFirst[MaxIoRanges];       // inclusive port ranges
        [FieldOffset(128)] public fixed ushort IoLast[MaxIoRanges];
        [FieldOffset(160)] public fixed byte Irqs[MaxIrqs];               // lines 0 .. 15
        [FieldOffset(176)] public fixed ulong MemoryBase[MaxMemoryRanges]; // physical; length > 0, no wrap
        [FieldOffset(240)] public fixed ulong MemoryLength[MaxMemoryRanges];
        [FieldOffset(304)] public fixed byte TargetLengths[MaxTargets];
        [FieldOffset(336)] public fixed byte Targets[MaxTargets * LabelBytes];   // target t at t * LabelBytes
    }
}
