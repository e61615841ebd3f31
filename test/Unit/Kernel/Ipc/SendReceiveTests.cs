using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class SendReceiveTests : IpcFixture
{
    [Test]
    public void SendToWaitingReceiverCompletesBothAndStampsTheSource()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Receive(server, Endpoint.Any));
        Assert.That(server.IsReceiving, Is.True);

        AssertCompleted(Send(client, server.Endpoint, 7, 42), Status.Ok);

        AssertReleased(server, Status.Ok);
        AssertMessage(Received(server), client, 7, 42);   // forged source replaced
        Assert.That(client.IsRunnable, Is.True);
    }

    [Test]
    public void SendBeforeReceiveBlocksTheSenderUntilTheReceiveTakesIt()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Send(client, server.Endpoint, 7, 42));
        AssertWaiting(client);
        Assert.That(client.IsSending, Is.True);
        Assert.That(client.BlockedOn, Is.EqualTo(server.Endpoint));

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertMessage(Received(server), client, 7, 42);
        AssertReleased(client, Status.Ok);
        Assert.That(client.BlockedOn, Is.EqualTo(Endpoint.None));
    }

    [Test]
    public void TheBlockedSenderMessageIsCopiedAtTrapTime()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Send(client, server.Endpoint, 7, 42));
        Host.Poke(client, Buffer, Request(99, 99));           // the sender's memory changes later

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertMessage(Received(server), client, 7, 42);
    }

    [Test]
    public void BlockedSendersAreServedFirstInFirstOut()
    {
        Process server = Start(), a = Start(), b = Start(), c = Start();
        AssertBlocked(Send(b, server.Endpoint, 2));
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertBlocked(Send(c, server.Endpoint, 3));

        int[] order = new int[3];
        for (int i = 0; i < 3; i++)
        {
            AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
            order[i] = Received(server).Type;
        }

        Assert.That(order, Is.EqualTo(new[] { 2, 1, 3 }));
        AssertReleased(a, Status.Ok);
        AssertReleased(b, Status.Ok);
        AssertReleased(c, Status.Ok);
    }

    [Test]
    public void ReceiveFromOneSourceSkipsOtherQueuedSenders()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertBlocked(Send(b, server.Endpoint, 2));

        AssertCompleted(Receive(server, b.Endpoint), Status.Ok);

        AssertMessage(Received(server), b, 2, 0);
        AssertReleased(b, Status.Ok);
        AssertWaiting(a);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertMessage(Received(server), a, 1, 0);
        AssertReleased(a, Status.Ok);
    }

    [Test]
    public void ReceiverWaitingForOneSourceIsNotTakenByAnother()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertBlocked(Receive(server, b.Endpoint));

        AssertBlocked(Send(a, server.Endpoint, 1));           // not the one it waits for
        AssertWaiting(server);
        AssertCompleted(Send(b, server.Endpoint, 2), Status.Ok);

        AssertReleased(server, Status.Ok);
        AssertMessage(Received(server), b, 2, 0);
        AssertWaiting(a);
    }

    [Test]
    public void ReceiveFromAnyTakesTheFirstSenderWhateverItsSlot()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertBlocked(Send(b, server.Endpoint, 2));
        AssertBlocked(Send(a, server.Endpoint, 1));

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        Assert.That(Received(server).Source, Is.EqualTo(b.Endpoint.Value));
    }

    [Test]
    public void SendingToSelfIsRefusedAsADeadlock()
    {
        Process p = Start();
        AssertCompleted(Send(p, p.Endpoint, 1), Status.Deadlock);
        Assert.That(p.IsRunnable, Is.True);
    }

    [Test]
    public void ReceiveFromSelfWithNothingPendingIsRefusedAsADeadlock()
    {
        Process p = Start();
        AssertCompleted(Receive(p, p.Endpoint), Status.Deadlock);
        Assert.That(p.IsRunnable, Is.True);
    }

    [Test]
    public void BlockingTakesTheCallerOutOfTheReadyQueueAndReleaseAppendsItAgain()
    {
        Process server = Start(), client = Start();
        Assert.That(Scheduler.PickNext(), Is.SameAs(server));
        AssertBlocked(Receive(server, Endpoint.Any));
        Assert.That(Scheduler.PickNext(), Is.SameAs(client));

        AssertCompleted(Send(client, server.Endpoint, 1), Status.Ok);

        Assert.That(Scheduler.PickNext(), Is.SameAs(client), "the released receiver joins the tail");
        Assert.That(global::Minix3.Cosmos.Kernel.Sched.Scheduler.NextInQueue(client), Is.SameAs(server));
    }
}
