// A kernel core for IPC tests: a process table, a 1000 Hz scheduler, the fake
// host and the IPC engine, plus helpers that play a process making one trap.
// Each helper first discards the caller's previous trap result: a process that
// traps again has consumed the result of its last trap.
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Kernel.Sched;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Ipc;

public abstract class IpcFixture
{
    /// <summary>Where each test process keeps its message.</summary>
    protected const ulong Buffer = FakeProcessHost.Base + 0x100;
    protected const ulong ReadOnlyBuffer = FakeProcessHost.ReadOnly;
    protected const ulong BadBuffer = FakeProcessHost.BadAddress;
    protected const ulong AllSlots = ulong.MaxValue;

    private protected ProcessTable Table = null!;
    private protected Scheduler Scheduler = null!;
    private protected FakeProcessHost Host = null!;
    private protected IpcEngine Ipc = null!;

    [SetUp]
    public void CreateKernel()
    {
        Table = new ProcessTable();
        Scheduler = new Scheduler(1000);
        Host = new FakeProcessHost();
        Ipc = new IpcEngine(Table, Scheduler, Host);
    }

    /// <summary>Allocates and starts a process that may talk to the slots in <paramref name="targets"/>.</summary>
    private protected Process Start(ulong targets = AllSlots, byte priority = 7, ushort quantumMs = 10)
    {
        var privilege = new Privilege { TargetSlots = Slots(targets), Record = { Priority = priority, QuantumMs = quantumMs } };
        Process p = Table.Allocate(privilege)!;
        Scheduler.Unblock(p, ProcessFlags.Stopped);
        return p;
    }

    /// <summary>The slots of a mask over the first 64 (AllSlots: every slot of the table).</summary>
    private protected static SlotSet Slots(ulong mask)
    {
        SlotSet set = default;
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
        {
            if (mask == AllSlots || (slot < 64 && (mask & (1UL << slot)) != 0))
                set.Add(slot);
        }
        return set;
    }

    /// <summary>The pending notifications of p as a mask over the first 64 slots.</summary>
    private protected static ulong PendingMask(Process p)
    {
        SlotSet pending = IpcEngine.PendingNotifications(p);
        ulong mask = 0;
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
        {
            if (!pending.Contains(slot))
                continue;
            Assert.That(slot, Is.LessThan(64), "only slots below 64 in the tests");
            mask |= 1UL << slot;
        }
        return mask;
    }

    private protected static Message Request(int type, long word0 = 0, int forgedSource = 0) =>
        new Message { Source = forgedSource, Type = type, Word0 = word0 };

    private protected IpcResult Send(Process caller, Endpoint destination, int type, long word0 = 0)
    {
        Prepare(caller, type, word0);
        return Ipc.Send(caller, destination, Buffer);
    }

    private protected IpcResult SendRec(Process caller, Endpoint destination, int type, long word0 = 0)
    {
        Prepare(caller, type, word0);
        return Ipc.SendRec(caller, destination, Buffer);
    }

    private protected IpcResult SendAsync(Process caller, Endpoint destination, int type, long word0 = 0)
    {
        Prepare(caller, type, word0);
        return Ipc.SendAsync(caller, destination, Buffer);
    }

    private protected IpcResult Receive(Process caller, Endpoint source)
    {
        Host.TakeTrapResult(caller);
        return Ipc.Receive(caller, source, Buffer);
    }

    private protected IpcResult Notify(Process caller, Endpoint destination)
    {
        Host.TakeTrapResult(caller);
        return Ipc.Notify(caller, destination);
    }

    /// <summary>The message in p's buffer (what its last receive got).</summary>
    private protected Message Received(Process p) => Host.ReadMessage(p, Buffer);

    private protected static void AssertCompleted(IpcResult result, int status)
    {
        Assert.That(result.IsBlocked, Is.False, "expected the trap to complete");
        Assert.That(result.Status, Is.EqualTo(status));
    }

    private protected static void AssertBlocked(IpcResult result) =>
        Assert.That(result.IsBlocked, Is.True, $"expected the caller to block, got status {result.Status}");

    /// <summary>p's blocked trap finished with status and p is runnable again.</summary>
    private protected void AssertReleased(Process p, int status)
    {
        Assert.That(Host.TakeTrapResult(p), Is.EqualTo((long)status), $"trap result of slot {p.Slot}");
        Assert.That(p.IsRunnable, Is.True, $"slot {p.Slot} runnable");
    }

    private protected void AssertWaiting(Process p)
    {
        Assert.That(Host.PeekTrapResult(p), Is.Null, $"slot {p.Slot} got a trap result");
        Assert.That(p.IsRunnable, Is.False, $"slot {p.Slot} should be blocked");
    }

    private protected static void AssertMessage(Message m, Process from, int type, long word0)
    {
        Assert.That(m.Source, Is.EqualTo(from.Endpoint.Value), "source");
        Assert.That(m.Type, Is.EqualTo(type), "type");
        Assert.That(m.Word0, Is.EqualTo(word0), "word 0");
    }

    private void Prepare(Process caller, int type, long word0)
    {
        Host.TakeTrapResult(caller);
        Host.WriteMessage(caller, Buffer, Request(type, word0, forgedSource: 12345));
    }
}
