// Operations the kernel refuses: dead and stale endpoints, targets the
// privilege does not allow, reserved endpoint values, bad buffers. A refusal
// completes the caller's trap with the status and changes no IPC state.
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Unit.Kernel.Proc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class RefusalTests : IpcFixture
{
    [Test]
    public void EveryOperationToAFreeSlotFailsWithDeadEndpoint()
    {
        Process p = Start();
        Endpoint nobody = Endpoint.From(40, 1);

        AssertCompleted(Send(p, nobody, 1), Status.DeadEndpoint);
        AssertCompleted(SendRec(p, nobody, 1), Status.DeadEndpoint);
        AssertCompleted(SendAsync(p, nobody, 1), Status.DeadEndpoint);
        AssertCompleted(Notify(p, nobody), Status.DeadEndpoint);
        AssertCompleted(Receive(p, nobody), Status.DeadEndpoint);
        Assert.That(p.IsRunnable, Is.True);
    }

    [Test]
    public void AnOldGenerationDoesNotReachTheSuccessorInTheSlot()
    {
        Process client = Start(), driver = Start();
        Endpoint old = driver.Endpoint;
        Ipc.ProcessExited(driver);
        Process restarted = Start();
        Assert.That(restarted.Slot, Is.EqualTo(old.Slot));
        Assert.That(restarted.Endpoint, Is.Not.EqualTo(old));
        AssertBlocked(Receive(restarted, Endpoint.Any));

        AssertCompleted(Send(client, old, 1), Status.DeadEndpoint);
        AssertCompleted(Notify(client, old), Status.DeadEndpoint);
        AssertCompleted(SendAsync(client, old, 1), Status.DeadEndpoint);
        AssertCompleted(Receive(client, old), Status.DeadEndpoint);

        AssertWaiting(restarted);
        Assert.That(PendingMask(restarted), Is.Zero);
        AssertCompleted(Send(client, restarted.Endpoint, 2), Status.Ok);
        AssertReleased(restarted, Status.Ok);
    }

    [Test]
    public void TargetsOutsideThePrivilegeAreNotAllowed()
    {
        Process target = Start();
        Process limited = Start(targets: 0);
        AssertBlocked(Receive(target, Endpoint.Any));

        AssertCompleted(Send(limited, target.Endpoint, 1), Status.NotAllowed);
        AssertCompleted(SendRec(limited, target.Endpoint, 1), Status.NotAllowed);
        AssertCompleted(SendAsync(limited, target.Endpoint, 1), Status.NotAllowed);
        AssertCompleted(Notify(limited, target.Endpoint), Status.NotAllowed);

        AssertWaiting(target);
        Assert.That(limited.IsRunnable, Is.True);
    }

    [Test]
    public void AReplyToAPendingSendRecNeedsNoPrivilege()
    {
        Process client = Start(), server = Start(targets: 0);
        AssertBlocked(Receive(server, Endpoint.Any));
        AssertBlocked(SendRec(client, server.Endpoint, 1));
        AssertReleased(server, Status.Ok);

        AssertCompleted(SendAsync(server, client.Endpoint, 2), Status.Ok);
        AssertReleased(client, Status.Ok);
        // The reply was the one permitted send: the client no longer waits.
        AssertCompleted(SendAsync(server, client.Endpoint, 3), Status.NotAllowed);
        AssertCompleted(Notify(server, client.Endpoint), Status.NotAllowed);
    }

    [Test]
    public void ARequestStillQueuedGrantsNoReply()
    {
        Process client = Start(), server = Start(targets: 0), other = Start(targets: 0);
        AssertBlocked(SendRec(client, server.Endpoint, 1));

        // The server has not taken the request yet, and a third process was
        // never asked: neither may send to the client.
        AssertCompleted(SendAsync(server, client.Endpoint, 2), Status.NotAllowed);
        AssertCompleted(SendAsync(other, client.Endpoint, 2), Status.NotAllowed);
    }

    [Test]
    public void AComponentAndItsManagerMayAlwaysMessageEachOther()
    {
        Process rs = Start(targets: 0), driver = Start(targets: 0), stranger = Start(targets: 0);
        TestPrivileges.SetLabel(ref rs.Privilege.Record, "rs");
        TestPrivileges.SetManager(ref driver.Privilege.Record, "rs");
        TestPrivileges.SetManager(ref stranger.Privilege.Record, "pm");

        AssertCompleted(SendAsync(rs, driver.Endpoint, 1), Status.Ok);
        AssertCompleted(SendAsync(driver, rs.Endpoint, 2), Status.Ok);
        AssertCompleted(SendAsync(rs, stranger.Endpoint, 3), Status.NotAllowed); // rs does not manage it
        AssertCompleted(SendAsync(stranger, rs.Endpoint, 4), Status.NotAllowed);
        AssertCompleted(SendAsync(driver, stranger.Endpoint, 5), Status.NotAllowed); // siblings get nothing
    }

    [Test]
    public void AllowedTargetsAreCheckedPerSlot()
    {
        Process a = Start(), b = Start();
        Process caller = Start(targets: 1UL << b.Slot);

        AssertCompleted(SendAsync(caller, a.Endpoint, 1), Status.NotAllowed);
        AssertCompleted(SendAsync(caller, b.Endpoint, 1), Status.Ok);
    }

    [Test]
    public void ReceiveNeedsNoPrivilege()
    {
        Process sender = Start(), receiver = Start(targets: 0);
        AssertBlocked(Send(sender, receiver.Endpoint, 3));

        AssertCompleted(Receive(receiver, sender.Endpoint), Status.Ok);
    }

    [Test]
    public void ReservedEndpointsAreBadArguments()
    {
        Process p = Start();
        foreach (Endpoint e in new[] { Endpoint.Any, Endpoint.None, Endpoint.Kernel, new Endpoint(-9) })
        {
            AssertCompleted(Send(p, e, 1), Status.BadArgument);
            AssertCompleted(SendRec(p, e, 1), Status.BadArgument);
            AssertCompleted(SendAsync(p, e, 1), Status.BadArgument);
            AssertCompleted(Notify(p, e), Status.BadArgument);
        }
        AssertCompleted(Receive(p, Endpoint.None), Status.BadArgument);
        AssertCompleted(Receive(p, new Endpoint(-9)), Status.BadArgument);
    }

    [Test]
    public void BadSendBuffersChangeNothing()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Receive(server, Endpoint.Any));

        AssertCompleted(Ipc.Send(client, server.Endpoint, BadBuffer), Status.BadAddress);
        AssertCompleted(Ipc.SendRec(client, server.Endpoint, BadBuffer), Status.BadAddress);
        AssertCompleted(Ipc.SendAsync(client, server.Endpoint, BadBuffer), Status.BadAddress);
        AssertCompleted(Ipc.Send(client, server.Endpoint, FakeProcessHost.Base + FakeProcessHost.Size - 8), Status.BadAddress);

        AssertWaiting(server);
        Assert.That(client.IsRunnable, Is.True);
        Assert.That(client.BlockedOn, Is.EqualTo(Endpoint.None));
    }

    [Test]
    public void ABadBufferForASenderThatMustBlockChangesNothing()
    {
        Process busy = Start(), client = Start();

        AssertCompleted(Ipc.Send(client, busy.Endpoint, BadBuffer), Status.BadAddress);
        AssertCompleted(Ipc.SendAsync(client, busy.Endpoint, BadBuffer), Status.BadAddress);

        Assert.That(client.IsRunnable, Is.True);
        Assert.That(IpcEngine.QueuedMessageCount(busy), Is.Zero);
        AssertBlocked(Receive(busy, Endpoint.Any));           // nothing was queued for it
    }

    [Test]
    public void ABadReceiveBufferDoesNotBlockAndLosesNoMessage()
    {
        Process server = Start(), sender = Start(), asyncSender = Start(), notifier = Start();
        AssertCompleted(Ipc.Receive(server, Endpoint.Any, BadBuffer), Status.BadAddress);
        Assert.That(server.IsRunnable, Is.True);

        AssertBlocked(Send(sender, server.Endpoint, 1));
        AssertCompleted(SendAsync(asyncSender, server.Endpoint, 2), Status.Ok);
        AssertCompleted(Notify(notifier, server.Endpoint), Status.Ok);
        AssertCompleted(Ipc.Receive(server, Endpoint.Any, ReadOnlyBuffer), Status.BadAddress);

        Assert.That(PendingMask(server), Is.EqualTo(1UL << notifier.Slot));
        Assert.That(IpcEngine.QueuedMessageCount(server), Is.EqualTo(1));
        AssertWaiting(sender);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertMessage(Received(server), sender, 1, 0);
        AssertReleased(sender, Status.Ok);
    }

    [Test]
    public void AReceiverWhoseBufferWentBadIsReleasedAndTheSenderIsUnharmed()
    {
        // Only an address-space change while blocked can do this; the receiver's
        // trap fails, the sender blocks as if nobody had been waiting.
        Process server = Start(), client = Start();
        AssertBlocked(Receive(server, Endpoint.Any));
        ReceiveBufferGoesBad(server);

        AssertBlocked(Send(client, server.Endpoint, 1));

        AssertReleased(server, Status.BadAddress);
        AssertWaiting(client);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertReleased(client, Status.Ok);
    }

    private static void ReceiveBufferGoesBad(Process p) => p.ReceiveBuffer = BadBuffer;
}
