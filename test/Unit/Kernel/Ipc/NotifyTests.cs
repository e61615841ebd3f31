using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class NotifyTests : IpcFixture
{
    [Test]
    public void NotifyToAWaitingReceiverIsDeliveredAtOnce()
    {
        Process driver = Start(), irqSource = Start();
        AssertBlocked(Receive(driver, Endpoint.Any));

        AssertCompleted(Notify(irqSource, driver.Endpoint), Status.Ok);

        AssertReleased(driver, Status.Ok);
        AssertMessage(Received(driver), irqSource, KernelMessageType.Notification, 0);
        Assert.That(PendingMask(driver), Is.Zero);
    }

    [Test]
    public void NotifyNeverBlocksAndLeavesAPendingBit()
    {
        Process busy = Start(), notifier = Start();

        AssertCompleted(Notify(notifier, busy.Endpoint), Status.Ok);

        Assert.That(notifier.IsRunnable, Is.True);
        Assert.That(PendingMask(busy), Is.EqualTo(1UL << notifier.Slot));
        AssertCompleted(Receive(busy, Endpoint.Any), Status.Ok);
        AssertMessage(Received(busy), notifier, KernelMessageType.Notification, 0);
        Assert.That(PendingMask(busy), Is.Zero);
    }

    [Test]
    public void RepeatedNotificationsFromOneSourceCoalesce()
    {
        Process busy = Start(), notifier = Start();
        for (int i = 0; i < 5; i++)
            AssertCompleted(Notify(notifier, busy.Endpoint), Status.Ok);

        AssertCompleted(Receive(busy, Endpoint.Any), Status.Ok);

        AssertBlocked(Receive(busy, Endpoint.Any));           // only one was pending
    }

    [Test]
    public void ReceiveFromAnyTakesOnePendingSourceAtATimeLowestSlotFirst()
    {
        Process busy = Start(), a = Start(), b = Start(), c = Start();
        AssertCompleted(Notify(c, busy.Endpoint), Status.Ok);
        AssertCompleted(Notify(a, busy.Endpoint), Status.Ok);
        AssertCompleted(Notify(b, busy.Endpoint), Status.Ok);

        foreach (Process expected in new[] { a, b, c })
        {
            AssertCompleted(Receive(busy, Endpoint.Any), Status.Ok);
            AssertMessage(Received(busy), expected, KernelMessageType.Notification, 0);
        }
        Assert.That(PendingMask(busy), Is.Zero);
    }

    // The table holds 256 processes: a notifier past the first 64 slots.
    [Test]
    public void ANotifierInAHighSlotIsDeliveredToo()
    {
        Process busy = Start();
        Process? high = null;
        for (int i = 0; i < 200; i++)
            high = Start();
        Assert.That(high!.Slot, Is.GreaterThanOrEqualTo(128));
        AssertCompleted(Notify(high, busy.Endpoint), Status.Ok);
        Assert.That(IpcEngine.PendingNotifications(busy).Contains(high.Slot), Is.True);

        AssertCompleted(Receive(busy, Endpoint.Any), Status.Ok);
        AssertMessage(Received(busy), high, KernelMessageType.Notification, 0);
        Assert.That(IpcEngine.PendingNotifications(busy).IsEmpty, Is.True);
    }

    [Test]
    public void ReceiveFromOneSourceTakesOnlyItsBit()
    {
        Process busy = Start(), a = Start(), b = Start();
        AssertCompleted(Notify(a, busy.Endpoint), Status.Ok);
        AssertCompleted(Notify(b, busy.Endpoint), Status.Ok);

        AssertCompleted(Receive(busy, b.Endpoint), Status.Ok);

        AssertMessage(Received(busy), b, KernelMessageType.Notification, 0);
        Assert.That(PendingMask(busy), Is.EqualTo(1UL << a.Slot));
    }

    [Test]
    public void NotifyToAReceiverWaitingForSomeoneElseStaysPending()
    {
        Process busy = Start(), a = Start(), b = Start();
        AssertBlocked(Receive(busy, b.Endpoint));

        AssertCompleted(Notify(a, busy.Endpoint), Status.Ok);

        AssertWaiting(busy);
        Assert.That(PendingMask(busy), Is.EqualTo(1UL << a.Slot));
    }

    [Test]
    public void NotificationsComeBeforeQueuedMessagesAndBlockedSenders()
    {
        Process server = Start(), sender = Start(), asyncSender = Start(), notifier = Start();
        AssertBlocked(Send(sender, server.Endpoint, 1));
        AssertCompleted(SendAsync(asyncSender, server.Endpoint, 2), Status.Ok);
        AssertCompleted(Notify(notifier, server.Endpoint), Status.Ok);

        int[] types = new int[3];
        for (int i = 0; i < 3; i++)
        {
            AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
            types[i] = Received(server).Type;
        }

        Assert.That(types, Is.EqualTo(new[] { KernelMessageType.Notification, 2, 1 }));
    }

    [Test]
    public void KernelNotificationsAccumulateIrqLinesAndTheAlarm()
    {
        Process driver = Start();
        Ipc.NotifyFromKernel(driver, 1UL << 3, alarm: false);
        Ipc.NotifyFromKernel(driver, 1UL << 14, alarm: true);

        AssertCompleted(Receive(driver, Endpoint.Kernel), Status.Ok);

        Message m = Received(driver);
        Assert.That(m.Source, Is.EqualTo(Endpoint.Kernel.Value));
        Assert.That(m.Type, Is.EqualTo(KernelMessageType.Notification));
        Assert.That(m.Word1, Is.EqualTo((1L << 3) | (1L << 14)));
        Assert.That(m.Word2, Is.EqualTo(1));
        AssertBlocked(Receive(driver, Endpoint.Any));           // all taken at once
    }

    [Test]
    public void KernelNotificationWakesAReceiverWaitingForAnyOrKernel()
    {
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Receive(a, Endpoint.Any));
        AssertBlocked(Receive(b, Endpoint.Kernel));
        AssertBlocked(Receive(c, a.Endpoint));

        Ipc.NotifyFromKernel(a, 1, alarm: false);
        Ipc.NotifyFromKernel(b, 0, alarm: true);
        Ipc.NotifyFromKernel(c, 2, alarm: false);

        AssertReleased(a, Status.Ok);
        Assert.That(Received(a).Word1, Is.EqualTo(1));
        AssertReleased(b, Status.Ok);
        Assert.That(Received(b).Word2, Is.EqualTo(1));
        AssertWaiting(c);
    }

    [Test]
    public void NotifyIsCheckedAgainstThePrivilege()
    {
        Process target = Start();
        Process stranger = Start(targets: 0);

        AssertCompleted(Notify(stranger, target.Endpoint), Status.NotAllowed);

        Assert.That(PendingMask(target), Is.Zero);
    }
}
