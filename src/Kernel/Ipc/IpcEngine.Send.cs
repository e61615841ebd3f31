// Sending: the blocking Send, the SendRec request/reply pair and the never
// blocking SendAsync. A message is copied
// from the caller once, at trap time, with Source overwritten by the kernel
// (a sender cannot forge it); a message that cannot be delivered at once waits
// in the kernel (Process.OutgoingMessage or the destination's MessageQueue),
// so later delivery never touches the sender's memory.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    /// <summary>
    /// Send (rdi = destination, rsi = message address). Completed Ok when the destination was
    /// waiting for the caller (it is released with Ok); otherwise the caller blocks at the tail of
    /// the destination's sender queue until a Receive takes the message (then Ok) or the
    /// destination exits (DeadEndpoint). Refused with Deadlock when blocking would close a cycle.
    /// </summary>
    public IpcResult Send(Process caller, Endpoint destination, ulong buffer)
    {
        Process? target = ResolveTarget(caller, destination, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        Message message;
        if (!host.CopyFromProcess(caller, buffer, &message, Message.Size))
            return IpcResult.Completed(Status.BadAddress);
        message.Source = caller.Endpoint.Value;

        if (TryDeliver(target, caller.Endpoint, &message))
            return IpcResult.Completed(Status.Ok);
        if (target == caller || WouldDeadlock(caller, target, sending: true))
            return IpcResult.Completed(Status.Deadlock);
        LinkSender(caller, target, &message);
        scheduler.Block(caller, ProcessFlags.Sending);
        return IpcResult.Blocked;
    }

    /// <summary>
    /// SendRec (rdi = destination, rsi = message address, request in and reply out): Send, then
    /// receive from the destination only into the same buffer. Always blocks on success; the
    /// caller is released by the reply (Ok), or with DeadEndpoint if the destination exits.
    /// Pending notifications and messages queued before the request never count as the reply.
    /// </summary>
    public IpcResult SendRec(Process caller, Endpoint destination, ulong buffer)
    {
        Process? target = ResolveTarget(caller, destination, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        Message message;
        if (!host.CopyFromProcess(caller, buffer, &message, Message.Size) || !host.IsWritable(caller, buffer, Message.Size))
            return IpcResult.Completed(Status.BadAddress);
        message.Source = caller.Endpoint.Value;
        if (target == caller)
            return IpcResult.Completed(Status.Deadlock);

        ProcessFlags reasons = ProcessFlags.Receiving;
        if (!TryDeliver(target, caller.Endpoint, &message))
        {
            if (WouldDeadlock(caller, target, sending: true))
                return IpcResult.Completed(Status.Deadlock);
            LinkSender(caller, target, &message);
            reasons |= ProcessFlags.Sending;
        }
        // The reply can only come after the destination took the request, and
        // then it finds the caller waiting (WillReceive), so there is nothing
        // to look for in the caller's queues now.
        caller.ReplyPending = true;
        caller.ReceiveFrom = target.Endpoint;
        caller.ReceiveBuffer = buffer;
        scheduler.Block(caller, reasons);
        return IpcResult.Blocked;
    }

    /// <summary>
    /// SendAsync (rdi = destination, rsi = message address): never blocks. Delivered now when the
    /// destination waits for the caller, else queued in the kernel for the destination's next
    /// matching Receive; WouldBlock when its queue is full (MessageQueue.Capacity messages): the
    /// sender learns that its message was not taken and may send it again.
    /// </summary>
    public IpcResult SendAsync(Process caller, Endpoint destination, ulong buffer)
    {
        Process? target = ResolveTarget(caller, destination, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        Message message;
        if (!host.CopyFromProcess(caller, buffer, &message, Message.Size))
            return IpcResult.Completed(Status.BadAddress);
        message.Source = caller.Endpoint.Value;

        if (TryDeliver(target, caller.Endpoint, &message))
            return IpcResult.Completed(Status.Ok);
        if (!target.AsyncMessages.Enqueue(message))
            return IpcResult.Completed(Status.WouldBlock);
        return IpcResult.Completed(Status.Ok);
    }
}
