using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// PM's signal rules: dispositions, the mask, the pending set, what fork
// and exec keep, process groups, and Kill's decision for caught signals.
[TestFixture]
public sealed class SignalRulesTests
{
    private ProcessTable _table = null!;
    private ProcessRecord _init = null!;
    private ProcessRecord _process = null!;

    [SetUp]
    public void SetUp()
    {
        _table = new ProcessTable();
        _init = _table.AdoptInit(100, "init")!;
        _process = _table.Fork(_init, 200);
    }

    [TestCase(Signals.Interrupt)]
    [TestCase(Signals.Terminate)]
    [TestCase(Signals.Alarm)]
    [TestCase(Signals.Segv)]
    [TestCase(Signals.Pipe)]
    [TestCase(Signals.Kill)]
    public void DefaultActionEnds(int signal) =>
        Assert.That(SignalRules.Raise(_process, signal), Is.EqualTo(SignalOutcome.End));

    [Test]
    public void ChildIsDroppedByDefault()
    {
        Assert.That(SignalRules.Raise(_process, Signals.Child), Is.EqualTo(SignalOutcome.None));
        Assert.That(_process.SignalSets.Pending, Is.Zero);
    }

    [Test]
    public void CaughtSignalIsPendingUntilTaken()
    {
        Assert.That(SignalRules.SetDisposition(_process, Signals.Interrupt, SignalDisposition.Catch), Is.EqualTo(SignalDisposition.Default));
        Assert.That(SignalRules.Raise(_process, Signals.Interrupt), Is.EqualTo(SignalOutcome.Deliver));
        Assert.That(SignalRules.Raise(_process, Signals.Interrupt), Is.EqualTo(SignalOutcome.Deliver), "a second one merges");
        Assert.That(SignalRules.HasDeliverable(_process), Is.True);
        Assert.That(SignalRules.Take(_process), Is.EqualTo(SignalRules.Bit(Signals.Interrupt)));
        Assert.That(SignalRules.Take(_process), Is.Zero, "taken once");
        Assert.That(SignalRules.HasDeliverable(_process), Is.False);
    }

    [Test]
    public void KillCanBeNeitherCaughtNorIgnoredNorBlocked()
    {
        Assert.That(SignalRules.SetDisposition(_process, Signals.Kill, SignalDisposition.Catch), Is.EqualTo(Status.NotAllowed));
        Assert.That(SignalRules.SetDisposition(_process, Signals.Kill, SignalDisposition.Ignore), Is.EqualTo(Status.NotAllowed));
        SignalRules.SetMask(_process, SignalMaskHow.Set, ~0u, out _, out _, out _);
        Assert.That(_process.SignalSets.Blocked & SignalRules.Bit(Signals.Kill), Is.Zero);
        Assert.That(SignalRules.Raise(_process, Signals.Kill), Is.EqualTo(SignalOutcome.End));
    }

    [Test]
    public void BadDispositionsAreRefused()
    {
        Assert.That(SignalRules.SetDisposition(_process, 0, SignalDisposition.Catch), Is.EqualTo(Status.BadArgument));
        Assert.That(SignalRules.SetDisposition(_process, 32, SignalDisposition.Catch), Is.EqualTo(Status.BadArgument));
        Assert.That(SignalRules.SetDisposition(_process, Signals.Interrupt, 3), Is.EqualTo(Status.BadArgument));
        Assert.That(SignalRules.SetMask(_process, 3, 0, out _, out _, out _), Is.EqualTo(Status.BadArgument));
    }

    [Test]
    public void IgnoringDropsWhatIsPending()
    {
        SignalRules.SetDisposition(_process, Signals.Terminate, SignalDisposition.Catch);
        SignalRules.SetMask(_process, SignalMaskHow.Block, SignalRules.Bit(Signals.Terminate), out _, out _, out _);
        SignalRules.Raise(_process, Signals.Terminate);
        Assert.That(SignalRules.SetDisposition(_process, Signals.Terminate, SignalDisposition.Ignore), Is.EqualTo(SignalDisposition.Catch));
        Assert.That(_process.SignalSets.Pending, Is.Zero);
        Assert.That(SignalRules.Raise(_process, Signals.Terminate), Is.EqualTo(SignalOutcome.None));
        Assert.That(SignalRules.Disposition(_process, Signals.Terminate), Is.EqualTo(SignalDisposition.Ignore));
    }

    [Test]
    public void BlockedCaughtSignalIsDeliveredWhenUnblocked()
    {
        SignalRules.SetDisposition(_process, Signals.Alarm, SignalDisposition.Catch);
        SignalRules.SetMask(_process, SignalMaskHow.Block, SignalRules.Bit(Signals.Alarm), out uint old, out uint deliver, out int end);
        Assert.That((old, deliver, end), Is.EqualTo((0u, 0u, 0)));
        Assert.That(SignalRules.Raise(_process, Signals.Alarm), Is.EqualTo(SignalOutcome.None), "held");
        Assert.That(SignalRules.HasDeliverable(_process), Is.False);
        Assert.That(SignalRules.Take(_process), Is.Zero, "not taken while blocked");
        SignalRules.SetMask(_process, SignalMaskHow.Unblock, SignalRules.Bit(Signals.Alarm), out old, out deliver, out end);
        Assert.That(old, Is.EqualTo(SignalRules.Bit(Signals.Alarm)));
        Assert.That(deliver, Is.EqualTo(SignalRules.Bit(Signals.Alarm)), "delivered on unblock");
        Assert.That(end, Is.Zero);
        Assert.That(_process.SignalSets.Pending, Is.Zero);
    }

    [Test]
    public void BlockedDefaultSignalEndsTheProcessWhenUnblocked()
    {
        SignalRules.SetMask(_process, SignalMaskHow.Set, SignalRules.Bit(Signals.Terminate) | SignalRules.Bit(Signals.Child), out _, out _, out _);
        Assert.That(SignalRules.Raise(_process, Signals.Terminate), Is.EqualTo(SignalOutcome.None));
        Assert.That(SignalRules.Raise(_process, Signals.Child), Is.EqualTo(SignalOutcome.None));
        SignalRules.SetMask(_process, SignalMaskHow.Set, 0, out _, out uint deliver, out int end);
        Assert.That(end, Is.EqualTo(Signals.Terminate));
        Assert.That(deliver, Is.Zero);
        Assert.That(_process.SignalSets.Pending, Is.Zero, "Child, harmless, is dropped");
    }

    [Test]
    public void ForkKeepsDispositionsMaskAndGroupButNothingPending()
    {
        SignalRules.SetDisposition(_process, Signals.Interrupt, SignalDisposition.Catch);
        SignalRules.SetMask(_process, SignalMaskHow.Block, SignalRules.Bit(Signals.Alarm), out _, out _, out _);
        SignalRules.Raise(_process, Signals.Alarm);
        SignalRules.SetGroup(_table, _process, 0, 0, out _);
        ProcessRecord child = _table.Fork(_process, 300);
        Assert.That(child.SignalSets.Caught, Is.EqualTo(SignalRules.Bit(Signals.Interrupt)));
        Assert.That(child.SignalSets.Blocked, Is.EqualTo(SignalRules.Bit(Signals.Alarm)));
        Assert.That(child.SignalSets.Pending, Is.Zero);
        Assert.That(child.Group, Is.EqualTo(_process.Pid));
    }

    [Test]
    public void ExecResetsCaughtSignalsAndKeepsIgnoredAndMask()
    {
        SignalRules.SetDisposition(_process, Signals.Interrupt, SignalDisposition.Catch);
        SignalRules.SetDisposition(_process, Signals.Terminate, SignalDisposition.Ignore);
        SignalRules.SetMask(_process, SignalMaskHow.Block, SignalRules.Bit(Signals.Alarm), out _, out _, out _);
        ProcessTable.Exec(_process, "ls", new byte[] { 0 }, 1, 0);
        Assert.That(SignalRules.Disposition(_process, Signals.Interrupt), Is.EqualTo(SignalDisposition.Default));
        Assert.That(SignalRules.Disposition(_process, Signals.Terminate), Is.EqualTo(SignalDisposition.Ignore));
        Assert.That(_process.SignalSets.Blocked, Is.EqualTo(SignalRules.Bit(Signals.Alarm)));
    }

    [Test]
    public void KillOfACaughtSignalAsksForDelivery()
    {
        SignalRules.SetDisposition(_process, Signals.Terminate, SignalDisposition.Catch);
        Assert.That(_table.Kill(_init, _process.Pid, Signals.Terminate, out ProcessRecord? target, out KillAction action), Is.EqualTo(Status.Ok));
        Assert.That(target, Is.SameAs(_process));
        Assert.That(action, Is.EqualTo(KillAction.Deliver));
        Assert.That(_process.SignalSent, Is.Zero, "not ended");
    }

    [Test]
    public void InitMayCatchButIsNeverEndedBySignal()
    {
        SignalRules.SetDisposition(_init, Signals.Interrupt, SignalDisposition.Catch);
        Assert.That(_table.Kill(_init, 1, Signals.Interrupt, out _, out KillAction action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.Deliver));
        Assert.That(_table.Kill(_init, 1, Signals.Terminate, out _, out _), Is.EqualTo(Status.NotAllowed));
    }

    [Test]
    public void GroupsFollowSetpgidRules()
    {
        Assert.That(_init.Group, Is.EqualTo(1));
        Assert.That(_process.Group, Is.EqualTo(1), "inherited from init");
        ProcessRecord child = _table.Fork(_process, 300);
        ProcessRecord stranger = _table.Fork(_init, 400);
        Assert.That(SignalRules.SetGroup(_table, _process, child.Pid, 0, out _), Is.EqualTo(Status.Ok));
        Assert.That(child.Group, Is.EqualTo(child.Pid), "0: the target's own pid");
        Assert.That(SignalRules.SetGroup(_table, _process, 0, child.Pid, out _), Is.EqualTo(Status.Ok));
        Assert.That(_process.Group, Is.EqualTo(child.Pid), "joined the child's group");
        Assert.That(SignalRules.SetGroup(_table, _process, stranger.Pid, 0, out _), Is.EqualTo(Status.NotAllowed));
        Assert.That(SignalRules.SetGroup(_table, _process, 29999, 0, out _), Is.EqualTo(PmStatus.NoSuchProcess));
        Assert.That(SignalRules.SetGroup(_table, _process, -1, 0, out _), Is.EqualTo(Status.BadArgument));
    }
}
