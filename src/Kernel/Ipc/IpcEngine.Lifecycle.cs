// Deadlock detection and process exit: the two places where the IPC state of
// several processes is examined together.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    /// <summary>
    /// MINIX's deadlock(): would blocking caller on target (sending to it, or receiving from it)
    /// close a cycle of blocked processes? Follows BlockedOn edges (send destination, else
    /// specific receive source) from target; reaching caller is a deadlock, except for two
    /// processes where one sends and the other receives from it (that pair rendezvous, it does
    /// not deadlock). The walk is bounded by the table size: the graph is kept acyclic by this
    /// very check, but a bound costs nothing and makes a corrupted table harmless.
    /// </summary>
    private bool WouldDeadlock(Process caller, Process target, bool sending)
    {
        Process current = target;
        for (int groupSize = 2; groupSize <= ProcessTable.SlotCount; groupSize++)
        {
            Endpoint next = current.BlockedOn;
            if (!next.IsProcess)
                return false;
            if (next == caller.Endpoint)
                return groupSize > 2 || current.IsSending == sending;
            Process? following = table.Lookup(next);
            if (following == null)
                return false;
            current = following;
        }
        return false;
    }

    /// <summary>
    /// Forgets a process that exited or was killed, and frees its slot (MINIX's clear_endpoint).
    /// Every process blocked sending to it, or receiving from it specifically (including SendRec
    /// callers waiting for its reply), is released with DeadEndpoint; notification bits it set in
    /// others are dropped (a successor in the slot must not inherit them); its own queues and
    /// pending state are dropped. Messages it queued with SendAsync in others stay: they carry its
    /// full endpoint, so they cannot be mistaken for a successor's. Defect reports held for it
    /// (it was a manager) are dropped, since nobody is left to take them. Release the address space and
    /// anything else the hardware fields refer to before or after; they are left untouched.
    /// The next allocation of the slot gets a new generation, so the old endpoint stays dead.
    /// </summary>
    public void ProcessExited(Process p)
    {
        if (p.IsFree)
            return;
        LeaveSenderQueue(p);
        while (p.Senders.First is Process sender)
        {
            p.Senders.Remove(sender);
            Release(sender, Status.DeadEndpoint);
        }

        Endpoint gone = p.Endpoint;
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
        {
            Process other = table[slot];
            if (other == p || other.IsFree)
                continue;
            other.PendingNotifications.Remove(p.Slot);
            if (other.IsReceiving && other.ReceiveFrom == gone)
                Release(other, Status.DeadEndpoint);
        }

        DropHeldReports(p);

        // Off the ready queue first (Stopped is as good as any reason), then the
        // table marks the slot Free.
        scheduler.Block(p, ProcessFlags.Stopped);
        table.Free(p);
    }

    /// <summary>
    /// Exec replaced the image that made p's pending trap: p leaves the sender queue it is on and
    /// stops waiting to receive; its trap gets no result. Senders blocked on p, its notifications
    /// and its queued messages stay, for the new image to receive. p is left Stopped.
    /// </summary>
    public void AbandonTrap(Process p)
    {
        scheduler.Block(p, ProcessFlags.Stopped);
        LeaveSenderQueue(p);
        p.OutgoingMessage = default;
        EndWait(p);
    }

    /// <summary>
    /// Fork: the child, a copy of parent, also copies the receive parent is blocked in (typically
    /// the reply half of its SendRec to the process manager), so the manager's reply to the child
    /// completes the child's copy of the trap. A parent blocked sending is not copied: the child
    /// does not send the request a second time.
    /// </summary>
    public void InheritReceive(Process child, Process parent)
    {
        if (!parent.IsReceiving)
            return;
        child.ReceiveFrom = parent.ReceiveFrom;
        child.ReceiveBuffer = parent.ReceiveBuffer;
        child.ReplyPending = parent.ReplyPending;
        scheduler.Block(child, ProcessFlags.Receiving);
    }
}
