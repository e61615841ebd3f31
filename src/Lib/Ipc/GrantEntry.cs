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

        // An indirect entry (Flags has Indirect) lends on part of a grant
        // made to this table's owner, as MINIX's magic grants: bytes
        // [ReferencedOffset, ReferencedOffset + Length) of grant Referenced
        // in Owner's table. Address is unused. A copy through it checks the
        // whole chain (at most GrantFlags.MaxChain links): every link valid
        // and naming the next one's owner as its grantee, the range inside
        // each, the right asked for present in each (rights only narrow).
        [FieldOffset(12)] public int Owner;
        [FieldOffset(16)] public int Referenced;
        [FieldOffset(20)] public uint ReferencedOffset;
    }

    public static class GrantFlags
    {
        public const uint Valid = 1;
        public const uint Read = 2;    // the grantee may copy from the range
        public const uint Write = 4;   // the grantee may copy into the range
        public const uint Indirect = 8; // the range is part of another's grant (GrantEntry.Owner)

        // Links a copy may follow, the first entry included.
        public const int MaxChain = 4;
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

        // The sequence for an entry's next use: 1 .. MaxPositiveSequence,
        // never 0 (no grant) and never an id below 0.
        public static ushort NextSequence(ushort sequence) => (ushort)(sequence >= MaxPositiveSequence ? 1 : sequence + 1);

        public int Index => Value & 0xFFFF;
        public ushort Sequence => (ushort)((uint)Value >> 16);
    }
}
