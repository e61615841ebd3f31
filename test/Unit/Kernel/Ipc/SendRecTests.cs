using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class SendRecTests : IpcFixture
{
    [Test]
    public void RoundTripWithTheServerAlreadyWaiting()
    {
        Process server = Start(), client = Start();
        AssertBlocked(Receive(server, Endpoint.Any));

        AssertBlocked(SendRec(client, server.Endpoint, 10, 5));
        AssertReleased(server, Status.Ok);
        AssertMessage(Received(server), client, 10, 5);
        AssertWaiting(client);
        Assert.That(client.IsSending, Is.False);
        Assert.That(client.IsReceiving, Is.True);

        AssertCompleted(Send(server, client.Endpoint, 11, 6), Status.Ok);

        AssertReleased(client, Status.Ok);
        AssertMessage(Received(client), server, 11, 6);    // the reply replaced the request
    }

    [Test]
    public void RoundTripWithTheServerReceivingLater()
    {
        Process server = Start(), client = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 10, 5));
        Assert.That(client.IsSending && client.IsReceiving, Is.True);

        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
        AssertMessage(Received(server), client, 10, 5);
        AssertWaiting(client);                                   // taking the request is not the reply
        Assert.That(client.IsSending, Is.False);

        AssertCompleted(Send(server, client.Endpoint, 11, 6), Status.Ok);
        AssertReleased(client, Status.Ok);
        AssertMessage(Received(client), server, 11, 6);
    }

    [Test]
    public void ReplyFromAnotherProcessDoesNotEndTheSendRec()
    {
        Process server = Start(), client = Start(), other = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 10));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertBlocked(Send(other, client.Endpoint, 99));
        AssertWaiting(client);

        AssertCompleted(Send(server, client.Endpoint, 11), Status.Ok);
        AssertReleased(client, Status.Ok);
        AssertMessage(Received(client), server, 11, 0);
        AssertWaiting(other);
    }

    [Test]
    public void NotificationFromTheServerIsNotTakenAsTheReply()
    {
        Process server = Start(), client = Start();
        AssertBlocked(SendRec(client, server.Endpoint, 10));
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertCompleted(Notify(server, client.Endpoint), Status.Ok);

        AssertWaiting(client);
        Assert.That(PendingMask(client), Is.EqualTo(1UL << server.Slot));
        AssertCompleted(Send(server, client.Endpoint, 11), Status.Ok);
        AssertReleased(client, Status.Ok);
        Assert.That(Received(client).Type, Is.EqualTo(11));
    }

    [Test]
    public void MessagesQueuedBeforeTheRequestAreNotTheReply()
    {
        Process server = Start(), client = Start();
        AssertCompleted(SendAsync(server, client.Endpoint, 50), Status.Ok);   // queued, client running
        AssertBlocked(Receive(server, Endpoint.Any));

        AssertBlocked(SendRec(client, server.Endpoint, 10));

        AssertReleased(server, Status.Ok);
        AssertWaiting(client);
        AssertCompleted(SendAsync(server, client.Endpoint, 11), Status.Ok);   // an asynchronous reply
        AssertReleased(client, Status.Ok);
        Assert.That(Received(client).Type, Is.EqualTo(11));
        Assert.That(IpcEngine.QueuedMessageCount(client), Is.EqualTo(1));
    }

    [Test]
    public void SendRecNeedsAWritableBuffer()
    {
        Process server = Start(), client = Start();
        Host.Poke(client, ReadOnlyBuffer, Request(10));
        AssertBlocked(Receive(server, Endpoint.Any));

        AssertCompleted(Ipc.SendRec(client, server.Endpoint, ReadOnlyBuffer), Status.BadAddress);

        AssertWaiting(server);
        Assert.That(client.IsRunnable, Is.True);
    }

    [Test]
    public void SendRecToSelfIsADeadlock()
    {
        Process p = Start();
        AssertCompleted(SendRec(p, p.Endpoint, 1), Status.Deadlock);
        Assert.That(p.IsRunnable, Is.True);
    }

    [Test]
    public void ManyClientsAreAnsweredEachWithItsOwnReply()
    {
        Process server = Start();
        Process[] clients = { Start(), Start(), Start() };
        for (int i = 0; i < clients.Length; i++)
            AssertBlocked(SendRec(clients[i], server.Endpoint, 100 + i));

        for (int i = 0; i < clients.Length; i++)
        {
            AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);
            Message request = Received(server);
            AssertCompleted(Send(server, new Endpoint(request.Source), request.Type + 1000), Status.Ok);
        }

        for (int i = 0; i < clients.Length; i++)
        {
            AssertReleased(clients[i], Status.Ok);
            Assert.That(Received(clients[i]).Type, Is.EqualTo(1100 + i));
        }
    }
}
