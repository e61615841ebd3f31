using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pm;

// Users in PM: ids through fork, setuid/setgid by the POSIX rules, who may
// signal whom, and the per-user process limit.
[TestFixture]
public sealed class CredentialsTests
{
    private const int Guest = 1000, Other = 1001;
    private ProcessTable _table = null!;
    private ProcessRecord _init = null!;

    [SetUp]
    public void SetUp()
    {
        _table = new ProcessTable();
        _init = _table.AdoptInit(100, "init")!;
    }

    private ProcessRecord UserProcess(int uid, int endpoint)
    {
        ProcessRecord process = _table.Fork(_init, endpoint);
        Assert.That(process.Ids.SetGid(100), Is.EqualTo(Status.Ok));
        Assert.That(process.Ids.SetUid(uid), Is.EqualTo(Status.Ok));
        return process;
    }

    [Test]
    public void InitIsRootAndForkCopiesTheIds()
    {
        Assert.That(_init.Ids.IsRoot, Is.True);
        ProcessRecord guest = UserProcess(Guest, 101);
        ProcessRecord child = _table.Fork(guest, 102);
        Assert.That((child.Ids.RealUid, child.Ids.EffectiveUid, child.Ids.RealGid, child.Ids.EffectiveGid),
            Is.EqualTo((Guest, Guest, 100, 100)));
    }

    [Test]
    public void RootSetsAnyIdAndThenIsRootNoMore()
    {
        var ids = Credentials.Root;
        Assert.That(ids.SetUid(Guest), Is.EqualTo(Status.Ok));
        Assert.That((ids.RealUid, ids.EffectiveUid, ids.IsRoot), Is.EqualTo((Guest, Guest, false)));
        Assert.That(ids.SetUid(0), Is.EqualTo(Status.NotAllowed), "no way back to root");
        Assert.That(ids.SetUid(Other), Is.EqualTo(Status.NotAllowed));
        Assert.That(ids.SetGid(50), Is.EqualTo(Status.NotAllowed), "nor another group");
        Assert.That(ids.SetUid(Guest), Is.EqualTo(Status.Ok), "its own real uid is allowed");
    }

    [TestCase(-1)]
    [TestCase(65536)]
    public void IdsOutOfRangeAreRefused(int id)
    {
        var ids = Credentials.Root;
        Assert.That(ids.SetUid(id), Is.EqualTo(Status.BadArgument));
        Assert.That(ids.SetGid(id), Is.EqualTo(Status.BadArgument));
        Assert.That(ids.IsRoot, Is.True);
    }

    [Test]
    public void AUserSignalsOnlyItsOwnProcessesAndRootSignalsAnyone()
    {
        ProcessRecord guest = UserProcess(Guest, 101);
        ProcessRecord guestsOther = UserProcess(Guest, 102);
        ProcessRecord stranger = UserProcess(Other, 103);
        ProcessRecord rootShell = _table.Fork(_init, 104);

        Assert.That(_table.Kill(guest, guestsOther.Pid, Signals.Terminate, out _, out KillAction action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.End));
        Assert.That(_table.Kill(guest, stranger.Pid, Signals.Terminate, out ProcessRecord? target, out action), Is.EqualTo(Status.NotAllowed));
        Assert.That((target, action, stranger.SignalSent), Is.EqualTo(((ProcessRecord?)null, KillAction.None, 0)), "nothing recorded");
        Assert.That(_table.Kill(guest, rootShell.Pid, 0, out _, out _), Is.EqualTo(Status.NotAllowed), "signal 0 too");
        Assert.That(_table.Kill(rootShell, stranger.Pid, Signals.Kill, out _, out action), Is.EqualTo(Status.Ok));
        Assert.That(action, Is.EqualTo(KillAction.End));
    }

    [Test]
    public void AUserStopsAtItsProcessLimitAndRootDoesNot()
    {
        ProcessRecord guest = UserProcess(Guest, 1000);
        for (int i = 1; i < ProcessTable.MaxPerUser; i++)
        {
            Assert.That(_table.MayFork(guest), Is.True, $"process {i}");
            _table.Fork(guest, 1000 + i);
        }
        Assert.That(_table.MayFork(guest), Is.False);
        Assert.That(_table.MayFork(UserProcess(Other, 5000)), Is.True, "another user has its own limit");
        Assert.That(_table.MayFork(_init), Is.True);
    }
}
