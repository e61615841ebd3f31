using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Kernel.Sched;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Sched;

[TestFixture]
public sealed class SchedulerTests
{
    private ProcessTable table = null!;
    private Scheduler scheduler = null!;

    [SetUp]
    public void SetUp()
    {
        table = new ProcessTable();
        scheduler = new Scheduler(100);   // 10 ms per tick
    }

    private Process Start(byte priority, ushort quantumMs = 30)
    {
        Process p = table.Allocate(new Privilege { Record = { Priority = priority, QuantumMs = quantumMs } })!;
        scheduler.Unblock(p, ProcessFlags.Stopped);
        return p;
    }

    [Test]
    public void NothingRunnableMeansIdle()
    {
        Assert.That(scheduler.PickNext(), Is.Null);
        Assert.That(scheduler.Tick(null), Is.False);
        table.Allocate(new Privilege());                       // allocated but never started
        Assert.That(scheduler.PickNext(), Is.Null);
    }

    [Test]
    public void TheHighestPriorityRunnableProcessIsPicked()
    {
        Process low = Start(12), high = Start(2), middle = Start(7);

        Assert.That(scheduler.PickNext(), Is.SameAs(high));
        scheduler.Block(high, ProcessFlags.Receiving);
        Assert.That(scheduler.PickNext(), Is.SameAs(middle));
        scheduler.Block(middle, ProcessFlags.Stopped);
        Assert.That(scheduler.PickNext(), Is.SameAs(low));
        scheduler.Unblock(high, ProcessFlags.Receiving);
        Assert.That(scheduler.PickNext(), Is.SameAs(high), "a woken higher priority preempts");
    }

    [Test]
    public void PriorityZeroIsHighestAndOutOfRangePrioritiesGetTheLowestQueue()
    {
        Process bottom = Start(200), top = Start(0);
        Assert.That(bottom.Priority, Is.EqualTo(Scheduler.QueueCount - 1));
        Assert.That(scheduler.PickNext(), Is.SameAs(top));
    }

    [Test]
    public void QuantaAreWholeTicksRoundedUp()
    {
        Assert.That(scheduler.QuantumTicksFor(30), Is.EqualTo(3));
        Assert.That(scheduler.QuantumTicksFor(25), Is.EqualTo(3));
        Assert.That(scheduler.QuantumTicksFor(1), Is.EqualTo(1));
        Assert.That(scheduler.QuantumTicksFor(0), Is.EqualTo(1));
        Assert.That(new Scheduler(1000).QuantumTicksFor(25), Is.EqualTo(25));
        Assert.That(new Scheduler(10_000).QuantumTicksFor(ushort.MaxValue), Is.EqualTo(655_350));
        Process p = Start(5, quantumMs: 45);
        Assert.That(p.QuantumTicks, Is.EqualTo(5));
        Assert.That(p.TicksLeft, Is.EqualTo(5));
    }

    [Test]
    public void AProcessRunsForItsQuantumThenGoesToTheTail()
    {
        Process a = Start(5, quantumMs: 30), b = Start(5, quantumMs: 30);

        Assert.That(scheduler.PickNext(), Is.SameAs(a));
        Assert.That(scheduler.Tick(a), Is.False);
        Assert.That(scheduler.Tick(a), Is.False);
        Assert.That(scheduler.Tick(a), Is.True, "third tick ends a 30 ms quantum at 100 Hz");
        Assert.That(scheduler.PickNext(), Is.SameAs(b));
        Assert.That(a.TicksLeft, Is.EqualTo(3), "refilled");
    }

    [Test]
    public void RoundRobinVisitsEveryProcessOfAQueueInTurn()
    {
        Process a = Start(5, 10), b = Start(5, 10), c = Start(5, 10);
        Process[] seen = new Process[6];
        for (int i = 0; i < seen.Length; i++)
        {
            Process current = scheduler.PickNext()!;
            seen[i] = current;
            Assert.That(scheduler.Tick(current), Is.True);
        }
        Assert.That(seen, Is.EqualTo(new[] { a, b, c, a, b, c }));
    }

    [Test]
    public void ALoneProcessKeepsRunningAfterItsQuantum()
    {
        Process a = Start(5, 10);
        Assert.That(scheduler.Tick(a), Is.True);
        Assert.That(scheduler.PickNext(), Is.SameAs(a));
    }

    [Test]
    public void LowerPrioritiesDoNotRunWhileAHigherOneIsRunnable()
    {
        Process high = Start(1, 100), low = Start(9, 10);
        for (int i = 0; i < 9; i++)
        {
            Assert.That(scheduler.PickNext(), Is.SameAs(high));
            Assert.That(scheduler.Tick(high), Is.False, "within its 10-tick quantum");
        }
        scheduler.Block(high, ProcessFlags.Sending);
        Assert.That(scheduler.PickNext(), Is.SameAs(low));
    }

    // MINIX's rule against endless loops in servers and drivers: a process
    // that uses a whole quantum while a lower queue waits drops one queue.
    [Test]
    public void AProcessThatUsesUpItsQuantumDropsOneQueue()
    {
        Process spinner = Start(3, 20);
        Start(9);                                              // waits below
        Assert.That(scheduler.Tick(spinner), Is.False);
        Assert.That(scheduler.Tick(spinner), Is.True);
        Assert.That(spinner.Priority, Is.EqualTo(4));
        Assert.That(scheduler.QueueHead(4), Is.SameAs(spinner));
        Assert.That(scheduler.QueueHead(3), Is.Null);
        Assert.That(spinner.TicksLeft, Is.EqualTo(2), "a fresh quantum at the new level");
    }

    [Test]
    public void ASpinnerAtTheTopSinksBelowEveryoneAndSharesTheLowestQueue()
    {
        Process spinner = Start(0, 10), shell = Start(12, 10), server = Start(15, 10);
        int ticks = 0;
        while (scheduler.PickNext() == spinner)
        {
            scheduler.Tick(spinner);
            ticks++;
        }
        Assert.That(ticks, Is.EqualTo(12), "one quantum (a tick) at each of 0..11, then it queues behind the shell");
        Assert.That(scheduler.PickNext(), Is.SameAs(shell));
        scheduler.Block(shell, ProcessFlags.Receiving);
        Assert.That(scheduler.PickNext(), Is.SameAs(spinner), "at 12 it still comes before the lowest queue");
        for (int i = 0; i < 3; i++)
            scheduler.Tick(spinner);
        Assert.That(spinner.Priority, Is.EqualTo(Scheduler.QueueCount - 1), "it stops at the lowest queue");
        Assert.That(scheduler.PickNext(), Is.SameAs(server), "round robin with the lowest queue");
        scheduler.Tick(server);
        Assert.That(scheduler.PickNext(), Is.SameAs(spinner));
        Assert.That(server.Priority, Is.EqualTo(15), "nobody drops below the lowest queue");
    }

    [Test]
    public void NothingDropsWhileNobodyBelowWaits()
    {
        Process a = Start(4, 10), b = Start(4, 10);
        for (int i = 0; i < 20; i++)
            Assert.That(scheduler.Tick(scheduler.PickNext()), Is.True);
        Assert.That((a.Priority, b.Priority), Is.EqualTo((4, 4)), "alone at the top, or sharing its own queue, it starves nobody");
        Process below = Start(6, 10);
        scheduler.Tick(scheduler.PickNext());
        Assert.That(a.Priority + b.Priority, Is.EqualTo(9), "one of them drops once a lower queue waits");
        Assert.That(below.Priority, Is.EqualTo(6));
    }

    [Test]
    public void EachWaitClimbsOneQueueBackNeverAboveThePolicysPriority()
    {
        Process p = Start(5, 10);
        Start(15);                                             // waits below
        scheduler.Tick(p);
        scheduler.Tick(p);
        scheduler.Tick(p);
        Assert.That(p.Priority, Is.EqualTo(8));

        scheduler.Block(p, ProcessFlags.Receiving);
        Assert.That(p.Priority, Is.EqualTo(7), "one back at the wait");
        scheduler.Unblock(p, ProcessFlags.Receiving);
        Assert.That(scheduler.QueueHead(7), Is.SameAs(p), "and queued there when it wakes");
        for (int i = 0; i < 5; i++)
        {
            scheduler.Block(p, ProcessFlags.Receiving);
            scheduler.Unblock(p, ProcessFlags.Receiving);
        }
        Assert.That(p.Priority, Is.EqualTo(5), "back at its policy's priority, and no higher");
    }

    [Test]
    public void BlockingWhileAlreadyBlockedClimbsNothing()
    {
        Process p = Start(5, 10);
        Start(15);
        scheduler.Tick(p);
        scheduler.Tick(p);
        scheduler.Block(p, ProcessFlags.Receiving);
        scheduler.Block(p, ProcessFlags.Stopped);
        Assert.That(p.Priority, Is.EqualTo(6), "only the wait that took it off the CPU counts");
    }

    [Test]
    public void AProcessThatWaitsBetweenShortBurstsKeepsItsPriority()
    {
        Process server = Start(4, 30), other = Start(9, 10);
        for (int i = 0; i < 100; i++)
        {
            Assert.That(scheduler.PickNext(), Is.SameAs(server));
            scheduler.Tick(server);
            scheduler.Block(server, ProcessFlags.Receiving);
            Assert.That(scheduler.PickNext(), Is.SameAs(other));
            scheduler.Unblock(server, ProcessFlags.Receiving);
        }
        Assert.That(server.Priority, Is.EqualTo(4), "each wait undoes the drop its quantum cost");
    }

    [Test]
    public void ApplyPrivilegeRestoresADemotedProcesssPriority()
    {
        Process p = Start(2, 10);
        Start(15);
        scheduler.Tick(p);
        scheduler.Tick(p);
        Assert.That(p.Priority, Is.EqualTo(4));
        scheduler.ApplyPrivilege(p);
        Assert.That(p.Priority, Is.EqualTo(2));
        Assert.That(scheduler.QueueHead(2), Is.SameAs(p));
    }

    [Test]
    public void ABlockedProcessIsNotChargedTicks()
    {
        Process a = Start(5, 30);
        scheduler.Block(a, ProcessFlags.Receiving);
        Assert.That(scheduler.Tick(a), Is.False);
        Assert.That(a.TicksLeft, Is.EqualTo(3));
    }

    [Test]
    public void ARunnableProcessNeedsEveryReasonCleared()
    {
        Process a = Start(5);
        scheduler.Block(a, ProcessFlags.Sending | ProcessFlags.Receiving);
        scheduler.Block(a, ProcessFlags.Stopped);

        scheduler.Unblock(a, ProcessFlags.Sending | ProcessFlags.Receiving);
        Assert.That(scheduler.PickNext(), Is.Null);
        scheduler.Unblock(a, ProcessFlags.Stopped);
        Assert.That(scheduler.PickNext(), Is.SameAs(a));
        scheduler.Unblock(a, ProcessFlags.Stopped);               // idempotent
        Assert.That(scheduler.QueueHead(5), Is.SameAs(a));
        Assert.That(Scheduler.NextInQueue(a), Is.Null);
    }

    [Test]
    public void AWokenProcessJoinsTheTailOfItsQueue()
    {
        Process a = Start(5), b = Start(5), c = Start(5);
        scheduler.Block(a, ProcessFlags.Receiving);
        scheduler.Unblock(a, ProcessFlags.Receiving);

        Assert.That(scheduler.QueueHead(5), Is.SameAs(b));
        Assert.That(Scheduler.NextInQueue(b), Is.SameAs(c));
        Assert.That(Scheduler.NextInQueue(c), Is.SameAs(a));
    }

    [Test]
    public void BlockingFromTheMiddleAndTheEndsKeepsTheQueueLinked()
    {
        Process a = Start(5), b = Start(5), c = Start(5), d = Start(5);
        scheduler.Block(b, ProcessFlags.Stopped);
        scheduler.Block(d, ProcessFlags.Stopped);
        scheduler.Block(a, ProcessFlags.Stopped);

        Assert.That(scheduler.QueueHead(5), Is.SameAs(c));
        Assert.That(Scheduler.NextInQueue(c), Is.Null);
        scheduler.Unblock(d, ProcessFlags.Stopped);
        Assert.That(Scheduler.NextInQueue(c), Is.SameAs(d));
    }

    [Test]
    public void ApplyPrivilegeMovesAQueuedProcessToItsNewQueue()
    {
        Process a = Start(9, 10), b = Start(5, 10);
        a.Privilege.Record.Priority = 1;
        a.Privilege.Record.QuantumMs = 50;

        scheduler.ApplyPrivilege(a);

        Assert.That(a.Priority, Is.EqualTo(1));
        Assert.That(a.QuantumTicks, Is.EqualTo(5));
        Assert.That(scheduler.PickNext(), Is.SameAs(a));
        Assert.That(scheduler.QueueHead(9), Is.Null);
        Assert.That(scheduler.QueueHead(5), Is.SameAs(b));
    }
}
