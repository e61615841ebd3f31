using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Proc;

// The checks the kernel makes on every trap and kernel call: default deny,
// and ranges that must contain the whole access.
public unsafe class PrivilegeTests
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
        var privilege = new Privilege { Record = { KernelCalls = 1UL << (int)KernelCall.DevIo } };
        Assert.That(privilege.AllowsKernelCall(KernelCall.DevIo), Is.True);
        Assert.That(privilege.AllowsKernelCall(KernelCall.VDevIo), Is.False);
        Assert.That(privilege.AllowsKernelCall((KernelCall)(-1)), Is.False);
        Assert.That(privilege.AllowsKernelCall(KernelCall.Count), Is.False);
    }

    [Test]
    public void APortAccessMustLieWhollyInsideOneRange()
    {
        var privilege = new Privilege();
        privilege.Record.IoFirst[0] = 0x3F8;
        privilege.Record.IoLast[0] = 0x3FF;
        privilege.Record.IoRangeCount = 1;
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
        privilege.Record.MemoryBase[0] = 0xB8000;
        privilege.Record.MemoryLength[0] = 0x1000;
        privilege.Record.MemoryRangeCount = 1;
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
    public void ClearDeniesEverythingAndRestoresTheDefaultSchedule()
    {
        var privilege = new Privilege { Record = { KernelCalls = ~0UL, Priority = 2, QuantumMs = 50 } };
        TestPrivileges.SetLabel(ref privilege.Record, "vm");
        for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            privilege.TargetSlots.Add(slot);
        privilege.Clear();
        Assert.That(privilege.AllowsKernelCall(KernelCall.DevIo), Is.False);
        Assert.That(privilege.AllowsTarget(0), Is.False);
        Assert.That((privilege.Label.Length, privilege.Record.Priority, privilege.Record.QuantumMs), Is.EqualTo((0, (byte)15, (ushort)10)));
    }

    [Test]
    public void TheSignalManagerIsMatchedByLabel()
    {
        var rs = new Privilege();
        var driver = new Privilege();
        var orphan = new Privilege();
        TestPrivileges.SetLabel(ref rs.Record, "rs");
        TestPrivileges.SetManager(ref driver.Record, "rs");
        Assert.That(driver.IsManagedBy(rs), Is.True);
        Assert.That(rs.IsManagedBy(driver), Is.False);
        Assert.That(orphan.IsManagedBy(new Privilege()), Is.False, "no manager is not the empty label");
    }
}

// Test helpers: labels written into a privilege's record the way the
// policy compiler writes them.
internal static unsafe class TestPrivileges
{
    internal static void SetLabel(ref KernelPrivilege record, string label)
    {
        for (int i = 0; i < label.Length; i++)
            record.Label[i] = (byte)label[i];
        record.LabelLength = (byte)label.Length;
    }

    internal static void SetManager(ref KernelPrivilege record, string label)
    {
        for (int i = 0; i < label.Length; i++)
            record.Manager[i] = (byte)label[i];
        record.ManagerLength = (byte)label.Length;
    }
}
