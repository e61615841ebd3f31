using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class DeadlockTests : IpcFixture
{
    [Test]
    public void TwoProcessesSendingToEachOther()
    {
        Process a = Start(), b = Start();
        AssertBlocked(Send(a, b.Endpoint, 1));

        AssertCompleted(Send(b, a.Endpoint, 2), Status.Deadlock);

        Assert.That(b.IsRunnable, Is.True);
        Assert.That(b.IsSending, Is.False);
        AssertWaiting(a);
    }

    [Test]
    public void TwoProcessesSendRecingToEachOther()
    {
        Process a = Start(), b = Start();
        AssertBlocked(SendRec(a, b.Endpoint, 1));

        AssertCompleted(SendRec(b, a.Endpoint, 2), Status.Deadlock);
        Assert.That(b.IsRunnable, Is.True);
    }

    [Test]
    public void TwoProcessesReceivingFromEachOther()
    {
        Process a = Start(), b = Start();
        AssertBlocked(Receive(a, b.Endpoint));

        AssertCompleted(Receive(b, a.Endpoint), Status.Deadlock);
        Assert.That(b.IsRunnable, Is.True);
    }

    [Test]
    public void ACycleOfThreeSenders()
    {
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Send(a, b.Endpoint, 1));
        AssertBlocked(Send(b, c.Endpoint, 2));

        AssertCompleted(Send(c, a.Endpoint, 3), Status.Deadlock);

        Assert.That(c.IsRunnable, Is.True);
        AssertCompleted(Receive(c, Endpoint.Any), Status.Ok);   // the chain still works
        AssertReleased(b, Status.Ok);
    }

    [Test]
    public void ACycleOfThreeThroughAReceiveFromOne()
    {
        // a waits for a message from b; b sends to c; c's send to a closes the cycle.
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Receive(a, b.Endpoint));
        AssertBlocked(Send(b, c.Endpoint, 1));

        AssertCompleted(Send(c, a.Endpoint, 2), Status.Deadlock);
    }

    [Test]
    public void AReceiveThatWouldCloseACycle()
    {
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Send(b, c.Endpoint, 1));
        AssertBlocked(Send(c, a.Endpoint, 2));

        AssertCompleted(Receive(a, b.Endpoint), Status.Deadlock);

        Assert.That(a.IsRunnable, Is.True);
        AssertCompleted(Receive(a, Endpoint.Any), Status.Ok);    // c's message is still there
        AssertMessage(Received(a), c, 2, 0);
    }

    [Test]
    public void AChainThatDoesNotReturnToTheCallerStillBlocks()
    {
        Process a = Start(), b = Start(), c = Start(), d = Start();
        AssertBlocked(Send(b, c.Endpoint, 1));
        AssertBlocked(Send(c, d.Endpoint, 2));

        AssertBlocked(Send(a, b.Endpoint, 3));
        AssertWaiting(a);
    }

    [Test]
    public void AChainEndingInAReceiveFromAnyStillBlocks()
    {
        // a -> b (b waits for c) -> c (waits for anyone): the walk stops at Any.
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Receive(c, Endpoint.Any));
        AssertBlocked(Receive(b, c.Endpoint));

        AssertBlocked(Send(a, b.Endpoint, 1));
        AssertWaiting(a);
    }

    [Test]
    public void ASendToAProcessReceivingFromSomeoneElseBlocksWithoutDeadlock()
    {
        // b receives from c (not from a): a blocks; no cycle since c is running.
        Process a = Start(), b = Start(), c = Start();
        AssertBlocked(Receive(b, c.Endpoint));

        AssertBlocked(Send(a, b.Endpoint, 1));
        AssertCompleted(Send(c, b.Endpoint, 2), Status.Ok);
        AssertReleased(b, Status.Ok);
    }

    [Test]
    public void AClientInSendRecWhoseRequestWasTakenDoesNotDeadlockTheServersReply()
    {
        // The client waits (receiving) for the server; the server's reply must go through.
        Process server = Start(), client = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 1));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertCompleted(Send(server, client.Endpoint, 2), Status.Ok);
        AssertReleased(client, Status.Ok);
    }
}
