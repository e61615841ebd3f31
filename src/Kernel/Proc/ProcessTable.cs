// The fixed process table: Endpoint.SlotCount Process objects created once.
// An endpoint names a slot and the generation the slot had when it was
// allocated; Lookup accepts it only while that same allocation is alive, so a
// message to a dead or replaced component fails (Status.DeadEndpoint) instead
// of reaching its successor in the slot.
//
// Generations start at 0 and the first allocation of a slot gives 1. They wrap
// after Endpoint.MaxGeneration allocations of one slot; an endpoint kept that
// long would alias, which is accepted (MINIX's endpoints wrap the same way).
using Minix3.Cosmos.Kernel.Sched;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Proc;

public sealed class ProcessTable
{
    public const int SlotCount = Endpoint.SlotCount;

    // Slots a fork may not take (user processes come from forks; servers and
    // drivers from RS's spawns): a user who forks without end (PM's per-user
    // limit aside) still leaves room for RS to restart every component.
    public const int ReservedForComponents = 32;

    private readonly Process[] slots = new Process[SlotCount];
    private int allocatedCount;

    public ProcessTable()
    {
        NoPrivilege = new Privilege();
        for (int i = 0; i < SlotCount; i++)
            slots[i] = new Process(i, NoPrivilege, slots);
    }

    /// <summary>The deny-all privilege free slots point at (so Process.Privilege is never null).</summary>
    public Privilege NoPrivilege { get; }

    /// <summary>Allocated slots.</summary>
    public int Count => allocatedCount;

    /// <summary>The process object of a slot, free or not (for walks over the table).</summary>
    public Process this[int slot] => slots[slot];

    /// <summary>
    /// Allocates the lowest free slot whose defect report, if any, its manager has taken
    /// (Process.ReportHeld), under a new generation. A fork (<paramref name="forked"/>) is
    /// refused the last <see cref="ReservedForComponents"/> slots. The process starts
    /// <see cref="ProcessFlags.Stopped"/> with the given privilege and no IPC state; the caller
    /// sets up its hardware state, then makes it runnable with
    /// <c>Scheduler.Unblock(p, ProcessFlags.Stopped)</c>. Null when the table is full.
    /// </summary>
    public Process? Allocate(Privilege privilege, bool forked = false)
    {
        Process? first = null;
        int available = 0;
        for (int i = 0; i < SlotCount; i++)
        {
            if (!IsAvailable(slots[i]))
                continue;
            first ??= slots[i];
            available++;
        }
        if (first == null || (forked && available <= ReservedForComponents))
            return null;
        return Take(first, privilege);
    }

    /// <summary>Like <see cref="Allocate"/> for one given slot (boot processes with well-known
    /// slots). Null when the slot is out of range or in use.</summary>
    public Process? AllocateSlot(int slot, Privilege privilege)
    {
        if ((uint)slot >= SlotCount || !IsAvailable(slots[slot]))
            return null;
        return Take(slots[slot], privilege);
    }

    /// <summary>The live process an endpoint names; null for Any/None/Kernel, a free slot, or an
    /// endpoint of an earlier (or later) generation of the slot.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Process? Lookup(Endpoint endpoint)
    {
        // Unsigned: slot and generation by mask and shift (the value is not negative).
        int value = endpoint.Value;
        if (value < 0)
            return null;
        Process p = slots[(uint)value % SlotCount];
        if (p.IsFree || p.Generation != (int)((uint)value / SlotCount))
            return null;
        return p;
    }

    /// <summary>
    /// Returns a slot to the free pool. Only IpcEngine.ProcessExited calls this, after it released
    /// every partner and the scheduler dropped the process. Hardware fields are left alone.
    /// </summary>
    internal void Free(Process p)
    {
        if (p.IsFree)
            return;
        p.ResetIpc();
        p.ResetCallState();
        p.Flags = ProcessFlags.Free;
        p.Privilege = NoPrivilege;
        p.QuantumTicks = p.TicksLeft = 0;
        allocatedCount--;
    }

    private static bool IsAvailable(Process p) => p.IsFree && !p.ReportHeld;

    private Process Take(Process p, Privilege privilege)
    {
        p.Generation = p.Generation >= Endpoint.MaxGeneration ? 1 : p.Generation + 1;
        p.Flags = ProcessFlags.Stopped;
        p.Privilege = privilege;
        p.Priority = Scheduler.ClampPriority(privilege.Record.Priority);
        p.QuantumTicks = p.TicksLeft = 0;
        p.UserId = p.GroupId = 0;
        p.ResetIpc();
        p.ResetCallState();
        allocatedCount++;
        return p;
    }
}
