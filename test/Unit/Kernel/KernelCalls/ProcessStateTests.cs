using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// The per-process state kernel calls leave behind (grant table, fault entry,
// alarm, refusal count) lives on the Process record and is cleared in one
// place: a new process in a reused slot inherits nothing of the old one, and
// an exec'ed image has no grant table or fault entry at the old image's
// addresses (they would name memory the new image uses for something else).
public sealed unsafe class ProcessStateTests : KernelCallFixture
{
    private const string Policy = "kernel setgrant setalarm";
    private const ulong Table = Data + 0x800;

    private static void GiveState(Process p)
    {
        Message message = default;
        SetGrantMessage.Of(&message)->Table = (long)Table;
        SetGrantMessage.Of(&message)->Count = 4;
        Assert.That(Call(p, KernelCall.SetGrant, ref message), Is.EqualTo(Status.Ok));
        message = default;
        SetAlarmMessage.Of(&message)->Milliseconds = 1000;
        Assert.That(Call(p, KernelCall.SetAlarm, ref message), Is.EqualTo(Status.Ok));
        Assert.That(HardwareExceptions.Register(p, Code), Is.EqualTo(Status.Ok));
        AssertRefused(Status.NotAllowed, p, KernelCall.VmCtl);
        Assert.That(p.GrantCount, Is.EqualTo(4));
        Assert.That(p.FaultEntry, Is.EqualTo(Code));
        Assert.That(p.AlarmDeadline, Is.Not.Zero);
        Assert.That(p.RefusalsLogged, Is.Not.Zero);
    }

    [Test]
    public void ANewProcessInAReusedSlotStartsWithNothingOfTheOldOne()
    {
        Process old = Start("old", Policy);
        int slot = old.Slot;
        GiveState(old);
        Termination.End(old, DefectClass.Exit, 0, 0);
        Termination.ReleaseDeferredStack(0);

        Process fresh = Start("fresh", Policy);
        Assert.That(fresh.Slot, Is.EqualTo(slot), "the lowest free slot is reused");
        Assert.That(fresh.GrantTable, Is.Zero);
        Assert.That(fresh.GrantCount, Is.Zero);
        Assert.That(fresh.FaultEntry, Is.Zero);
        Assert.That(fresh.AlarmDeadline, Is.Zero);
        Assert.That(fresh.RefusalsLogged, Is.Zero);
        GrantEntry entry;
        Assert.That(SetGrant.TryRead(fresh, GrantId.From(0, 1), &entry), Is.False, "no grant table to read");
        SetAlarm.Expire(ulong.MaxValue);
        Assert.That(fresh.AlarmPending, Is.False, "the old process's alarm does not reach the new one");
    }

    [Test]
    public void ExecDropsTheGrantTableAndFaultEntryButKeepsTheAlarm()
    {
        Process vm = Start("vm", "kernel vmctl");
        Process target = Start("target", Policy);
        GiveState(target);
        ulong alarm = target.AlarmDeadline;

        Message message = default;
        VmProcessRequest* request = VmProcessRequest.Of(&message);
        request->Operation = VmCtlOperation.NewSpace;
        request->Target = target.Endpoint.Value;
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        message = default;
        request->Operation = VmCtlOperation.Commit;
        request->Target = target.Endpoint.Value;
        request->Entry = (long)Code;
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));

        Assert.That(target.GrantTable, Is.Zero);
        Assert.That(target.GrantCount, Is.Zero);
        Assert.That(target.FaultEntry, Is.Zero);
        // A pending alarm survives exec, as POSIX's alarm() does.
        Assert.That(target.AlarmDeadline, Is.EqualTo(alarm));
    }
}
