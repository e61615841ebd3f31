using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class ProcessExitTests : IpcFixture
{
    [Test]
    public void SendersBlockedOnTheDeadProcessGetDeadEndpoint()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertBlocked(SendRec(b, server.Endpoint, 2));

        Ipc.ProcessExited(server);

        AssertReleased(a, Status.DeadEndpoint);
        AssertReleased(b, Status.DeadEndpoint);
        Assert.That(a.BlockedOn, Is.EqualTo(Endpoint.None));
        Assert.That(b.BlockedOn, Is.EqualTo(Endpoint.None));
    }

    [Test]
    public void ReceiversWaitingForTheDeadProcessGetDeadEndpoint()
    {
        Process driver = Start(), specific = Start(), any = Start();
        AssertBlocked(Receive(specific, driver.Endpoint));
        AssertBlocked(Receive(any, Endpoint.Any));

        Ipc.ProcessExited(driver);

        AssertReleased(specific, Status.DeadEndpoint);
        AssertWaiting(any);                                     // still waiting for anyone
    }

    [Test]
    public void AClientWaitingForTheReplyOfADeadServerIsReleased()
    {
        Process server = Start(), client = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 1));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);   // request taken

        Ipc.ProcessExited(server);

        AssertReleased(client, Status.DeadEndpoint);
    }

    [Test]
    public void ADeadSenderLeavesTheQueueOfItsDestination()
    {
        Process server = Start(), a = Start(), b = Start(), c = Start();
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertBlocked(Send(b, server.Endpoint, 2));
        AssertBlocked(Send(c, server.Endpoint, 3));

        Ipc.ProcessExited(b);

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        Assert.That(Received(server).Type, Is.EqualTo(1));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        Assert.That(Received(server).Type, Is.EqualTo(3));
        AssertBlocked(Receive(server, Endpoint.Any));
        Assert.That(Host.PeekTrapResult(b), Is.Null, "the dead process gets no result");
    }

    [Test]
    public void TheLastSenderInAQueueCanDieAndTheQueueStillAppends()
    {
        Process server = Start(), a = Start(), b = Start(), c = Start();
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertBlocked(Send(b, server.Endpoint, 2));
        Ipc.ProcessExited(b);
        AssertBlocked(Send(c, server.Endpoint, 3));

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        Assert.That(Received(server).Type, Is.EqualTo(3));
    }

    [Test]
    public void NotificationsFromTheDeadProcessAreDropped()
    {
        Process busy = Start(), notifier = Start(), other = Start();
        AssertCompleted(Notify(notifier, busy.Endpoint), Status.Ok);
        AssertCompleted(Notify(other, busy.Endpoint), Status.Ok);

        Ipc.ProcessExited(notifier);
        Process successor = Start();
        Assert.That(successor.Slot, Is.EqualTo(notifier.Slot));

        Assert.That(PendingMask(busy), Is.EqualTo(1UL << other.Slot));
        AssertCompleted(Receive(busy, Endpoint.Any), Status.Ok);
        Assert.That(Received(busy).Source, Is.EqualTo(other.Endpoint.Value));
    }

    [Test]
    public void TheDeadProcessOwnPendingStateIsDropped()
    {
        Process dying = Start(), a = Start();
        AssertCompleted(Notify(a, dying.Endpoint), Status.Ok);
        AssertCompleted(SendAsync(a, dying.Endpoint, 1), Status.Ok);
        Ipc.NotifyFromKernel(dying, 1, alarm: true);

        Ipc.ProcessExited(dying);
        Process successor = Start();

        Assert.That(successor.Slot, Is.EqualTo(dying.Slot));
        Assert.That(PendingMask(successor), Is.Zero);
        Assert.That(IpcEngine.QueuedMessageCount(successor), Is.Zero);
        AssertBlocked(Receive(successor, Endpoint.Any));
    }

    [Test]
    public void TheSlotIsFreedAndLeavesTheScheduler()
    {
        Process p = Start();
        Endpoint old = p.Endpoint;
        Assert.That(Scheduler.PickNext(), Is.SameAs(p));

        Ipc.ProcessExited(p);

        Assert.That(p.IsFree, Is.True);
        Assert.That(Table.Lookup(old), Is.Null);
        Assert.That(Table.Count, Is.Zero);
        Assert.That(Scheduler.PickNext(), Is.Null);
    }

    [Test]
    public void AProcessKilledWhileBlockedLeavesNoTrace()
    {
        Process server = Start(), client = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 1));

        Ipc.ProcessExited(client);

        AssertBlocked(Receive(server, Endpoint.Any));           // the request went with it
        Assert.That(Host.PeekTrapResult(client), Is.Null);
    }

    [Test]
    public void ExitingTwiceIsHarmless()
    {
        Process p = Start(), q = Start();
        Ipc.ProcessExited(p);
        Ipc.ProcessExited(p);
        Assert.That(Table.Count, Is.EqualTo(1));
        Assert.That(q.IsRunnable, Is.True);
    }
}
