using System;
using System.Runtime.InteropServices;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Proc
{
    // A component's installed privileges (the part of its compiled policy
    // the kernel enforces), default deny: an empty Privilege allows nothing.
    // Filled from the table's Kernel record (PrivilegeReader) before the
    // component runs; the kernel checks it on every trap and kernel call.
    // Records only RS or the PCI server act on (heartbeat, restart, recovery
    // script, service verbs, PCI ids) are not kept here: they read them from
    // the table themselves (PrivilegeRecords). Fixed capacities: no
    // allocation after installation.
    public sealed unsafe class Privilege
    {
        // The Kernel record as PrivilegeReader.Valid accepted it, kept whole:
        // installing or copying a privilege is one struct copy, and the
        // checks below read it where the policy compiler put it.
        public KernelPrivilege Record;

        // The resolved form of Record's targets (labels) the IPC path checks:
        // slot s in it = may send to / notify slot s. The kernel updates it
        // whenever a process starts or changes its label.
        public SlotSet TargetSlots;

        public Privilege() => Clear();

        public ReadOnlySpan<byte> Label => MemoryMarshal.CreateReadOnlySpan(ref Record.Label[0], Record.LabelLength);

        public ReadOnlySpan<byte> SignalManager => MemoryMarshal.CreateReadOnlySpan(ref Record.Manager[0], Record.ManagerLength);

        // The label of allowed target `index` (< Record.TargetCount).
        public ReadOnlySpan<byte> TargetLabelAt(int index) =>
            MemoryMarshal.CreateReadOnlySpan(ref Record.Targets[index * KernelPrivilege.LabelBytes], Record.TargetLengths[index]);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public bool AllowsKernelCall(KernelCall call) => call >= 0 && call < KernelCall.Count && (Record.KernelCalls & (1UL << (int)call)) != 0;

        public bool AllowsTarget(int slot) => TargetSlots.Contains(slot);

        // Every byte of [port, port + width) must lie in one allowed range.
        public bool AllowsPorts(ushort port, int width)
        {
            uint last = (uint)port + (uint)width - 1;
            for (int i = 0; i < Record.IoRangeCount; i++)
            {
                if (port >= Record.IoFirst[i] && last <= Record.IoLast[i])
                    return true;
            }
            return false;
        }

        public bool AllowsIrq(int line)
        {
            for (int i = 0; i < Record.IrqCount; i++)
            {
                if (Record.Irqs[i] == line)
                    return true;
            }
            return false;
        }

        // The whole physical range must lie inside one allowed range.
        public bool AllowsMemory(ulong physicalBase, ulong length)
        {
            if (length == 0 || physicalBase + length < physicalBase)
                return false;
            for (int i = 0; i < Record.MemoryRangeCount; i++)
            {
                if (physicalBase >= Record.MemoryBase[i] && physicalBase + length <= Record.MemoryBase[i] + Record.MemoryLength[i])
                    return true;
            }
            return false;
        }

        // Whether `manager` is this component's signal manager (by label).
        public bool IsManagedBy(Privilege manager) =>
            Record.ManagerLength > 0 && manager.Label.SequenceEqual(SignalManager);

        // Default deny; the scheduling values a process gets before it has
        // a table.
        public void Clear()
        {
            Record = default;
            Record.Priority = 15;
            Record.QuantumMs = 10;
            TargetSlots.Clear();
        }
    }
}
