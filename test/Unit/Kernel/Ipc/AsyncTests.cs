using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class AsyncTests : IpcFixture
{
    [Test]
    public void SendAsyncToAWaitingReceiverIsDeliveredAtOnce()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Receive(server, client.Endpoint));

        AssertCompleted(SendAsync(client, server.Endpoint, 5, 9), Status.Ok);

        AssertReleased(server, Status.Ok);
        AssertMessage(Received(server), client, 5, 9);
        Assert.That(IpcEngine.QueuedMessageCount(server), Is.Zero);
    }

    [Test]
    public void SendAsyncQueuesInOrderWithoutBlocking()
    {
        Process server = Start(), client = Start();
        for (int i = 1; i <= 3; i++)
            AssertCompleted(SendAsync(client, server.Endpoint, i), Status.Ok);
        Assert.That(client.IsRunnable, Is.True);
        Assert.That(IpcEngine.QueuedMessageCount(server), Is.EqualTo(3));

        for (int i = 1; i <= 3; i++)
        {
            AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
            AssertMessage(Received(server), client, i, 0);
        }
        AssertBlocked(Receive(server, Endpoint.Any));
    }

    [Test]
    public void AFullQueueRefusesWithWouldBlockAndKeepsWhatItHas()
    {
        Process server = Start(), client = Start();
        for (int i = 0; i < MessageQueue.Capacity; i++)
            AssertCompleted(SendAsync(client, server.Endpoint, i), Status.Ok);

        AssertCompleted(SendAsync(client, server.Endpoint, 99), Status.WouldBlock);

        Assert.That(IpcEngine.QueuedMessageCount(server), Is.EqualTo(MessageQueue.Capacity));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        Assert.That(Received(server).Type, Is.Zero);
        AssertCompleted(SendAsync(client, server.Endpoint, 100), Status.Ok);   // room again
    }

    [Test]
    public void ReceiveFromOneSourcePicksItsQueuedMessageOutOfOrder()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertCompleted(SendAsync(a, server.Endpoint, 1), Status.Ok);
        AssertCompleted(SendAsync(b, server.Endpoint, 2), Status.Ok);
        AssertCompleted(SendAsync(a, server.Endpoint, 3), Status.Ok);

        AssertCompleted(Receive(server, b.Endpoint), Status.Ok);
        AssertMessage(Received(server), b, 2, 0);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertMessage(Received(server), a, 1, 0);
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertMessage(Received(server), a, 3, 0);
    }

    [Test]
    public void QueuedMessagesComeBeforeBlockedSenders()
    {
        Process server = Start(), a = Start(), b = Start();
        AssertBlocked(Send(a, server.Endpoint, 1));
        AssertCompleted(SendAsync(b, server.Endpoint, 2), Status.Ok);

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        Assert.That(Received(server).Type, Is.EqualTo(2));
        AssertWaiting(a);
    }

    [Test]
    public void TheQueueWrapsAroundItsRing()
    {
        Process server = Start(), client = Start();
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 5; i++)
                AssertCompleted(SendAsync(client, server.Endpoint, round * 10 + i), Status.Ok);
            for (int i = 0; i < 5; i++)
            {
                AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
                Assert.That(Received(server).Type, Is.EqualTo(round * 10 + i));
            }
        }
    }
}
