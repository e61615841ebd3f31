using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// PM's process table: pids, parents, zombies, waits, orphans and signals.
[TestFixture]
public sealed class ProcessTableTests
{
    private ProcessTable _table = null!;
    private ProcessRecord _init = null!;
    private readonly List<WaitCompletion> _done = new();

    [SetUp]
    public void SetUp()
    {
        _table = new ProcessTable();
        _init = _table.AdoptInit(100, "init")!;
        _done.Clear();
    }

    [Test]
    public void FirstCallerIsInitAndOnlyOnce()
    {
        Assert.That(_init.Pid, Is.EqualTo(1));
        Assert.That(_init.Parent, Is.EqualTo(0));
        Assert.That(_table.AdoptInit(200, "other"), Is.Null);
        _table.Ended(_init, 0, _done);
        Assert.That(_table.AdoptInit(300, "late"), Is.Null, "init's successor is not whoever calls next");
    }

    // A recovery script PM spawns for RS: init's child, programs from the
    // boot image first, and so are the processes it forks.
    [Test]
    public void ASpawnedProcessIsInitsChildAndPassesBootImageFirstOn()
    {
        ProcessRecord script = _table.Spawned(300, "sh", new byte[] { 0 }, 1, 0)!;
        Assert.That(script.Parent, Is.EqualTo(1));
        Assert.That(script.BootImageFirst, Is.True);
        Assert.That(_table.Fork(script, 301).BootImageFirst, Is.True);
        Assert.That(_table.Fork(_init, 302).BootImageFirst, Is.False);
        _table.Ended(script, 0, _done);
        Assert.That(_table.Wait(_init, script.Pid, false, out WaitCompletion done), Is.EqualTo(Status.Ok), "init collects it");
        Assert.That(done.Pid, Is.EqualTo(script.Pid));
    }

    [Test]
    public void NothingIsSpawnedWithoutInit()
    {
        _table.Ended(_init, 0, _done);
        Assert.That(_table.Spawned(300, "sh", new byte[] { 0 }, 1, 0), Is.Null);
    }

    [Test]
    public void ForkGivesFreshPidsAndCopiesDispositionsAndArguments()
    {
        _init.IgnoredSignals = 1u << Signals.Terminate;
        _init.Arguments = new byte[] { (byte)'a', 0, 0, 0 };
        _init.ArgumentCount = 1;
        ProcessRecord a = _table.Fork(_init, 101);
        ProcessRecord b = _table.Fork(_init, 102);
        Assert.That(a.Pid, Is.EqualTo(2));
        Assert.That(b.Pid, Is.EqualTo(3));
        Assert.That(a.Parent, Is.EqualTo(1));
        Assert.That(a.Ignores(Signals.Terminate), Is.True);
        Assert.That(a.ArgumentCount, Is.EqualTo(1));
        Assert.That(_table.ByEndpoint(101), Is.SameAs(a));
        Assert.That(_table.ByPid(3), Is.SameAs(b));
    }

    [Test]
    public void ZombieWaitsForItsParentAndIsReapedOnce()
    {
        ProcessRecord child = _table.Fork(_init, 101);
        _table.Ended(child, 42, _done);
        Assert.That(_done, Is.Empty);
        Assert.That(child.Zombie, Is.True);
        Assert.That(_table.ByEndpoint(101), Is.Null, "a zombie has no endpoint");
        Assert.That(_table.Wait(_init, child.Pid, false, out WaitCompletion done), Is.EqualTo(Status.Ok));
        Assert.That((done.Pid, done.Status), Is.EqualTo((child.Pid, 42)));
        Assert.That(_table.ByPid(child.Pid), Is.Null);
        Assert.That(_table.Wait(_init, -1, false, out _), Is.EqualTo(PmStatus.NoChildren));
    }

    [Test]
    public void BlockedWaitIsAnsweredByTheMatchingEndingOnly()
    {
        ProcessRecord first = _table.Fork(_init, 101);
        ProcessRecord second = _table.Fork(_init, 102);
        Assert.That(_table.Wait(_init, second.Pid, false, out _), Is.EqualTo(ProcessTable.Blocked));
        _table.Ended(first, 1, _done);
        Assert.That(_done, Is.Empty, "waiting for the other child");
        _table.Ended(second, 2, _done);
        Assert.That(_done, Has.Count.EqualTo(1));
        Assert.That((_done[0].ParentEndpoint, _done[0].Pid, _done[0].Status), Is.EqualTo((100, second.Pid, 2)));
        Assert.That(_table.Wait(_init, -1, false, out WaitCompletion left), Is.EqualTo(Status.Ok));
        Assert.That(left.Pid, Is.EqualTo(first.Pid));
    }

    [Test]
    public void NoHangReportsNothingYetWithPidZero()
    {
        _table.Fork(_init, 101);
        Assert.That(_table.Wait(_init, -1, true, out WaitCompletion done), Is.EqualTo(Status.Ok));
        Assert.That(done.Pid, Is.EqualTo(0));
        Assert.That(_init.PendingWait, Is.False);
    }

    [TestCase(0)]
    [TestCase(-2)]
    public void ProcessGroupsAreNotSupported(int pid)
    {
        _table.Fork(_init, 101);
        Assert.That(_table.Wait(_init, pid, false, out _), Is.EqualTo(Status.BadArgument));
    }

    [Test]
    public void WaitForSomebodyElsesChildIsNoChildren()
    {
        ProcessRecord a = _table.Fork(_init, 101);
        ProcessRecord grandchild = _table.Fork(a, 102);
        Assert.That(_table.Wait(_init, grandchild.Pid, false, out _), Is.EqualTo(PmStatus.NoChildren));
    }

    [Test]
    public void OrphansGoToInitWhichCollectsThem()
    {
        ProcessRecord parent = _table.Fork(_init, 101);
        ProcessRecord living = _table.Fork(parent, 102);
        ProcessRecord dead = _table.Fork(parent, 103);
        _table.Ended(dead, 5, _done);
        Assert.That(_table.Wait(_init, -1, false, out _), Is.EqualTo(ProcessTable.Blocked));
        _table.Ended(parent, 0, _done);
        Assert.That(living.Parent, Is.EqualTo(ProcessTable.InitPid));
        // Init was waiting for any child: the adopted zombie or the parent answers it.
        Assert.That(_done, Has.Count.EqualTo(1));
        Assert.That(_done[0].ParentEndpoint, Is.EqualTo(100));
        var reaped = new List<int> { _done[0].Pid };
        while (_table.Wait(_init, -1, true, out WaitCompletion more) == Status.Ok && more.Pid != 0)
            reaped.Add(more.Pid);
        Assert.That(reaped, Is.EquivalentTo(new[] { dead.Pid, parent.Pid }));
        _table.Ended(living, 7, _done);
        Assert.That(_table.Wait(_init, living.Pid, false, out WaitCompletion last), Is.EqualTo(Status.Ok));
        Assert.That(last.Status, Is.EqualTo(7));
    }

    [Test]
    public void WithoutInitNobodyCollectsAndNothingLeaks()
    {
        ProcessRecord child = _table.Fork(_init, 101);
        ProcessRecord grandchild = _table.Fork(child, 102);
        _table.Ended(grandchild, 1, _done);
        _table.Ended(_init, 0, _done);
        _table.Ended(child, 0, _done);
        Assert.That(_table.Count, Is.EqualTo(0));
        Assert.That(_done, Is.Empty);
    }

    [Test]
    public void AWaitingParentThatEndsStopsWaiting()
    {
        ProcessRecord parent = _table.Fork(_init, 101);
        ProcessRecord child = _table.Fork(parent, 102);
        Assert.That(_table.Wait(parent, -1, false, out _), Is.EqualTo(ProcessTable.Blocked));
        _table.Ended(parent, 0, _done);
        _table.Ended(child, 3, _done);
        Assert.That(_done, Is.Empty, "nobody waits: init did not ask");
        Assert.That(_table.Wait(_init, child.Pid, false, out WaitCompletion done), Is.EqualTo(Status.Ok));
        Assert.That(done.Status, Is.EqualTo(3));
    }

    [Test]
    public void KillEndsByDefaultRecordsTheSignalAndRespectsIgnores()
    {
        ProcessRecord child = _table.Fork(_init, 101);
        Assert.That(_table.Kill(_init, child.Pid, Signals.Terminate, out ProcessRecord? target, out KillAction action), Is.EqualTo(Status.Ok));
        Assert.That((target, action, child.SignalSent), Is.EqualTo((child, KillAction.End, Signals.Terminate)));

        ProcessRecord stubborn = _table.Fork(_init, 102);
        Assert.That(ProcessTable.Ignore(stubborn, Signals.Terminate, true), Is.EqualTo(Status.Ok));
        Assert.That(_table.Kill(_init, stubborn.Pid, Signals.Terminate, out _, out action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.None));
        Assert.That(_table.Kill(_init, stubborn.Pid, Signals.Child, out _, out action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.None), "Child is dropped by default");
        Assert.That(_table.Kill(_init, stubborn.Pid, 0, out _, out action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.None), "signal 0 only checks");
        Assert.That(_table.Kill(_init, stubborn.Pid, Signals.Kill, out _, out action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.End));
        Assert.That(ProcessTable.Ignore(stubborn, Signals.Terminate, false), Is.EqualTo(Status.Ok));
        Assert.That(stubborn.Ignores(Signals.Terminate), Is.False);
    }

    [Test]
    public void KillRefusals()
    {
        ProcessRecord child = _table.Fork(_init, 101);
        Assert.That(_table.Kill(_init, 0, 15, out _, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_table.Kill(_init, -1, 15, out _, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_table.Kill(_init, child.Pid, 32, out _, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_table.Kill(_init, child.Pid, -1, out _, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_table.Kill(_init, 999, 15, out _, out _), Is.EqualTo(PmStatus.NoSuchProcess));
        Assert.That(_table.Kill(_init, ProcessTable.InitPid, 9, out _, out _), Is.EqualTo(Status.NotAllowed));
        Assert.That(ProcessTable.Ignore(child, Signals.Kill, true), Is.EqualTo(Status.NotAllowed));
        Assert.That(ProcessTable.Ignore(child, 0, true), Is.EqualTo(Status.BadArgument));
        Assert.That(ProcessTable.Ignore(child, 40, true), Is.EqualTo(Status.BadArgument));
        _table.Ended(child, 0, _done);
        Assert.That(_table.Kill(_init, child.Pid, 15, out _, out KillAction action), Is.EqualTo(Status.Ok), "a zombie may be signalled");
        Assert.That(action, Is.EqualTo(KillAction.None));
    }

    [Test]
    public void UncollectedZombiesFillTheTableUntilTheParentWaits()
    {
        for (int i = 0; !_table.IsFull; i++)
            _table.Ended(_table.Fork(_init, 1000 + i), 0, _done);
        Assert.That(_table.Count, Is.EqualTo(ProcessTable.MaxRecords));
        Assert.That(_table.Wait(_init, -1, true, out WaitCompletion done), Is.EqualTo(Status.Ok));
        Assert.That(done.Pid, Is.GreaterThan(1));
        Assert.That(_table.IsFull, Is.False);
    }

    [Test]
    public void EndingTwiceCountsOnce()
    {
        ProcessRecord child = _table.Fork(_init, 101);
        _table.Ended(child, 1, _done);
        _table.Ended(child, 2, _done);
        Assert.That(_table.Wait(_init, -1, false, out WaitCompletion done), Is.EqualTo(Status.Ok));
        Assert.That(done.Status, Is.EqualTo(1));
    }

    [Test]
    public void PidsWrapAndSkipThoseInUse()
    {
        var table = new ProcessTable();
        ProcessRecord init = table.AdoptInit(1, "init")!;
        ProcessRecord keeper = table.Fork(init, 2);
        for (int i = 3; i <= ProcessTable.MaxPid; i++)
            table.Ended(table.Fork(init, i), 0, _done);
        // Drain the zombies so their pids are free again.
        while (table.Wait(init, -1, true, out WaitCompletion w) == Status.Ok && w.Pid != 0) { }
        ProcessRecord next = table.Fork(init, 99999);
        Assert.That(next.Pid, Is.EqualTo(3), "pid 2 is still in use");
        Assert.That(keeper.Pid, Is.EqualTo(2));
    }

    [TestCase(DefectClass.Exit, 3L, 0, 3)]
    [TestCase(DefectClass.Exit, 0x1FFL, 0, 0xFF)]
    [TestCase(DefectClass.Killed, 77L, 15, 143)]
    [TestCase(DefectClass.Killed, 77L, 0, 137)]
    [TestCase(DefectClass.CpuException, 14L, 0, 139)]
    [TestCase(DefectClass.Panic, 0L, 0, 134)]
    public void ExitStatusFollowsTheShellConvention(DefectClass reason, long detail, int signal, int expected)
    {
        Assert.That(ExitStatus.From(reason, detail, signal), Is.EqualTo(expected));
    }
}
