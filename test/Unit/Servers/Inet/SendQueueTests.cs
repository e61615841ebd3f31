using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Inet.Core;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Inet;

// The frames inet has for one Ethernet driver (src/Servers/Inet/Core/SendQueue):
// slots while the driver holds them, Busy, a restart, the backlog's bound.
[TestFixture]
public class SendQueueTests
{
    private static byte[] Frame(byte tag) => new byte[] { tag, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0 };

    private static (int Slot, byte Tag, long Id) Start(SendQueue queue)
    {
        Assert.That(queue.TryStart(out int slot, out byte[] frame, out int length, out long id), Is.True);
        Assert.That(length, Is.EqualTo(14));
        return (slot, frame[0], id);
    }

    [Test]
    public void FramesGoOutInOrderUpToTheSlotsAndWaitForAnswers()
    {
        var queue = new SendQueue();
        for (byte i = 0; i < SendQueue.Slots + 2; i++)
            queue.Enqueue(Frame(i), 14);
        var started = new (int Slot, byte Tag, long Id)[SendQueue.Slots];
        for (int i = 0; i < SendQueue.Slots; i++)
            started[i] = Start(queue);
        for (int i = 0; i < SendQueue.Slots; i++)
            Assert.That(started[i].Tag, Is.EqualTo(i));
        Assert.That(queue.TryStart(out _, out _, out _, out _), Is.False, "every slot in flight");
        Assert.That(queue.Answered(started[3].Id, 14), Is.True);
        Assert.That(queue.Sent, Is.EqualTo(1));
        var next = Start(queue);
        Assert.That(next.Slot, Is.EqualTo(started[3].Slot), "the slot answered is reused");
        Assert.That(next.Tag, Is.EqualTo(SendQueue.Slots));
        Assert.That(queue.Answered(started[3].Id, 14), Is.False, "an answer for a frame no longer in flight");
        Assert.That(queue.Answered(-5, 14), Is.False);
    }

    [Test]
    public void BusyPutsTheFrameBackFirstAndPausesUntilAnotherAnswer()
    {
        var queue = new SendQueue();
        queue.Enqueue(Frame(1), 14);
        queue.Enqueue(Frame(2), 14);
        queue.Enqueue(Frame(3), 14);
        var first = Start(queue);
        var second = Start(queue);
        Assert.That(queue.Answered(second.Id, Status.Busy), Is.True);
        Assert.That(queue.Blocked, Is.True);
        Assert.That(queue.TryStart(out _, out _, out _, out _), Is.False, "paused after Busy");
        Assert.That(queue.Answered(first.Id, 14), Is.True);
        Assert.That(Start(queue).Tag, Is.EqualTo(2), "the refused frame goes first");
        Assert.That(Start(queue).Tag, Is.EqualTo(3));
    }

    [Test]
    public void BusyWithNothingElseInFlightDoesNotStallForEver()
    {
        var queue = new SendQueue();
        queue.Enqueue(Frame(1), 14);
        var only = Start(queue);
        queue.Answered(only.Id, Status.Busy);
        Assert.That(Start(queue).Tag, Is.EqualTo(1));
    }

    [Test]
    public void ARestartSendsWhatWasInFlightAgainOldestFirstBeforeTheBacklog()
    {
        var queue = new SendQueue();
        for (byte i = 1; i <= 4; i++)
            queue.Enqueue(Frame(i), 14);
        var a = Start(queue);
        var b = Start(queue);
        var c = Start(queue);
        queue.Answered(b.Id, 14);
        Assert.That(queue.DriverRestarted(), Is.EqualTo(2));
        Assert.That(queue.InFlight, Is.EqualTo(0));
        Assert.That(Start(queue).Tag, Is.EqualTo(a.Tag));
        Assert.That(Start(queue).Tag, Is.EqualTo(c.Tag));
        Assert.That(Start(queue).Tag, Is.EqualTo(4));
        Assert.That(queue.Answered(a.Id, 14), Is.False, "the dead driver's late answer is ignored");
    }

    [Test]
    public void ErrorsAreCountedAndTheBacklogIsBounded()
    {
        var queue = new SendQueue();
        for (int i = 0; i < SendQueue.MaxBacklog + 5; i++)
            queue.Enqueue(Frame((byte)i), 14);
        Assert.That(queue.Backlog, Is.EqualTo(SendQueue.MaxBacklog));
        Assert.That(queue.Dropped, Is.EqualTo(5));
        var one = Start(queue);
        queue.Answered(one.Id, DriverStatus.IoError);
        Assert.That(queue.Failed, Is.EqualTo(1));
        Assert.That(queue.Sent, Is.EqualTo(0));
    }

    [Test]
    public void TheOldestFrameInFlightSaysHowLongTheDriverHasHeldIt()
    {
        var queue = new SendQueue();
        Assert.That(queue.OldestStartMs, Is.EqualTo(long.MaxValue), "nothing in flight");
        for (byte i = 0; i < 3; i++)
            queue.Enqueue(Frame(i), 14);
        Assert.That(queue.TryStart(out _, out _, out _, out long first, now: 1000), Is.True);
        Assert.That(queue.TryStart(out _, out _, out _, out long second, now: 1500), Is.True);
        Assert.That(queue.OldestStartMs, Is.EqualTo(1000));
        Assert.That(queue.Answered(first, 14), Is.True);
        Assert.That(queue.OldestStartMs, Is.EqualTo(1500), "the answered frame no longer counts");
        Assert.That(queue.Answered(second, 14), Is.True);
        Assert.That(queue.OldestStartMs, Is.EqualTo(long.MaxValue));
    }
}
