using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// The process manager's and RS's calls: Exit, Kill, PrivCtl, StateCtl,
// SetIds. A refused request leaves its target as it was.
public sealed unsafe class ProcessCallTests : KernelCallFixture
{
    private const string Manager = "kernel fork exec kill privctl statectl setids exit";
    private const long DeadEndpointValue = 0x7FFF_0001;

    private Process manager = null!, target = null!;

    [SetUp]
    public void StartTwo()
    {
        manager = Start("manager", Manager);
        target = Start("target", "kernel times\nmanager manager");
    }

    private static long[] BadEndpoints(Process dead) =>
        new long[] { DeadEndpointValue, Endpoint.None.Value, Endpoint.Any.Value, Endpoint.Kernel.Value, -5, long.MaxValue, dead.Endpoint.Value };

    private Process Dead()
    {
        Process doomed = Start("doomed", "kernel times");
        Termination.End(doomed, DefectClass.Exit, 0, 0);
        return doomed;
    }

    [Test]
    public void EveryCallWithATargetRefusesOneThatIsNotAlive()
    {
        Process dead = Dead();
        foreach (long endpoint in BadEndpoints(dead))
        {
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.Kill, endpoint);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.StateCtl, endpoint, StateCtlMessage.Stop);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.SetIds, endpoint, 5, 5);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.PrivCtl, endpoint, (long)Scratch, 64);
        }
    }

    [Test]
    public void NoCallActsOnItsOwnCallerWhereThatMakesNoSense()
    {
        long self = manager.Endpoint.Value;
        AssertRefused(Status.BadArgument, manager, KernelCall.Kill, self);
        AssertRefused(Status.BadArgument, manager, KernelCall.StateCtl, self, StateCtlMessage.Stop);
    }

    // Fork, exec and spawn are the memory manager's (VmCtlTests, the
    // primitives); as kernel calls they are gone, whatever the table says.
    [TestCase(KernelCall.Fork)]
    [TestCase(KernelCall.Exec)]
    [TestCase(KernelCall.Brk)]
    public void FormerMemoryCallsAreNoKernelCalls(KernelCall call)
    {
        Process pm = Start("pm", "kernel fork exec brk");
        AssertRefused(Status.BadKernelCall, pm, call, target.Endpoint.Value, (long)Scratch, 0x2000);
    }

    // --- Exit and Kill ---

    [Test]
    public void ExitWithAnUnreadableReasonStillEndsTheCallerAndReportsIt()
    {
        Endpoint gone = target.Endpoint;
        Process exiting = Start("exiting", "kernel exit\nmanager manager");
        Endpoint exited = exiting.Endpoint;
        Assert.That(Call(exiting, KernelCall.Exit, Exit.PanicStatus, (long)KernelAddress, 24), Is.EqualTo(Status.Ok));
        Assert.That(KernelServices.Processes.Lookup(exited), Is.Null);
        Assert.That(IpcEngine.PendingDefectCount(manager), Is.EqualTo(1));
        Assert.That(Console, Does.Contain("[exiting] panicked\n"));
        Assert.That(KernelServices.Processes.Lookup(gone), Is.Not.Null, "no one else ended");
    }

    [Test]
    public void KillEndsTheTargetAndItsManagerHearsOfIt()
    {
        Assert.That(Call(manager, KernelCall.Kill, target.Endpoint.Value), Is.EqualTo(Status.Ok));
        Assert.That(target.IsFree, Is.True);
        Assert.That(IpcEngine.PendingDefectCount(manager), Is.EqualTo(1));
        Assert.That(Console, Does.Contain($"[target] killed by endpoint {manager.Endpoint.Value}"));
    }

    // --- PrivCtl ---

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(4097L)]
    [TestCase(long.MinValue)]
    public void APrivilegeTableOfABadLengthIsRefused(long length)
    {
        AssertRefused(Status.BadArgument, manager, KernelCall.PrivCtl, target.Endpoint.Value, (long)Scratch, length);
    }

    [Test]
    public void AnUnreadableOrMalformedPrivilegeTableLeavesTheTargetsPrivilegesAsTheyWere()
    {
        AssertRefused(Status.BadAddress, manager, KernelCall.PrivCtl, target.Endpoint.Value, (long)KernelAddress, 64);
        AssertRefused(Status.BadAddress, manager, KernelCall.PrivCtl, target.Endpoint.Value, (long)(DataEnd - 32), 64);
        WriteBytes(manager, Scratch, Enumerable.Repeat((byte)0xFF, 256).ToArray());
        AssertRefused(Status.BadArgument, manager, KernelCall.PrivCtl, target.Endpoint.Value, (long)Scratch, 256);
        Assert.That(target.Privilege.AllowsKernelCall(KernelCall.Times), Is.True);
        Assert.That(target.Privilege.AllowsKernelCall(KernelCall.PrivCtl), Is.False);
    }

    // --- StateCtl ---

    [TestCase(-1L)]
    [TestCase(4L)]
    [TestCase(long.MaxValue)]
    public void AnUnknownStateOperationIsRefused(long operation)
    {
        AssertRefused(Status.BadArgument, manager, KernelCall.StateCtl, target.Endpoint.Value, operation);
    }

    [Test]
    public void StopAndResumeChangeOnlyTheTarget()
    {
        Assert.That(Call(manager, KernelCall.StateCtl, target.Endpoint.Value, StateCtlMessage.Stop), Is.EqualTo(Status.Ok));
        Assert.That(target.IsStopped && !manager.IsStopped, Is.True);
        Assert.That(Call(manager, KernelCall.StateCtl, target.Endpoint.Value, StateCtlMessage.Resume), Is.EqualTo(Status.Ok));
        Assert.That(target.IsStopped, Is.False);
    }

    [Test]
    public void PowerOffAndRebootNeedStateCtl()
    {
        AssertRefused(Status.NotAllowed, target, KernelCall.StateCtl, 0, StateCtlMessage.PowerOff);
        AssertRefused(Status.NotAllowed, target, KernelCall.StateCtl, 0, StateCtlMessage.Reboot);
        Assert.Throws<MachineHalted>(() => Call(manager, KernelCall.StateCtl, 0, StateCtlMessage.PowerOff), "the control: the manager may");
    }

    // --- SetIds ---

    [TestCase(-1L, 0L)]
    [TestCase(0L, -1L)]
    [TestCase(65536L, 0L)]
    [TestCase(0L, 65536L)]
    [TestCase(long.MinValue, 0L)]
    [TestCase(0x1_0000_0000L, 0L)]        // 0 in the low 32 bits
    public void IdsOutOfRangeAreRefused(long uid, long gid)
    {
        AssertRefused(Status.BadArgument, manager, KernelCall.SetIds, target.Endpoint.Value, uid, gid);
        Assert.That((target.UserId, target.GroupId), Is.EqualTo((0, 0)));
    }

    [Test]
    public void SetIdsChangesOnlyTheTarget()
    {
        Assert.That(Call(manager, KernelCall.SetIds, target.Endpoint.Value, 1000, 65535), Is.EqualTo(Status.Ok));
        Assert.That((target.UserId, target.GroupId), Is.EqualTo((1000, 65535)));
        Assert.That((manager.UserId, manager.GroupId), Is.EqualTo((0, 0)));
    }
}
