using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Proc
{
    // Installs a compiled privilege table's Kernel record, its first: the
    // fixed structure (KernelPrivilege) the policy compiler, PM or RS built
    // from the table's records in ring 3 (PrivilegeTableReader). The kernel
    // parses no records: it checks the header, that the first record is a
    // Kernel record of the right size, and every count and range of the
    // structure (those it relies on when checking a trap or kernel call);
    // anything else wrong leaves the Privilege cleared (default deny).
    public static unsafe class PrivilegeReader
    {
        private const int RecordStart = PrivilegeFormat.HeaderSize, PayloadStart = RecordStart + 4;

        // errorOffset: where the table went wrong (the magic, the Kernel
        // record, or its payload); 0 on success.
        public static bool Read(ReadOnlySpan<byte> table, Privilege into, out int errorOffset)
        {
            into.Clear();
            errorOffset = 0;
            if (table.Length < PayloadStart + KernelPrivilege.Bytes || !table.Slice(0, PrivilegeFormat.Magic.Length).SequenceEqual(PrivilegeFormat.Magic))
                return false;
            errorOffset = RecordStart;
            if ((table[RecordStart] | table[RecordStart + 1] << 8) != PrivilegeFormat.Kernel || (table[RecordStart + 2] | table[RecordStart + 3] << 8) != KernelPrivilege.Bytes)
                return false;
            KernelPrivilege record;
            fixed (byte* start = table)
                record = *(KernelPrivilege*)(start + PayloadStart);   // the table has no alignment
            errorOffset = PayloadStart;
            if (!Valid(&record))
                return false;
            into.Record = record;
            errorOffset = 0;
            return true;
        }

        // A table in `holder`'s memory (PrivCtl, VmCtl's NewProcess): Ok,
        // BadArgument (a bad length or table) or BadAddress (unreadable).
        internal static int ReadFrom(Process holder, ulong address, long length, Privilege into)
        {
            if (length <= 0 || length > PrivCtlMessage.MaxTable)
                return Status.BadArgument;
            byte* table = stackalloc byte[PrivCtlMessage.MaxTable];
            if (!KernelServices.Host.CopyFromProcess(holder, address, table, (int)length))
                return Status.BadAddress;
            return Read(new ReadOnlySpan<byte>(table, (int)length), into, out _) ? Status.Ok : Status.BadArgument;
        }

        // The ranges Privilege's checks assume: counts within capacity,
        // labels 1..31 bytes (a manager may be absent), ports first <= last,
        // IRQ lines 0..15, memory ranges non-empty and not wrapping past 2^64,
        // no kernel call this kernel lacks, priority 0..15, quantum >= 1 ms.
        internal static bool Valid(KernelPrivilege* k)
        {
            if (k->LabelLength == 0 || k->LabelLength > PrivilegeFormat.MaxLabelLength || k->ManagerLength > PrivilegeFormat.MaxLabelLength
                || k->TargetCount > KernelPrivilege.MaxTargets || k->IoRangeCount > KernelPrivilege.MaxIoRanges || k->IrqCount > KernelPrivilege.MaxIrqs
                || k->MemoryRangeCount > KernelPrivilege.MaxMemoryRanges || k->Priority > 15 || k->QuantumMs == 0
                || (k->Flags & ~PrivilegeFlags.Known) != 0 || (int)KernelCall.Count < 64 && (k->KernelCalls >> (int)KernelCall.Count) != 0)
                return false;
            // One pass over the arrays (MaxTargets is the largest capacity).
            for (int i = 0; i < KernelPrivilege.MaxTargets; i++)
            {
                if (i < k->TargetCount && (k->TargetLengths[i] == 0 || k->TargetLengths[i] > PrivilegeFormat.MaxLabelLength)
                    || i < k->IoRangeCount && k->IoFirst[i] > k->IoLast[i] || i < k->IrqCount && k->Irqs[i] > 15
                    || i < k->MemoryRangeCount && (k->MemoryLength[i] == 0 || k->MemoryBase[i] + k->MemoryLength[i] < k->MemoryBase[i]))
                    return false;
            }
            return true;
        }
    }
}
