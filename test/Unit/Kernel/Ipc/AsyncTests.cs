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
        for (int i = 0; i < MessageQueue.AsyncCapacity; i++)
            AssertCompleted(SendAsync(client, server.Endpoint, i), Status.Ok);

        AssertCompleted(SendAsync(client, server.Endpoint, 99), Status.WouldBlock);

        Assert.That(IpcEngine.QueuedMessageCount(server), Is.EqualTo(MessageQueue.AsyncCapacity));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        Assert.That(Received(server).Type, Is.Zero);
        AssertCompleted(SendAsync(client, server.Endpoint, 100), Status.Ok);   // room again
    }

    [Test]
    public void KernelMessagesStillFitWhenAsyncSendersFilledTheQueue()
    {
        Process manager = Start(), flooder = Start();
        for (int i = 0; i < MessageQueue.AsyncCapacity; i++)
            AssertCompleted(SendAsync(flooder, manager.Endpoint, i), Status.Ok);

        var report = new Message { Type = KernelMessageType.DefectReport, Word0 = 77, Source = 5 };
        for (int i = 0; i < MessageQueue.KernelReserve; i++)
            Assert.That(Ipc.DeliverFromKernel(manager, report), Is.True);
        Assert.That(Ipc.DeliverFromKernel(manager, report), Is.False, "the queue is full now");

        AssertCompleted(Receive(manager, Endpoint.Kernel), Status.Ok);
        Message m = Received(manager);
        Assert.That(m.Source, Is.EqualTo(Endpoint.Kernel.Value));     // stamped by the kernel
        Assert.That(m.Type, Is.EqualTo(KernelMessageType.DefectReport));
        Assert.That(m.Word0, Is.EqualTo(77));
    }

    [Test]
    public void DeliverFromKernelWakesAReceiverWaitingForAny()
    {
        Process manager = Start();
        AssertBlocked(Receive(manager, Endpoint.Any));

        Assert.That(Ipc.DeliverFromKernel(manager, new Message { Type = KernelMessageType.DefectReport }), Is.True);

        AssertReleased(manager, Status.Ok);
        Assert.That(Received(manager).Source, Is.EqualTo(Endpoint.Kernel.Value));
    }

    [Test]
    public void DeliverFromKernelDoesNotWakeAReceiverWaitingForAProcess()
    {
        Process manager = Start(), other = Start();
        AssertBlocked(Receive(manager, other.Endpoint));

        Assert.That(Ipc.DeliverFromKernel(manager, new Message { Type = KernelMessageType.DefectReport }), Is.True);

        AssertWaiting(manager);
        Assert.That(IpcEngine.QueuedMessageCount(manager), Is.EqualTo(1));
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
