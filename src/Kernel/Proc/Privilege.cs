using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Proc
{
    // A component's installed privileges (the part of its compiled policy
    // the kernel enforces), default deny: an empty Privilege allows nothing.
    // Filled from the table's Kernel record (PrivilegeReader, Install)
    // before the component runs; the kernel checks it on every trap and
    // kernel call. Records only RS or the PCI server act on (heartbeat,
    // restart, recovery script, service verbs, PCI ids) are not kept here:
    // they read them from the table themselves (PrivilegeRecords). Fixed
    // capacities: no allocation after installation.
    public sealed unsafe class Privilege
    {
        public const int MaxLabelLength = PrivilegeFormat.MaxLabelLength;
        public const int MaxTargets = KernelPrivilege.MaxTargets;
        public const int MaxIoRanges = KernelPrivilege.MaxIoRanges;
        public const int MaxIrqs = KernelPrivilege.MaxIrqs;
        public const int MaxMemoryRanges = KernelPrivilege.MaxMemoryRanges;

        public readonly byte[] Label = new byte[MaxLabelLength];
        public int LabelLength;

        // Allowed IPC targets by label; TargetSlots is the resolved form the
        // IPC path checks: slot s in it = may send to / notify slot s. The
        // kernel updates it whenever a process starts or changes its label.
        public readonly byte[] TargetLabels = new byte[MaxTargets * MaxLabelLength];
        public readonly int[] TargetLabelLengths = new int[MaxTargets];
        public int TargetCount;
        public SlotSet TargetSlots;

        public ulong KernelCalls;

        public readonly ushort[] IoFirst = new ushort[MaxIoRanges];
        public readonly ushort[] IoLast = new ushort[MaxIoRanges];
        public int IoRangeCount;

        public readonly byte[] Irqs = new byte[MaxIrqs];
        public int IrqCount;

        public readonly ulong[] MemoryBase = new ulong[MaxMemoryRanges];
        public readonly ulong[] MemoryLength = new ulong[MaxMemoryRanges];
        public int MemoryRangeCount;

        public ulong MemoryQuota;
        public byte Priority = 15;
        public ushort QuantumMs = 10;
        public uint Flags;

        public readonly byte[] SignalManager = new byte[MaxLabelLength];
        public int SignalManagerLength;

        // The label of allowed target `index` (< TargetCount), for resolving
        // TargetSlots.
        public ReadOnlySpan<byte> TargetLabelAt(int index) =>
            new ReadOnlySpan<byte>(TargetLabels, index * MaxLabelLength, TargetLabelLengths[index]);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool AllowsKernelCall(KernelCall call) => call >= 0 && call < KernelCall.Count && (KernelCalls & (1UL << (int)call)) != 0;

        public bool AllowsTarget(int slot) => TargetSlots.Contains(slot);

        // Every byte of [port, port + width) must lie in one allowed range.
        public bool AllowsPorts(ushort port, int width)
        {
            uint last = (uint)port + (uint)width - 1;
            for (int i = 0; i < IoRangeCount; i++)
            {
                if (port >= IoFirst[i] && last <= IoLast[i])
                    return true;
            }
            return false;
        }

        public bool AllowsIrq(int line)
        {
            for (int i = 0; i < IrqCount; i++)
            {
                if (Irqs[i] == line)
                    return true;
            }
            return false;
        }

        // The whole physical range must lie inside one allowed range.
        public bool AllowsMemory(ulong physicalBase, ulong length)
        {
            if (length == 0 || physicalBase + length < physicalBase)
                return false;
            for (int i = 0; i < MemoryRangeCount; i++)
            {
                if (physicalBase >= MemoryBase[i] && physicalBase + length <= MemoryBase[i] + MemoryLength[i])
                    return true;
            }
            return false;
        }

        // Whether `manager` is this component's signal manager (by label).
        public bool IsManagedBy(Privilege manager) =>
            SignalManagerLength > 0 && manager.LabelEquals(SignalManager, 0, SignalManagerLength);

        public bool LabelEquals(byte[] other, int offset, int length)
        {
            if (length != LabelLength)
                return false;
            for (int i = 0; i < length; i++)
            {
                if (Label[i] != other[offset + i])
                    return false;
            }
            return true;
        }

        public void Clear()
        {
            LabelLength = TargetCount = IoRangeCount = IrqCount = MemoryRangeCount = SignalManagerLength = 0;
            TargetSlots.Clear();
            KernelCalls = MemoryQuota = 0;
            Priority = 15;
            QuantumMs = 10;
            Flags = 0;
        }

        // Takes over a Kernel record PrivilegeReader.Valid accepted.
        internal void Install(KernelPrivilege* k)
        {
            LabelLength = k->LabelLength;
            SignalManagerLength = k->ManagerLength;
            TargetCount = k->TargetCount;
            IoRangeCount = k->IoRangeCount;
            IrqCount = k->IrqCount;
            MemoryRangeCount = k->MemoryRangeCount;
            KernelCalls = k->KernelCalls;
            MemoryQuota = k->MemoryQuota;
            Priority = k->Priority;
            QuantumMs = k->QuantumMs;
            Flags = k->Flags;
            TargetSlots.Clear();
            // Whole arrays, used part or not (MaxTargets is the largest capacity).
            for (int i = 0; i < MaxTargets * MaxLabelLength; i++)
                TargetLabels[i] = k->Targets[i / MaxLabelLength * KernelPrivilege.LabelBytes + i % MaxLabelLength];
            for (int i = 0; i < MaxTargets; i++)
            {
                TargetLabelLengths[i] = k->TargetLengths[i];
                if (i < MaxLabelLength)
                {
                    Label[i] = k->Label[i];
                    SignalManager[i] = k->Manager[i];
                }
                if (i < MaxIoRanges)   // = MaxIrqs
                {
                    IoFirst[i] = k->IoFirst[i];
                    IoLast[i] = k->IoLast[i];
                    Irqs[i] = k->Irqs[i];
                }
                if (i < MaxMemoryRanges)
                {
                    MemoryBase[i] = k->MemoryBase[i];
                    MemoryLength[i] = k->MemoryLength[i];
                }
            }
        }

        // Takes over every field of another privilege (used to install a new
        // table atomically after it was read and validated elsewhere).
        public void CopyFrom(Privilege other)
        {
            Copy(other.Label, Label);
            LabelLength = other.LabelLength;
            Copy(other.TargetLabels, TargetLabels);
            for (int i = 0; i < MaxTargets; i++)
                TargetLabelLengths[i] = other.TargetLabelLengths[i];
            TargetCount = other.TargetCount;
            TargetSlots = other.TargetSlots;
            KernelCalls = other.KernelCalls;
            for (int i = 0; i < MaxIoRanges; i++)
            {
                IoFirst[i] = other.IoFirst[i];
                IoLast[i] = other.IoLast[i];
            }
            IoRangeCount = other.IoRangeCount;
            Copy(other.Irqs, Irqs);
            IrqCount = other.IrqCount;
            for (int i = 0; i < MaxMemoryRanges; i++)
            {
                MemoryBase[i] = other.MemoryBase[i];
                MemoryLength[i] = other.MemoryLength[i];
            }
            MemoryRangeCount = other.MemoryRangeCount;
            MemoryQuota = other.MemoryQuota;
            Priority = other.Priority;
            QuantumMs = other.QuantumMs;
            Flags = other.Flags;
            Copy(other.SignalManager, SignalManager);
            SignalManagerLength = other.SignalManagerLength;
        }

        private static void Copy(byte[] from, byte[] to)
        {
            for (int i = 0; i < from.Length; i++)
                to[i] = from[i];
        }
    }
}
