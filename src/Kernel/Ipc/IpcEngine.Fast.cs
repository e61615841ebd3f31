// The fast path: the three traps of every client/server call. A SendRec to a
// server already waiting in Receive, the server's Send of the reply to the
// client waiting in that SendRec, and the server's next Receive when nothing
// is pending. Each does exactly what the general method does in that case
// (the same state changes in the same order, the same results) with one copy
// from the sender's page to the receiver's instead of two through a kernel
// buffer and without building an IpcResult. In any other case it declines
// (false) before changing anything, and the trap handler takes the general
// method, which makes every check and every refusal: nothing is refused here.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    /// <summary>SendRec to a process waiting for the caller: the request is delivered and the
    /// caller blocks for the reply. True = done (the caller is blocked); false = nothing done.</summary>
    public bool TryFastSendRec(Process caller, Endpoint destination, ulong buffer)
    {
        Process? target = table.Lookup(destination);
        if (target == null || target == caller || !WillReceive(target, caller.Endpoint) || !caller.Privilege.AllowsTarget(target.Slot))
            return false;
        if (!host.CopyMessage(caller, buffer, true, target, target.ReceiveBuffer, caller.Endpoint.Value))
            return false;
        Release(target, Status.Ok);
        caller.ReplyPending = true;
        caller.ReceiveFrom = target.Endpoint;
        caller.ReceiveBuffer = buffer;
        scheduler.Block(caller, ProcessFlags.Receiving);
        return true;
    }

    /// <summary>Send to a process waiting for the caller (typically the reply to its SendRec).
    /// True = delivered, the caller's trap returns Ok; false = nothing done.</summary>
    public bool TryFastSend(Process caller, Endpoint destination, ulong buffer)
    {
        Process? target = table.Lookup(destination);
        if (target == null || !WillReceive(target, caller.Endpoint) || !(AwaitsReplyFrom(target, caller) || caller.Privilege.AllowsTarget(target.Slot)))
            return false;
        if (!host.CopyMessage(caller, buffer, false, target, target.ReceiveBuffer, caller.Endpoint.Value))
            return false;
        Release(target, Status.Ok);
        return true;
    }

    /// <summary>Receive from Any with nothing pending: the caller blocks. True = blocked;
    /// false = something may be pending (or the buffer is bad), nothing done.</summary>
    public bool TryFastReceive(Process caller, Endpoint source, ulong buffer)
    {
        if (!source.IsAny || caller.Senders.First != null || caller.AsyncMessages.Count != 0 || caller.KernelNotificationPending
            || caller.HeldReports.First != null || !caller.PendingNotifications.IsEmpty || !host.IsWritable(caller, buffer, Message.Size))
            return false;
        caller.ReceiveFrom = source;
        caller.ReceiveBuffer = buffer;
        scheduler.Block(caller, ProcessFlags.Receiving);
        return true;
    }
}
