// The IPC state machine: MINIX's rendezvous message passing (proc.c's
// mini_send, mini_receive, mini_notify, asynchronous sends and deadlock
// detection) over fixed 64-byte messages, with no hardware access: process
// memory and trap results go through IProcessHost, runnability through the
// Scheduler. The trap handler calls one public method per IPC trap with the
// current process as caller; the IpcResult says whether the caller's trap is
// over (return Status in rax) or the caller blocked (switch to PickNext()).
// A process released from a blocked trap gets its result via
// IProcessHost.SetTrapResult and becomes runnable through the scheduler.
//
// Checks, in this order, for every operation that names a destination:
// BadArgument (not a process endpoint), DeadEndpoint (free slot or stale
// generation; liveness first, so a client of a restarted server learns the old
// endpoint is dead rather than forbidden), NotAllowed (caller's privilege lacks
// the slot), then BadAddress (the caller's buffer). Any failure returns before
// any state changes. Receive is not checked against the privilege (as in
// MINIX): only senders need authority. One send needs none either: the reply
// to a process blocked in SendRec waiting for the caller (its request was
// the authority), so servers answer clients their policy does not list —
// user programs come and go and have no label a policy could name. And a
// component and its signal manager may always message each other: the
// manager already decides its life (restarts it), and supervision needs
// the pair to talk (RS's heartbeat pings and their answers, complaints).
//
// Nothing here allocates; the per-process state lives in Process.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Kernel.Sched;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    private readonly ProcessTable table;
    private readonly Scheduler scheduler;
    private readonly IProcessHost host;

    public IpcEngine(ProcessTable table, Scheduler scheduler, IProcessHost host)
    {
        this.table = table;
        this.scheduler = scheduler;
        this.host = host;
    }

    /// <summary>Messages queued for p by SendAsync or the kernel, not yet received.</summary>
    public static int QueuedMessageCount(Process p) => p.AsyncMessages.Count;

    /// <summary>The slots whose notifications to p are pending.</summary>
    public static SlotSet PendingNotifications(Process p) => p.PendingNotifications;

    // The destination of Send, SendRec, Notify, SendAsync: null with the
    // failure status when it cannot be used.
    private Process? ResolveTarget(Process caller, Endpoint destination, out int status)
    {
        status = Status.Ok;
        if (!destination.IsProcess)
        {
            status = Status.BadArgument;
            return null;
        }
        Process? target = table.Lookup(destination);
        if (target == null)
        {
            status = Status.DeadEndpoint;
            return null;
        }
        if (!caller.Privilege.AllowsTarget(target.Slot) && !AwaitsReplyFrom(target, caller) && !Supervises(caller, target))
        {
            status = Status.NotAllowed;
            return null;
        }
        return target;
    }

    // target made a SendRec to caller, which took the request: the reply is due.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool AwaitsReplyFrom(Process target, Process caller) =>
        target.ReplyPending && target.IsReceiving && !target.IsSending && target.ReceiveFrom == caller.Endpoint;

    // One of the two is the other's signal manager.
    private static bool Supervises(Process caller, Process target) =>
        target.Privilege.IsManagedBy(caller.Privilege) || caller.Privilege.IsManagedBy(target.Privilege);

    // MINIX's WILLRECEIVE: blocked in a receive (and not still in the send half
    // of a SendRec) whose filter admits source.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool WillReceive(Process target, Endpoint source) =>
        target.IsReceiving && !target.IsSending && (target.ReceiveFrom.IsAny || target.ReceiveFrom == source);

    // Hands a message to a receiver waiting for source. False when it is not
    // waiting for source, or its buffer proved bad (it is then released with
    // BadAddress and the message is not delivered).
    private bool TryDeliver(Process target, Endpoint source, Message* message) =>
        WillReceive(target, source) && DeliverToWaiting(target, message);

    // Precondition: target is blocked receiving and admits the message.
    private bool DeliverToWaiting(Process target, Message* message)
    {
        if (host.CopyToProcess(target, target.ReceiveBuffer, message, Message.Size))
        {
            Release(target, Status.Ok);
            return true;
        }
        // The buffer was writable when it blocked; only an address-space change
        // since then gets here. The receiver's own trap fails, not the sender's.
        Release(target, Status.BadAddress);
        return false;
    }

    // Ends p's blocked trap with status. Precondition: p is not linked in any
    // sender queue (callers unlink it first).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Release(Process p, int status)
    {
        host.SetTrapResult(p, status);
        EndWait(p);
    }

    // Forgets what p waited for and lets it run (unless it is also stopped).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void EndWait(Process p)
    {
        p.SendTo = Endpoint.None;
        p.ReceiveFrom = Endpoint.None;
        p.ReceiveBuffer = 0;
        p.ReplyPending = false;
        scheduler.Unblock(p, ProcessFlags.Sending | ProcessFlags.Receiving);
    }

    // A sending p leaves its destination's sender queue (exit, exec).
    private void LeaveSenderQueue(Process p)
    {
        if (p.IsSending && table.Lookup(p.SendTo) is Process target)
            target.Senders.Remove(p);
    }
}
