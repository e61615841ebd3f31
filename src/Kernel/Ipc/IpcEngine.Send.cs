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
    public IpcResult Send(Process caller, Endpoint destination, ulong buffer) => Transfer(caller, destination, buffer, reply: false);

    /// <summary>
    /// SendRec (rdi = destination, rsi = message address, request in and reply out): Send, then
    /// receive from the destination only into the same buffer. Always blocks on success; the
    /// caller is released by the reply (Ok), or with DeadEndpoint if the destination exits.
    /// Pending notifications and messages queued before the request never count as the reply.
    /// </summary>
    public IpcResult SendRec(Process caller, Endpoint destination, ulong buffer) => Transfer(caller, destination, buffer, reply: true);

    /// <summary>
    /// SendAsync (rdi = destination, rsi = message address): never blocks. Delivered now when the
    /// destination waits for the caller, else queued in the kernel for the destination's next
    /// matching Receive; WouldBlock when its queue is full (MessageQueue.Capacity messages): the
    /// sender learns that its message was not taken and may send it again.
    /// </summary>
    public IpcResult SendAsync(Process caller, Endpoint destination, ulong buffer)
    {
        Message message;
        Process? target = Outgoing(caller, destination, buffer, false, &message, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        if (TryDeliver(target, caller.Endpoint, &message) || target.AsyncMessages.Enqueue(message))
            return IpcResult.Completed(Status.Ok);
        return IpcResult.Completed(Status.WouldBlock);
    }

    // Send, and with reply SendRec.
    private IpcResult Transfer(Process caller, Endpoint destination, ulong buffer, bool reply)
    {
        Message message;
        Process? target = Outgoing(caller, destination, buffer, reply, &message, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        ProcessFlags reasons = reply ? ProcessFlags.Receiving : ProcessFlags.None;
        if (!TryDeliver(target, caller.Endpoint, &message))
        {
            if (target == caller || WouldDeadlock(caller, target, sending: true))
                return IpcResult.Completed(Status.Deadlock);
            // Blocked in target's sender queue, the message kept in the kernel.
            caller.OutgoingMessage = message;
            caller.SendTo = target.Endpoint;
            target.Senders.Append(caller);
            reasons |= ProcessFlags.Sending;
        }
        if (reasons == ProcessFlags.None)
            return IpcResult.Completed(Status.Ok);
        if (reply)
        {
            // The reply can only come after the destination took the request,
            // and then it finds the caller waiting (WillReceive), so there is
            // nothing to look for in the caller's queues now.
            caller.ReplyPending = true;
            caller.ReceiveFrom = target.Endpoint;
            caller.ReceiveBuffer = buffer;
        }
        scheduler.Block(caller, reasons);
        return IpcResult.Blocked;
    }

    // The checked destination, and the caller's message copied in with the
    // kernel's Source (a SendRec's buffer must also take the reply); null
    // with the failure status, nothing changed.
    private Process? Outgoing(Process caller, Endpoint destination, ulong buffer, bool reply, Message* message, out int status)
    {
        Process? target = ResolveTarget(caller, destination, out status);
        if (target == null)
            return null;
        if (!host.CopyFromProcess(caller, buffer, message, Message.Size) || (reply && !host.IsWritable(caller, buffer, Message.Size)))
        {
            status = Status.BadAddress;
            return null;
        }
        message->Source = caller.Endpoint.Value;
        return target;
    }
}
