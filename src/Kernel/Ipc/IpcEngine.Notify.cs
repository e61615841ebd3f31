// Notifications: MINIX's non-blocking NOTIFY. A notification carries no data
// beyond who sent it, so repeated notifications from one source coalesce into
// one pending slot (the notifier's) until the destination receives, which
// takes them one source at a time, lowest slot first. The kernel's own
// notifications (IRQs, alarms) accumulate their IRQ lines and alarm flag the
// same way. Message format: KernelMessageType.Notification, Source the
// notifier (Endpoint.Kernel for the kernel), NotificationMessage.
// A process in SendRec is never interrupted by a notification, not even from
// the process it waits on: its reply must be a real message (MINIX's
// MF_REPLY_PEND).
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

public sealed unsafe partial class IpcEngine
{
    /// <summary>
    /// Notify (rdi = destination): never blocks. Delivered now when the destination waits for
    /// the caller (or Any), else recorded as a pending bit for its next Receive. Completed Ok, or
    /// the usual destination errors.
    /// </summary>
    public IpcResult Notify(Process caller, Endpoint destination)
    {
        Process? target = ResolveTarget(caller, destination, out int status);
        if (target == null)
            return IpcResult.Completed(status);
        if (WillReceive(target, caller.Endpoint) && !target.ReplyPending)
        {
            Message message;
            BuildNotification(&message, caller.Endpoint);
            if (DeliverToWaiting(target, &message))
                return IpcResult.Completed(Status.Ok);
        }
        target.PendingNotifications.Add(caller.Slot);
        return IpcResult.Completed(Status.Ok);
    }

    /// <summary>
    /// A notification from the kernel (Source = Endpoint.Kernel), for interrupt lines and alarms:
    /// <paramref name="irqLines"/> is ORed into target's pending IRQ bitmap and
    /// <paramref name="alarm"/> into its alarm flag; delivered now if target waits for Any or
    /// Kernel, else at its next such Receive. Ignored for a free slot, and when it carries nothing.
    /// Never blocks.
    /// </summary>
    public void NotifyFromKernel(Process target, ulong irqLines, bool alarm)
    {
        if (target.IsFree || (irqLines == 0 && !alarm))
            return;
        target.PendingIrqs |= irqLines;
        target.AlarmPending |= alarm;
        if (!WillReceive(target, Endpoint.Kernel) || target.ReplyPending)
            return;
        Message message;
        BuildKernelNotification(target, &message);
        if (DeliverToWaiting(target, &message))
            ClearKernelNotification(target);
    }

    private static void BuildNotification(Message* message, Endpoint source)
    {
        *message = default;
        message->Source = source.Value;
        message->Type = KernelMessageType.Notification;
    }

    private static void BuildKernelNotification(Process target, Message* message)
    {
        BuildNotification(message, Endpoint.Kernel);
        NotificationMessage.Of(message)->IrqLines = (long)target.PendingIrqs;
        NotificationMessage.Of(message)->Alarm = target.AlarmPending ? 1 : 0;
    }

    private static void ClearKernelNotification(Process target)
    {
        target.PendingIrqs = 0;
        target.AlarmPending = false;
    }
}
