using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Proc;

// The checks the kernel makes on every trap and kernel call: default deny,
// and ranges that must contain the whole access.
public class PrivilegeTests
{
    [Test]
    public void AnEmptyPrivilegeAllowsNothing()
    {
        var privilege = new Privilege();
        for (int call = 0; call < (int)KernelCall.Count; call++)
            Assert.That(privilege.AllowsKernelCall((KernelCall)call), Is.False);
        Assert.That(privilege.AllowsTarget(0), Is.False);
        Assert.That(privilege.AllowsPorts(0x3F8, 1), Is.False);
        Assert.That(privilege.AllowsIrq(4), Is.False);
        Assert.That(privilege.AllowsMemory(0xB8000, 0x1000), Is.False);
    }

    [Test]
    public void KernelCallsAreAllowedByTheirBitOnly()
    {
        var privilege = new Privilege { KernelCalls = 1UL << (int)KernelCall.DevIo };
        Assert.That(privilege.AllowsKernelCall(KernelCall.DevIo), Is.True);
        Assert.That(privilege.AllowsKernelCall(KernelCall.VDevIo), Is.False);
        Assert.That(privilege.AllowsKernelCall((KernelCall)(-1)), Is.False);
        Assert.That(privilege.AllowsKernelCall(KernelCall.Count), Is.False);
    }

    [Test]
    public void APortAccessMustLieWhollyInsideOneRange()
    {
        var privilege = new Privilege();
        privilege.IoFirst[0] = 0x3F8;
        privilege.IoLast[0] = 0x3FF;
        privilege.IoRangeCount = 1;
        Assert.That(privilege.AllowsPorts(0x3F8, 1), Is.True);
        Assert.That(privilege.AllowsPorts(0x3FC, 4), Is.True);
        Assert.That(privilege.AllowsPorts(0x3FE, 4), Is.False, "straddles the end");
        Assert.That(privilege.AllowsPorts(0x3F7, 2), Is.False, "straddles the start");
        Assert.That(privilege.AllowsPorts(0xFFFF, 4), Is.False, "past the port space");
    }

    [Test]
    public void AMemoryRangeMustLieWhollyInsideOneAllowedRange()
    {
        var privilege = new Privilege();
        privilege.MemoryBase[0] = 0xB8000;
        privilege.MemoryLength[0] = 0x1000;
        privilege.MemoryRangeCount = 1;
        Assert.That(privilege.AllowsMemory(0xB8000, 0x1000), Is.True);
        Assert.That(privilege.AllowsMemory(0xB8000, 0x2000), Is.False);
        Assert.That(privilege.AllowsMemory(0xB7000, 0x1000), Is.False);
        Assert.That(privilege.AllowsMemory(ulong.MaxValue - 0xFFF, 0x2000), Is.False, "wrapping");
        Assert.That(privilege.AllowsMemory(0xB8000, 0), Is.False);
    }

    [Test]
    public void TargetsAreSlotsInTheResolvedMask()
    {
        var privilege = new Privilege();
        privilege.TargetSlots.Add(3);
        privilege.TargetSlots.Add(63);
        privilege.TargetSlots.Add(64);
        privilege.TargetSlots.Add(ProcessTable.SlotCount - 1);
        Assert.That(privilege.AllowsTarget(3), Is.True);
        Assert.That(privilege.AllowsTarget(63), Is.True);
        Assert.That(privilege.AllowsTarget(64), Is.True, "past the first word");
        Assert.That(privilege.AllowsTarget(ProcessTable.SlotCount - 1), Is.True);
        Assert.That(privilege.AllowsTarget(4), Is.False);
        Assert.That(privilege.AllowsTarget(65), Is.False);
        Assert.That(privilege.AllowsTarget(-1), Is.False);
        Assert.That(privilege.AllowsTarget(ProcessTable.SlotCount), Is.False);
    }

    [Test]
    public void CopyFromTakesOverEveryField()
    {
        var source = new Privilege { KernelCalls = 5, MemoryQuota = 4096, Priority = 3, QuantumMs = 7, Flags = 1 };
        source.Label[0] = (byte)'x';
        source.LabelLength = 1;
        source.Irqs[0] = 9;
        source.IrqCount = 1;
        var target = new Privilege();
        target.CopyFrom(source);
        Assert.That(target.KernelCalls, Is.EqualTo(5));
        Assert.That(target.MemoryQuota, Is.EqualTo(4096));
        Assert.That(target.Priority, Is.EqualTo(3));
        Assert.That(target.QuantumMs, Is.EqualTo(7));
        Assert.That(target.Flags, Is.EqualTo(1));
        Assert.That(target.AllowsIrq(9), Is.True);
        Assert.That(target.LabelEquals(new[] { (byte)'x' }, 0, 1), Is.True);
    }
}
