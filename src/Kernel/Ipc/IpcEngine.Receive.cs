// Receiving. A receive takes, in this order, the first thing its filter
// (Any, Kernel, or one process endpoint) admits:
//   1. the kernel's pending notification;
//   2. a held defect report (IpcEngine.Defects);
//   3. a pending notification from a process;
//   4. the oldest message queued by SendAsync;
//   5. the first blocked sender in FIFO order;
// and otherwise blocks. Each step copies into the caller's buffer before it
// changes any state, so a copy that fails leaves the message where it was.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    // A Take* step found nothing for the filter (not a Status value).
    private const int NothingPending = 1;

    /// <summary>
    /// Receive (rdi = source endpoint, Endpoint.Any or Endpoint.Kernel; rsi = message address).
    /// Completed Ok with the message in the buffer (its Source names the sender), or blocks until
    /// one arrives. DeadEndpoint for a dead specific source (also later, if it exits while the
    /// caller waits); Deadlock when waiting would close a cycle; BadAddress when the buffer is
    /// not writable.
    /// </summary>
    public IpcResult Receive(Process caller, Endpoint source, ulong buffer)
    {
        Process? partner = null;
        if (source.IsProcess)
        {
            partner = table.Lookup(source);
            if (partner == null)
                return IpcResult.Completed(Status.DeadEndpoint);
        }
        else if (!source.IsAny && source != Endpoint.Kernel)
        {
            return IpcResult.Completed(Status.BadArgument);
        }
        if (!host.IsWritable(caller, buffer, Message.Size))
            return IpcResult.Completed(Status.BadAddress);

        // Notifications and reports are rare: one test skips all three
        // (a server's receive between requests finds none of them).
        int status = NothingPending;
        if (caller.KernelNotificationPending || caller.HeldReports.First != null || !caller.PendingNotifications.IsEmpty)
        {
            status = TakeKernelNotification(caller, source, buffer);
            if (status == NothingPending)
                status = TakeDefectReport(caller, source, buffer);
            if (status == NothingPending)
                status = TakeNotification(caller, source, buffer);
        }
        if (status == NothingPending)
            status = TakeQueued(caller, source, buffer);
        if (status == NothingPending)
            status = TakeSender(caller, source, buffer);
        if (status != NothingPending)
            return IpcResult.Completed(status);

        if (partner != null && (partner == caller || WouldDeadlock(caller, partner, sending: false)))
            return IpcResult.Completed(Status.Deadlock);
        caller.ReceiveFrom = source;
        caller.ReceiveBuffer = buffer;
        scheduler.Block(caller, ProcessFlags.Receiving);
        return IpcResult.Blocked;
    }

    private int TakeKernelNotification(Process caller, Endpoint source, ulong buffer)
    {
        if (!caller.KernelNotificationPending || !(source.IsAny || source == Endpoint.Kernel))
            return NothingPending;
        Message message;
        BuildKernelNotification(caller, &message);
        if (!host.CopyToProcess(caller, buffer, &message, Message.Size))
            return Status.BadAddress;
        ClearKernelNotification(caller);
        return Status.Ok;
    }

    private int TakeNotification(Process caller, Endpoint source, ulong buffer)
    {
        Message message;
        // From Any the lowest pending source; from one process only its own.
        int slot = source.IsAny ? caller.PendingNotifications.Lowest()
            : source.IsProcess && caller.PendingNotifications.Contains(source.Slot) ? source.Slot
            : -1;
        if (slot < 0)
            return NothingPending;
        BuildNotification(&message, table[slot].Endpoint);
        if (!host.CopyToProcess(caller, buffer, &message, Message.Size))
            return Status.BadAddress;
        caller.PendingNotifications.Remove(slot);
        return Status.Ok;
    }

    private int TakeQueued(Process caller, Endpoint source, ulong buffer)
    {
        int index = caller.AsyncMessages.Find(source);
        if (index < 0)
            return NothingPending;
        Message message = caller.AsyncMessages.At(index);
        if (!host.CopyToProcess(caller, buffer, &message, Message.Size))
            return Status.BadAddress;
        caller.AsyncMessages.RemoveAt(index);
        return Status.Ok;
    }

    private int TakeSender(Process caller, Endpoint source, ulong buffer)
    {
        Process? sender = caller.Senders.First;
        while (sender != null && !source.IsAny && sender.Endpoint != source)
            sender = sender.Next;
        if (sender == null)
            return NothingPending;
        Message message = sender.OutgoingMessage;
        if (!host.CopyToProcess(caller, buffer, &message, Message.Size))
            return Status.BadAddress;

        caller.Senders.Remove(sender);
        if (sender.ReplyPending)
        {
            // A SendRec request: the sender now waits for the reply (still
            // Receiving from caller); its trap is not over.
            sender.SendTo = Endpoint.None;
            sender.OutgoingMessage = default;
            scheduler.Unblock(sender, ProcessFlags.Sending);
        }
        else
        {
            Release(sender, Status.Ok);
        }
        return Status.Ok;
    }
}
