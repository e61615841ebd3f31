using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// The process manager's and RS's calls: Fork, Exec (and Spawn), Exit, Kill,
// PrivCtl, StateCtl, SetIds. A refused request leaves its target as it was.
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
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.Fork, endpoint);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.Kill, endpoint);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.StateCtl, endpoint, StateCtlMessage.Stop);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.SetIds, endpoint, 5, 5);
            AssertRefused(Status.DeadEndpoint, manager, KernelCall.PrivCtl, endpoint, (long)Scratch, 64);
            if (endpoint != Endpoint.None.Value)   // None means Spawn
                AssertRefused(Status.DeadEndpoint, manager, KernelCall.Exec, endpoint, (long)Scratch, 0x2000);
        }
    }

    [Test]
    public void NoCallActsOnItsOwnCallerWhereThatMakesNoSense()
    {
        long self = manager.Endpoint.Value;
        AssertRefused(Status.BadArgument, manager, KernelCall.Fork, self);
        AssertRefused(Status.BadArgument, manager, KernelCall.Kill, self);
        AssertRefused(Status.BadArgument, manager, KernelCall.StateCtl, self, StateCtlMessage.Stop);
        WriteBytes(manager, Scratch, Image());
        AssertRefused(Status.BadArgument, manager, KernelCall.Exec, self, (long)Scratch, 0x2000);
    }

    // --- Fork ---

    [Test]
    public void AForkedChildIsAStoppedCopyWithTheParentsPolicy()
    {
        WriteBytes(target, Scratch, new byte[] { 1, 2, 3 });
        var message = new Message { Word0 = target.Endpoint.Value };
        Assert.That(Call(manager, KernelCall.Fork, ref message), Is.EqualTo(Status.Ok));
        Process child = KernelServices.Processes.Lookup(new Endpoint((int)message.Word1))!;
        Assert.That(child, Is.Not.Null);
        Assert.That(child.IsStopped, Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(child.Label), Is.EqualTo("target"));
        Assert.That(ReadBytes(child, Scratch, 3), Is.EqualTo(new byte[] { 1, 2, 3 }));
        WriteBytes(child, Scratch, new byte[] { 9 });
        Assert.That(ReadBytes(target, Scratch, 1), Is.EqualTo(new byte[] { 1 }), "copied, not shared");
    }

    // --- Exec and Spawn ---

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase((16L << 20) + 1)]
    [TestCase(long.MinValue)]
    public void AnImageOfABadLengthIsRefused(long length)
    {
        AssertRefused(Status.BadArgument, manager, KernelCall.Exec, target.Endpoint.Value, (long)Scratch, length);
    }

    [TestCase(KernelAddress)]
    [TestCase(Unmapped)]
    [TestCase(DataEnd - 0x1000)]    // the image runs past the caller's memory
    public void AnImageOutsideTheCallersMemoryIsRefused(ulong address)
    {
        AssertRefused(Status.BadAddress, manager, KernelCall.Exec, target.Endpoint.Value, (long)address, 0x2000);
    }

    [TestCase(0)]     // not ELF
    [TestCase(1)]     // a segment in the kernel's half
    [TestCase(2)]     // entry... a segment below the user base
    public void ABadImageLeavesTheTargetUntouched(int damage)
    {
        byte[] image = Image();
        switch (damage)
        {
            case 0: image[1] = (byte)'X'; break;
            case 1: System.BitConverter.GetBytes(0xFFFF_8000_0000_0000UL).CopyTo(image, 64 + 56 + 16); break;
            default: System.BitConverter.GetBytes(0x40_0000UL).CopyTo(image, 64 + 16); break;
        }
        WriteBytes(manager, Scratch, image);
        AssertRefused(Status.BadArgument, manager, KernelCall.Exec, target.Endpoint.Value, (long)Scratch, image.Length);
    }

    [Test]
    public void AnImageOverTheTargetsQuotaIsRefused()
    {
        Process small = Start("small", "kernel times\nquota 48K");
        byte[] image = Image(dataPages: 16);
        WriteBytes(manager, Scratch, image);
        AssertRefused(Status.NoMemory, manager, KernelCall.Exec, small.Endpoint.Value, (long)Scratch, image.Length);
    }

    [Test]
    public void ExecReplacesTheTargetsMemoryAndKeepsItsEndpoint()
    {
        WriteBytes(target, Scratch, new byte[] { 7, 7, 7 });
        byte[] image = Image();
        WriteBytes(manager, Scratch, image);
        Endpoint before = target.Endpoint;
        Assert.That(Call(manager, KernelCall.Exec, target.Endpoint.Value, (long)Scratch, image.Length), Is.EqualTo(Status.Ok));
        Assert.That(target.Endpoint, Is.EqualTo(before));
        Assert.That(ReadBytes(target, Scratch, 3), Is.EqualTo(new byte[3]), "fresh zeroed data");
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(4097L)]
    public void ASpawnWithATableOfABadLengthStartsNothing(long tableLength)
    {
        WriteBytes(manager, Scratch, Image());
        AssertRefused(Status.BadArgument, manager, KernelCall.Exec, Endpoint.None.Value, (long)Scratch, 0x2000, (long)(Scratch + 0x2000), tableLength);
    }

    [Test]
    public void ASpawnWithAnUnreadableOrMalformedTableStartsNothing()
    {
        WriteBytes(manager, Scratch, Image());
        AssertRefused(Status.BadAddress, manager, KernelCall.Exec, Endpoint.None.Value, (long)Scratch, 0x2000, (long)KernelAddress, 64);
        WriteBytes(manager, Scratch + 0x2000, Enumerable.Repeat((byte)0x5A, 64).ToArray());
        AssertRefused(Status.BadArgument, manager, KernelCall.Exec, Endpoint.None.Value, (long)Scratch, 0x2000, (long)(Scratch + 0x2000), 64);
        Assert.That(Console, Does.Contain("loader: not starting spawn: malformed privilege table"));
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
