using System;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Why a privilege table's records were refused (PrivilegeTableReader.Read).
    public enum PrivilegeTableError
    {
        None = 0,
        TooShort,            // shorter than the 16-byte header
        BadMagic,            // the first 8 bytes are not "M3PRIV" 0 1
        BadTotalLength,      // total length < header, > the bytes given, or not a multiple of 4
        BadRecordCount,      // the header's count differs from the records present
        TruncatedRecord,     // a record header or padded payload runs past the total length
        BadPadding,          // a padding byte after a payload is not zero
        UnknownTag,
        BadPayloadLength,    // a fixed-size payload of the wrong size, or a string of 0 or too many bytes
        DuplicateTag,        // a single-valued tag appears twice
        TooMany,             // more repeated records than Privilege holds
        BadLabel,            // a label byte outside [a-z0-9_-]
        BadValue,            // a value out of range (see each tag in ReadRecord)
        MissingLabel,        // no Label record
    }

    // Reads the records of a binary privilege table (format:
    // src/Lib/Ipc/PrivilegeFormat.cs) into the fixed structure the kernel
    // installs (KernelPrivilege), strictly: anything unexpected rejects the
    // whole table and leaves the structure empty (default deny), never half
    // filled. Checked: magic; total length (within the bytes given, which
    // may be longer, e.g. a page-rounded boot module; header included; a
    // multiple of 4); records exactly filling the total length with zero
    // padding; the record count; known tags; exact payload sizes;
    // single-valued tags at most once and Label exactly once; repeated tags
    // within the structure's capacities; label bytes in [a-z0-9_-]; and the
    // range of each value the kernel keeps. A Kernel record already present
    // is skipped: the structure is rebuilt from the others. Used by the
    // policy compiler and by PM and RS when they relabel a table
    // (PrivilegeRecords.WithKernelPart); the kernel itself only checks the
    // structure's ranges. Allocation-free.
    public static unsafe class PrivilegeTableReader
    {
        // errorOffset is the byte offset of the bad header field (magic byte,
        // 8 for the total length, 12 for the record count) or the start of the
        // bad record; 0 on success and for MissingLabel.
        // Written through a pointer: the structure is 1,360 bytes, and a
        // copy or two more on a component's stack would need a stack probe
        // its runtime does not have.
        public static bool Read(ReadOnlySpan<byte> table, KernelPrivilege* into, out int errorOffset, out PrivilegeTableError error)
        {
            Clear(into);
            error = Parse(table, into, out errorOffset);
            if (error != PrivilegeTableError.None)
                Clear(into);
            return error == PrivilegeTableError.None;
        }

        // Nothing allowed; the scheduling defaults a table without a
        // Scheduling record gets.
        public static void Clear(KernelPrivilege* privilege)
        {
            byte* bytes = (byte*)privilege;
            for (int i = 0; i < KernelPrivilege.Bytes; i++)
                bytes[i] = 0;
            privilege->Priority = 15;
            privilege->QuantumMs = 10;
        }

        private static PrivilegeTableError Parse(ReadOnlySpan<byte> table, KernelPrivilege* into, out int errorOffset)
        {
            errorOffset = 0;
            if (table.Length < PrivilegeFormat.HeaderSize)
                return PrivilegeTableError.TooShort;
            for (int i = 0; i < 8; i++)
            {
                if (table[i] != PrivilegeFormat.MagicByte(i))
                {
                    errorOffset = i;
                    return PrivilegeTableError.BadMagic;
                }
            }
            uint total = U32(table, 8);
            uint count = U32(table, 12);
            if (total < PrivilegeFormat.HeaderSize || total > (uint)table.Length || (total & 3) != 0)
            {
                errorOffset = 8;
                return PrivilegeTableError.BadTotalLength;
            }

            int end = (int)total;
            int offset = PrivilegeFormat.HeaderSize;
            uint records = 0;
            uint seenSingles = 0;   // bit = tag, for the single-valued tags
            while (offset < end)
            {
                errorOffset = offset;
                if (end - offset < 4)
                    return PrivilegeTableError.TruncatedRecord;
                int tag = U16(table, offset);
                int length = U16(table, offset + 2);
                int padded = (length + 3) & ~3;
                if (padded > end - offset - 4)
                    return PrivilegeTableError.TruncatedRecord;
                if (records == count)
                    return PrivilegeTableError.BadRecordCount;
                for (int i = offset + 4 + length; i < offset + 4 + padded; i++)
                {
                    if (table[i] != 0)
                        return PrivilegeTableError.BadPadding;
                }
                if (tag < 32 && (Repeated & (1u << tag)) == 0)
                {
                    if ((seenSingles & (1u << tag)) != 0)
                        return PrivilegeTableError.DuplicateTag;
                    seenSingles |= 1u << tag;
                }
                if (FixedSize(tag) >= 0 && length != FixedSize(tag))
                    return PrivilegeTableError.BadPayloadLength;
                PrivilegeTableError problem = ReadRecord(tag, table.Slice(offset + 4, length), into);
                if (problem != PrivilegeTableError.None)
                    return problem;
                records++;
                offset += 4 + padded;
            }
            if (records != count)
            {
                errorOffset = 12;
                return PrivilegeTableError.BadRecordCount;
            }
            if (into->LabelLength == 0)
            {
                errorOffset = 0;
                return PrivilegeTableError.MissingLabel;
            }
            errorOffset = 0;
            return PrivilegeTableError.None;
        }

        // The tags that may repeat; every other at most once (all tags below
        // 32: one bit each in Parse's seenSingles).
        private const uint Repeated = 1u << PrivilegeFormat.IpcTarget | 1u << PrivilegeFormat.IoRange | 1u << PrivilegeFormat.Irq
            | 1u << PrivilegeFormat.MemoryRange | 1u << PrivilegeFormat.PciDevice;

        // The payload size of a fixed-size record; -1 for the others.
        private static int FixedSize(int tag) => tag switch
        {
            PrivilegeFormat.KernelCalls or PrivilegeFormat.MemoryQuota or PrivilegeFormat.Heartbeat or PrivilegeFormat.Restart => 8,
            PrivilegeFormat.IoRange or PrivilegeFormat.PciDevice or PrivilegeFormat.Scheduling or PrivilegeFormat.Flags or PrivilegeFormat.ServiceVerbs => 4,
            PrivilegeFormat.Irq => 1,
            PrivilegeFormat.MemoryRange => 16,
            PrivilegeFormat.Kernel => KernelPrivilege.Bytes,
            _ => -1,
        };

        // One record's payload (already bounds-checked) into the Privilege.
        private static PrivilegeTableError ReadRecord(int tag, ReadOnlySpan<byte> p, KernelPrivilege* into)
        {
            switch (tag)
            {
                case PrivilegeFormat.Label:
                    return CopyLabel(p, into->Label, out into->LabelLength);
                case PrivilegeFormat.IpcTarget:
                    if (into->TargetCount == KernelPrivilege.MaxTargets)
                        return PrivilegeTableError.TooMany;
                    PrivilegeTableError target = CopyLabel(p, into->Targets + into->TargetCount * KernelPrivilege.LabelBytes, out into->TargetLengths[into->TargetCount]);
                    if (target == PrivilegeTableError.None)
                        into->TargetCount++;
                    return target;
                case PrivilegeFormat.KernelCalls:
                    ulong calls = U64(p, 0);
                    if ((int)KernelCall.Count < 64 && (calls >> (int)KernelCall.Count) != 0)
                        return PrivilegeTableError.BadValue;   // a call this kernel does not have
                    into->KernelCalls = calls;
                    return PrivilegeTableError.None;
                case PrivilegeFormat.IoRange:
                    if (into->IoRangeCount == KernelPrivilege.MaxIoRanges)
                        return PrivilegeTableError.TooMany;
                    ushort first = (ushort)U16(p, 0), last = (ushort)U16(p, 2);
                    if (first > last)
                        return PrivilegeTableError.BadValue;
                    into->IoFirst[into->IoRangeCount] = first;
                    into->IoLast[into->IoRangeCount] = last;
                    into->IoRangeCount++;
                    return PrivilegeTableError.None;
                case PrivilegeFormat.Irq:
                    if (into->IrqCount == KernelPrivilege.MaxIrqs)
                        return PrivilegeTableError.TooMany;
                    if (p[0] > 15)
                        return PrivilegeTableError.BadValue;
                    into->Irqs[into->IrqCount++] = p[0];
                    return PrivilegeTableError.None;
                case PrivilegeFormat.MemoryRange:
                    if (into->MemoryRangeCount == KernelPrivilege.MaxMemoryRanges)
                        return PrivilegeTableError.TooMany;
                    ulong physicalBase = U64(p, 0), length = U64(p, 8);
                    // Empty, or wrapping past 2^64 (the kernel adds them).
                    if (length == 0 || physicalBase + length < physicalBase)
                        return PrivilegeTableError.BadValue;
                    into->MemoryBase[into->MemoryRangeCount] = physicalBase;
                    into->MemoryLength[into->MemoryRangeCount] = length;
                    into->MemoryRangeCount++;
                    return PrivilegeTableError.None;
                case PrivilegeFormat.MemoryQuota:
                    into->MemoryQuota = U64(p, 0);
                    return PrivilegeTableError.None;
                case PrivilegeFormat.Scheduling:
                    // Priority 0..15, reserved byte 0, quantum at least 1 ms.
                    if (p[0] > 15 || p[1] != 0 || U16(p, 2) == 0)
                        return PrivilegeTableError.BadValue;
                    into->Priority = p[0];
                    into->QuantumMs = (ushort)U16(p, 2);
                    return PrivilegeTableError.None;
                case PrivilegeFormat.SignalManager:
                    return CopyLabel(p, into->Manager, out into->ManagerLength);
                case PrivilegeFormat.Flags:
                    uint flags = U32(p, 0);
                    if ((flags & ~PrivilegeFlags.Known) != 0)
                        return PrivilegeTableError.BadValue;
                    into->Flags = flags;
                    return PrivilegeTableError.None;
                // Records RS (or the PCI server) acts on, not the kernel: only
                // their size is checked, nothing of them kept. A Kernel record
                // is what this builds: an old one is ignored.
                case PrivilegeFormat.PciDevice:
                case PrivilegeFormat.ServiceVerbs:
                case PrivilegeFormat.Heartbeat:
                case PrivilegeFormat.Restart:
                case PrivilegeFormat.Kernel:
                    return PrivilegeTableError.None;
                case PrivilegeFormat.RecoveryScript:
                    return p.Length > 0 ? PrivilegeTableError.None : PrivilegeTableError.BadPayloadLength;
                default:
                    return PrivilegeTableError.UnknownTag;
            }
        }

        // A label: 1..MaxLabelLength bytes of [a-z0-9_-], copied to `into`;
        // length stays 0 unless the label is valid.
        private static PrivilegeTableError CopyLabel(ReadOnlySpan<byte> p, byte* into, out byte length)
        {
            length = 0;
            if (p.Length == 0 || p.Length > PrivilegeFormat.MaxLabelLength)
                return PrivilegeTableError.BadPayloadLength;
            for (int i = 0; i < p.Length; i++)
            {
                byte c = p[i];
                bool valid = (c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'0' && c <= (byte)'9') || c == (byte)'_' || c == (byte)'-';
                if (!valid)
                    return PrivilegeTableError.BadLabel;
                into[i] = c;
            }
            length = (byte)p.Length;
            return PrivilegeTableError.None;
        }

        private static int U16(ReadOnlySpan<byte> b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        private static uint U32(ReadOnlySpan<byte> b, int at)
        {
            return (uint)b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);
        }

        private static ulong U64(ReadOnlySpan<byte> b, int at)
        {
            return U32(b, at) | ((ulong)U32(b, at + 4) << 32);
        }
    }
}
