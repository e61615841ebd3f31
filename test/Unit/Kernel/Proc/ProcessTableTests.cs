using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Proc;

[TestFixture]
public sealed class ProcessTableTests
{
    private readonly Privilege privilege = new Privilege { Record = { Priority = 4, QuantumMs = 20 } };

    [Test]
    public void AllocationTakesTheLowestFreeSlotUnderANewGeneration()
    {
        var table = new ProcessTable();
        Process a = table.Allocate(privilege)!;
        Process b = table.Allocate(privilege)!;

        Assert.That(a.Slot, Is.Zero);
        Assert.That(b.Slot, Is.EqualTo(1));
        Assert.That(a.Generation, Is.EqualTo(1));
        Assert.That(b.Endpoint, Is.EqualTo(Endpoint.From(1, 1)));
        Assert.That(table.Count, Is.EqualTo(2));
    }

    [Test]
    public void ANewProcessIsStoppedWithItsPrivilegeAndPriority()
    {
        var table = new ProcessTable();
        Process p = table.Allocate(privilege)!;

        Assert.That(p.Flags, Is.EqualTo(ProcessFlags.Stopped));
        Assert.That(p.IsRunnable, Is.False);
        Assert.That(p.Privilege, Is.SameAs(privilege));
        Assert.That(p.Priority, Is.EqualTo(4));
        Assert.That(p.BlockedOn, Is.EqualTo(Endpoint.None));
    }

    [Test]
    public void LookupFindsOnlyLiveEndpointsOfTheCurrentGeneration()
    {
        var table = new ProcessTable();
        Process p = table.Allocate(privilege)!;
        Endpoint first = p.Endpoint;

        Assert.That(table.Lookup(first), Is.SameAs(p));
        Assert.That(table.Lookup(Endpoint.From(p.Slot, p.Generation + 1)), Is.Null, "a future generation");
        Assert.That(table.Lookup(Endpoint.From(5, 1)), Is.Null, "a free slot");
        Assert.That(table.Lookup(Endpoint.Any), Is.Null);
        Assert.That(table.Lookup(Endpoint.None), Is.Null);
        Assert.That(table.Lookup(Endpoint.Kernel), Is.Null);

        table.Free(p);
        Assert.That(table.Lookup(first), Is.Null, "freed");
        Process again = table.Allocate(privilege)!;
        Assert.That(again, Is.SameAs(p));
        Assert.That(again.Endpoint, Is.Not.EqualTo(first));
        Assert.That(table.Lookup(first), Is.Null, "stale generation");
        Assert.That(table.Lookup(again.Endpoint), Is.SameAs(again));
    }

    [Test]
    public void AFreedSlotPointsAtTheDenyAllPrivilege()
    {
        var table = new ProcessTable();
        SlotSet targets = default;
        targets.Add(0);
        Process p = table.Allocate(new Privilege { TargetSlots = targets })!;
        table.Free(p);

        Assert.That(p.IsFree, Is.True);
        Assert.That(p.Privilege, Is.SameAs(table.NoPrivilege));
        Assert.That(p.Privilege.AllowsTarget(0), Is.False);
        Assert.That(p.Label.Length, Is.Zero);
    }

    [Test]
    public void FreeingKeepsTheHardwareFields()
    {
        var table = new ProcessTable();
        Process p = table.Allocate(privilege)!;
        p.KernelStackTop = 0xFFFF_8000_0010_0000;
        table.Free(p);
        Assert.That(table.Allocate(privilege)!.KernelStackTop, Is.EqualTo(0xFFFF_8000_0010_0000));
    }

    [Test]
    public void AFullTableRefusesAndFreeingMakesRoom()
    {
        var table = new ProcessTable();
        for (int i = 0; i < ProcessTable.SlotCount; i++)
            Assert.That(table.Allocate(privilege), Is.Not.Null);

        Assert.That(table.Allocate(privilege), Is.Null);
        table.Free(table[17]);
        Assert.That(table.Allocate(privilege)!.Slot, Is.EqualTo(17));
    }

    [Test]
    public void AllocateSlotTakesExactlyThatSlot()
    {
        var table = new ProcessTable();
        Assert.That(table.AllocateSlot(9, privilege)!.Slot, Is.EqualTo(9));
        Assert.That(table.AllocateSlot(9, privilege), Is.Null, "in use");
        Assert.That(table.AllocateSlot(-1, privilege), Is.Null);
        Assert.That(table.AllocateSlot(ProcessTable.SlotCount, privilege), Is.Null);
        Assert.That(table.Allocate(privilege)!.Slot, Is.Zero);
    }

    [Test]
    public void GenerationsWrapAroundBeforeOverflowingTheEndpoint()
    {
        var table = new ProcessTable();
        Process p = table[3];
        p.Generation = Endpoint.MaxGeneration;
        Process q = table.AllocateSlot(3, privilege)!;

        Assert.That(q.Generation, Is.EqualTo(1));
        Assert.That(q.Endpoint.Slot, Is.EqualTo(3));
        Assert.That(Endpoint.From(3, Endpoint.MaxGeneration).Value, Is.GreaterThan(0));
    }

    [Test]
    public void TheLabelComesFromThePrivilege()
    {
        var table = new ProcessTable();
        var labelled = new Privilege();
        TestPrivileges.SetLabel(ref labelled.Record, "rs");

        Process p = table.Allocate(labelled)!;

        Assert.That(p.Label.ToArray(), Is.EqualTo(new[] { (byte)'r', (byte)'s' }));
    }

    // User processes come from forks; a fork may not take the last slots,
    // which stay for the servers and drivers RS must be able to restart.
    [Test]
    public void AForkLeavesTheReservedSlotsToComponents()
    {
        var table = new ProcessTable();
        int forked = 0;
        while (table.Allocate(new Privilege(), forked: true) != null)
            forked++;
        Assert.That(forked, Is.EqualTo(ProcessTable.SlotCount - ProcessTable.ReservedForComponents));
        for (int i = 0; i < ProcessTable.ReservedForComponents; i++)
            Assert.That(table.Allocate(new Privilege()), Is.Not.Null, $"component {i}");
        Assert.That(table.Allocate(new Privilege()), Is.Null, "the table is full");
    }
}
