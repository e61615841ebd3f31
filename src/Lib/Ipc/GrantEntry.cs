using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Memory grants. A component keeps a table of GrantEntry in its own
    // memory and tells the kernel where it is (KernelCall.SetGrant). A grant
    // lets one named grantee read and/or write one range of the granter's
    // memory through SafeCopyFrom/SafeCopyTo; the kernel checks every copy
    // against the live table. A grant id names a table index and the entry's
    // sequence number, so an id kept after the entry was revoked and reused
    // fails instead of reaching the new grant.
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct GrantEntry
    {
        public const int Size = 32;

        [FieldOffset(0)] public uint Flags;       // GrantFlags
        [FieldOffset(4)] public ushort Sequence;  // bumped by the owner on revoke/reuse
        [FieldOffset(8)] public int Grantee;      // endpoint value allowed to use it
        [FieldOffset(16)] public ulong Address;   // start, in the granter's address space
        [FieldOffset(24)] public ulong Length;
    }

    public static class GrantFlags
    {
        public const uint Valid = 1;
        public const uint Read = 2;    // the grantee may copy from the range
        public const uint Write = 4;   // the grantee may copy into the range
    }

    // GrantId value = (Sequence << 16) | Index; Index < MaxEntries.
    public readonly struct GrantId
    {
        public const int MaxEntries = 1 << 16;

        // The largest sequence number whose ids are positive: servers take
        // a grant word below 0 for a forged one (VFS does), so a table
        // entry reused again and again must wrap its sequence here, not at
        // ushort.MaxValue (id 0x8000_0000 and up are negative ints).
        public const ushort MaxPositiveSequence = 0x7FFF;

        public readonly int Value;

        public GrantId(int value) { Value = value; }

        public static GrantId From(int index, ushort sequence) => new GrantId((sequence << 16) | index);

        public int Index => Value & 0xFFFF;
        public ushort Sequence => (ushort)((uint)Value >> 16);
    }
}
