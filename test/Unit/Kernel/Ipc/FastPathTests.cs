// The IPC fast path (IpcEngine.Fast) must be invisible: where it acts, the
// state it leaves is the general path's, field for field; everywhere else it
// declines and changes nothing, so the general path still makes every check.
// Each scenario is played twice on fresh kernels, once through the general
// methods and once through the fast ones, and the two end states compared.
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

[TestFixture]
public sealed class FastPathTests : IpcFixture
{
    [Test]
    public void SendRecToAWaitingServerLeavesTheGeneralPathsState()
    {
        string general = Play(fast: false, out bool taken);
        string viaFast = Play(fast: true, out taken);
        Assert.That(taken, Is.True, "the fast path should take a SendRec to a waiting server");
        Assert.That(viaFast, Is.EqualTo(general));

        string Play(bool fast, out bool took)
        {
            CreateKernel();
            Process server = Start(priority: 3), client = Start(priority: 7), bystander = Start(priority: 7);
            AssertBlocked(Receive(server, Endpoint.Any));
            Prepare(client, 10, 5);
            took = fast ? Ipc.TryFastSendRec(client, server.Endpoint, Buffer) : Ipc.SendRec(client, server.Endpoint, Buffer).IsBlocked;
            return Snapshot(server, client, bystander);
        }
    }

    [Test]
    public void ReplyAndNextReceiveLeaveTheGeneralPathsState()
    {
        string general = Play(fast: false, out int taken);
        string viaFast = Play(fast: true, out taken);
        Assert.That(taken, Is.EqualTo(2), "the reply and the empty receive should both take the fast path");
        Assert.That(viaFast, Is.EqualTo(general));

        string Play(bool fast, out int took)
        {
            CreateKernel();
            // The client's policy does not list the server's slot... and the server's does not
            // list the client's: the reply is allowed because the client awaits it.
            Process server = Start(targets: 0), client = Start();
            AssertBlocked(Receive(server, Endpoint.Any));
            AssertBlocked(SendRec(client, server.Endpoint, 10, 5));
            AssertReleased(server, Status.Ok);
            Prepare(server, 11, 6);
            took = 0;
            if (fast)
            {
                took += Ipc.TryFastSend(server, client.Endpoint, Buffer) ? 1 : 0;
                took += Ipc.TryFastReceive(server, Endpoint.Any, Buffer) ? 1 : 0;
            }
            else
            {
                AssertCompleted(Ipc.Send(server, client.Endpoint, Buffer), Status.Ok);
                AssertBlocked(Ipc.Receive(server, Endpoint.Any, Buffer));
            }
            return Snapshot(server, client);
        }
    }

    [Test]
    public void DeclinesWhatOnlyTheGeneralPathMayDo()
    {
        CreateKernel();
        Process idle = Start(), caller = Start();
        Prepare(caller, 1);
        Assert.That(Ipc.TryFastSendRec(caller, idle.Endpoint, Buffer), Is.False, "server not receiving");
        Assert.That(Ipc.TryFastSend(caller, idle.Endpoint, Buffer), Is.False, "destination not receiving");

        CreateKernel();
        Process server = Start(), stranger = Start(targets: 0);
        AssertBlocked(Receive(server, Endpoint.Any));
        Prepare(stranger, 1);
        string before = Snapshot(server, stranger);
        Assert.That(Ipc.TryFastSendRec(stranger, server.Endpoint, Buffer), Is.False, "not in the caller's policy");
        Assert.That(Ipc.TryFastSend(stranger, server.Endpoint, Buffer), Is.False, "not in the caller's policy");
        Assert.That(Snapshot(server, stranger), Is.EqualTo(before));
        AssertCompleted(Ipc.SendRec(stranger, server.Endpoint, Buffer), Status.NotAllowed);

        CreateKernel();
        server = Start();
        Process client = Start();
        AssertBlocked(Receive(server, Endpoint.Any));
        before = Snapshot(server, client);
        Assert.That(Ipc.TryFastSendRec(client, server.Endpoint, ReadOnlyBuffer), Is.False, "a SendRec buffer must take the reply");
        Assert.That(Snapshot(server, client), Is.EqualTo(before));
        AssertCompleted(Ipc.SendRec(client, server.Endpoint, ReadOnlyBuffer), Status.BadAddress);

        CreateKernel();
        server = Start();
        client = Start();
        AssertBlocked(Ipc.Receive(server, Endpoint.Any, Buffer));
        Assert.That(Ipc.TryFastSendRec(client, server.Endpoint, BadBuffer), Is.False, "bad sender buffer");
        Assert.That(Ipc.TryFastSendRec(client, new Endpoint(server.Endpoint.Value + Endpoint.SlotCount), Buffer), Is.False, "stale endpoint");
        Assert.That(Ipc.TryFastSendRec(client, Endpoint.Any, Buffer), Is.False, "not a process");
        Assert.That(Ipc.TryFastSendRec(server, server.Endpoint, Buffer), Is.False, "itself");
    }

    [Test]
    public void ReceiveDeclinesWhenAnythingIsPending()
    {
        CreateKernel();
        Process server = Start(), notifier = Start(), sender = Start(), queuer = Start();
        Assert.That(Ipc.TryFastReceive(server, Endpoint.Kernel, Buffer), Is.False, "a filter other than Any");
        Assert.That(Ipc.TryFastReceive(server, Endpoint.Any, BadBuffer), Is.False, "a bad buffer");

        AssertCompleted(Notify(notifier, server.Endpoint), Status.Ok);
        Assert.That(Ipc.TryFastReceive(server, Endpoint.Any, Buffer), Is.False, "a pending notification");
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertBlocked(Send(sender, server.Endpoint, 3));
        Assert.That(Ipc.TryFastReceive(server, Endpoint.Any, Buffer), Is.False, "a blocked sender");
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        AssertCompleted(SendAsync(queuer, server.Endpoint, 4), Status.Ok);
        Assert.That(Ipc.TryFastReceive(server, Endpoint.Any, Buffer), Is.False, "a queued message");
        AssertCompleted(Receive(server, Endpoint.Any), Status.Ok);

        Assert.That(Ipc.TryFastReceive(server, Endpoint.Any, Buffer), Is.True, "nothing left");
        AssertWaiting(server);
    }

    // Everything the IPC engine and the scheduler keep about these processes, as text.
    private string Snapshot(params Process[] processes)
    {
        var text = new System.Text.StringBuilder();
        foreach (Process p in processes)
        {
            Message m = Received(p);
            text.Append($"slot {p.Slot}: flags {p.Flags} from {p.ReceiveFrom.Value} to {p.SendTo.Value} buffer {p.ReceiveBuffer:x} ");
            text.Append($"reply {p.ReplyPending} priority {p.Priority} result {Host.PeekTrapResult(p)} ");
            text.Append($"message {m.Source}/{m.Type}/{m.Word0}\n");
        }
        text.Append("queues:");
        for (int q = 0; q < Minix3.Cosmos.Kernel.Sched.Scheduler.QueueCount; q++)
        {
            for (Process? p = Scheduler.QueueHead(q); p != null; p = Minix3.Cosmos.Kernel.Sched.Scheduler.NextInQueue(p))
                text.Append($" {q}:{p.Slot}");
        }
        text.Append($" next {Scheduler.PickNext()?.Slot}");
        return text.ToString();
    }

    private void Prepare(Process caller, int type, long word0 = 0)
    {
        Host.TakeTrapResult(caller);
        Host.WriteMessage(caller, Buffer, Request(type, word0, forgedSource: 12345));
    }
}
