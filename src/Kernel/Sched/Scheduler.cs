// The scheduler: QueueCount ready queues, 0 the highest priority, round robin
// within a queue (MINIX's run queues, without the user-space scheduler).
//
// Invariants:
//  - a process is linked in queue p.Priority exactly when it is runnable
//    (allocated and p.Flags == None): Block and Unblock link and unlink it
//    at exactly those transitions, and its Priority changes only while it
//    is unlinked (so the flags say whether it is queued, and where);
//  - the running process stays linked at the head of its queue (MINIX keeps
//    it there too), so PickNext is "head of the highest non-empty queue" and a
//    process that wakes up with a higher priority preempts it simply by being
//    picked; Tick rotates it to the tail when its quantum is used up.
// The trap and interrupt paths therefore call PickNext after every trap, IPC
// or tick and switch when the answer differs from the current process.
// Nothing here allocates after construction.
//
// A process that uses up a whole quantum while a lower queue waits drops one
// queue; each time it blocks it climbs one back, never above its policy's
// priority (MINIX 3's rule for catching endless loops in servers and
// drivers). A spinning process, whatever its priority, therefore sinks below
// whatever waits, a quantum per level, down to the lowest queue, which it
// shares round robin: it cannot starve the components below it (the
// terminals, DS, the servers RS waits for). Processes that wait between
// bursts keep their priority, and nothing drops while nobody below waits
// (two processes trading messages are often caught by a tick; pushing one
// below the other would only add switches). Its manager never waits even a
// quantum: the policy compiler refuses a component whose priority is not
// below its manager's. Block is inlined into the IPC paths, its runnable
// test first: with the climb's one compare, an IPC round trip costs no
// more than before the demotion.
using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Sched;

public sealed class Scheduler
{
    public const int QueueCount = 16;

    // Slots at the head and tail of each queue (Process.NoSlot when empty),
    // linked through Process.NextReady/PreviousReady: no reference stores,
    // so no write-barrier calls on the IPC path.
    private readonly int[] heads = new int[QueueCount];
    private readonly int[] tails = new int[QueueCount];
    // Any process's Table (the process objects by slot), from the first one queued.
    private Process[]? processes;
    // Bit q set = queue q is non-empty; PickNext takes the lowest set bit
    // instead of scanning the queues (it runs after every trap).
    private uint nonEmpty;

    /// <param name="timerHz">Timer interrupts per second (the rate Tick is called at).</param>
    public Scheduler(int timerHz)
    {
        TimerHz = timerHz > 0 ? timerHz : 1;
        for (int q = 0; q < QueueCount; q++)
            heads[q] = tails[q] = Process.NoSlot;
    }

    public int TimerHz { get; }

    /// <summary>A privilege's priority byte as a queue number (out-of-range values get the lowest).</summary>
    public static int ClampPriority(int priority) => priority < 0 || priority >= QueueCount ? QueueCount - 1 : priority;

    /// <summary>Whole timer ticks for a quantum in milliseconds, rounded up, at least 1.</summary>
    public int QuantumTicksFor(int quantumMs)
    {
        long ticks = ((long)quantumMs * TimerHz + 999) / 1000;
        return ticks < 1 ? 1 : ticks > int.MaxValue ? int.MaxValue : (int)ticks;
    }

    /// <summary>Adds <paramref name="reasons"/> to p's flags; a runnable process leaves its queue
    /// and climbs one queue back towards its policy's priority (it waits: it is not spinning).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Block(Process p, ProcessFlags reasons)
    {
        if (!p.IsRunnable)
        {
            p.Flags |= reasons;
            return;
        }
        if (reasons == ProcessFlags.None)
            return;
        p.Flags = reasons;
        Dequeue(p);
        // No clamp needed: a priority past the last queue leaves p in the last, below it.
        if (p.Priority > p.Privilege.Record.Priority)
            p.Priority--;
    }

    /// <summary>
    /// Clears <paramref name="reasons"/> from p's flags; when none remain the process joins the tail
    /// of its queue. The first admission computes its quantum from its privilege.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Unblock(Process p, ProcessFlags reasons)
    {
        if (p.IsRunnable || (p.Flags & reasons) == ProcessFlags.None)
            return;
        p.Flags &= ~reasons;
        if (!p.IsRunnable)
            return;
        if (p.QuantumTicks == 0)
        {
            p.QuantumTicks = QuantumTicksFor(p.Privilege.Record.QuantumMs);
            p.TicksLeft = p.QuantumTicks;
        }
        Enqueue(p);
    }

    /// <summary>Re-reads priority and quantum from p's privilege (after PrivCtl changed it);
    /// a queued process moves to the tail of its new queue, with a fresh quantum.</summary>
    public void ApplyPrivilege(Process p)
    {
        bool queued = p.IsRunnable;
        if (queued)
            Dequeue(p);
        p.Priority = ClampPriority(p.Privilege.Record.Priority);
        p.QuantumTicks = QuantumTicksFor(p.Privilege.Record.QuantumMs);
        p.TicksLeft = p.QuantumTicks;
        if (queued)
            Enqueue(p);
    }

    /// <summary>The process to run: the head of the highest non-empty queue; null = idle.
    /// Does not dequeue (see the invariants above).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Process? PickNext()
    {
        if (nonEmpty == 0)
            return null;
        return processes![heads[System.Numerics.BitOperations.TrailingZeroCount(nonEmpty)]];
    }

    /// <summary>
    /// One timer tick charged to <paramref name="current"/> (null when idle). True when its
    /// quantum ran out: it got a fresh quantum and moved to the tail of the next lower queue if a
    /// lower one waits (else of its own), and the caller should PickNext (which may return the
    /// same process when nothing else is runnable at that priority or above).
    /// </summary>
    public bool Tick(Process? current)
    {
        if (current == null || !current.IsRunnable)
            return false;
        if (--current.TicksLeft > 0)
            return false;
        current.TicksLeft = current.QuantumTicks > 0 ? current.QuantumTicks : 1;
        Dequeue(current);
        // Queues below current's are waiting (none below the last: nonEmpty has 16 bits).
        if ((nonEmpty >> (current.Priority + 1)) != 0)
            current.Priority++;
        Enqueue(current);
        return true;
    }

    /// <summary>The head of queue q, or null (diagnostics and tests; walk on with NextInQueue).</summary>
    public Process? QueueHead(int q) => heads[q] == Process.NoSlot ? null : processes![heads[q]];

    /// <summary>The process after p in its ready queue, or null.</summary>
    public static Process? NextInQueue(Process p) => p.NextReady == Process.NoSlot ? null : p.Table[p.NextReady];

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Enqueue(Process p)
    {
        if (processes == null)
            processes = p.Table;
        Process[] table = p.Table;
        int q = p.Priority;
        int tail = tails[q];
        p.NextReady = Process.NoSlot;
        p.PreviousReady = tail;
        if (tail != Process.NoSlot)
            table[tail].NextReady = p.Slot;
        else
            heads[q] = p.Slot;
        tails[q] = p.Slot;
        nonEmpty |= 1u << q;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Dequeue(Process p)
    {
        Process[] table = p.Table;
        int q = p.Priority;
        int previous = p.PreviousReady, next = p.NextReady;
        if (previous != Process.NoSlot)
            table[previous].NextReady = next;
        else
            heads[q] = next;
        if (next != Process.NoSlot)
            table[next].PreviousReady = previous;
        else
            tails[q] = previous;
        if (heads[q] == Process.NoSlot)
            nonEmpty &= ~(1u << q);
        p.NextReady = p.PreviousReady = Process.NoSlot;
    }
}
