using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// Grants (SetGrant, SafeCopyFrom, SafeCopyTo): the granter's table lives in
// its own memory and is read at every copy, so every check is against what
// the owner says now. A refused copy moves no byte on either side.
public sealed unsafe class GrantTests : KernelCallFixture
{
    private const string Policy = "kernel setgrant safecopyfrom safecopyto";
    private const ulong Table = Data + 0x800;          // the granter's GrantEntry[Entries]
    private const int Entries = 8;
    private const ulong Granted = Data + 0x1000;       // 256 bytes the granter lends
    private const ulong GrantedLength = 256;
    private const ulong Local = Scratch;               // the grantee's side

    private Process granter = null!, grantee = null!, third = null!;

    [SetUp]
    public void StartThree()
    {
        granter = Start("granter", Policy);
        grantee = Start("grantee", Policy);
        third = Start("third", Policy);
        WriteBytes(granter, Granted, Enumerable.Range(0, (int)GrantedLength).Select(i => (byte)(i + 1)).ToArray());
        WriteBytes(grantee, Local, Enumerable.Repeat((byte)0xEE, 512).ToArray());
        Assert.That(Call(granter, KernelCall.SetGrant, (long)Table, Entries), Is.EqualTo(Status.Ok));
    }

    private void Grant(int index, uint flags, ushort sequence = 1, int? grantee = null, ulong address = Granted, ulong length = GrantedLength) =>
        Write(granter, Table + (ulong)(index * GrantEntry.Size),
            new GrantEntry { Flags = flags, Sequence = sequence, Grantee = grantee ?? this.grantee.Endpoint.Value, Address = address, Length = length });

    private static long Id(int index, ushort sequence = 1) => GrantId.From(index, sequence).Value;

    private void AssertCopyRefused(int status, Process caller, KernelCall call, long id, ulong offset = 0, ulong local = Local, ulong length = 16, Process? from = null)
    {
        AssertRefused(status, caller, call, (from ?? granter).Endpoint.Value, id, (long)offset, (long)local, (long)length);
    }

    [Test]
    public void AValidGrantCopiesBothWays()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write);
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(0), 16, (long)Local, 32), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(grantee, Local, 32), Is.EqualTo(Enumerable.Range(17, 32).Select(i => (byte)i).ToArray()));
        Assert.That(Call(grantee, KernelCall.SafeCopyTo, granter.Endpoint.Value, Id(0), (long)(GrantedLength - 8), (long)Local, 8), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(granter, Granted + GrantedLength - 8, 8), Is.EqualTo(Enumerable.Range(17, 8).Select(i => (byte)i).ToArray()));
    }

    [Test]
    public void AGrantForSomeoneElseIsRefused()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write);
        AssertCopyRefused(Status.BadGrant, third, KernelCall.SafeCopyFrom, Id(0));
        AssertCopyRefused(Status.BadGrant, third, KernelCall.SafeCopyTo, Id(0));
        // Nor can the granter use a grant it made for another.
        AssertCopyRefused(Status.BadGrant, granter, KernelCall.SafeCopyFrom, Id(0));
        Assert.That(Console, Does.Contain("[third] denied grant"));
    }

    [Test]
    public void AGrantToADeadGranteesEndpointIsNotUsableByTheSlotsNextOccupant()
    {
        Process doomed = Start("doomed", Policy);
        Grant(0, GrantFlags.Valid | GrantFlags.Read, grantee: doomed.Endpoint.Value);
        int slot = doomed.Slot;
        Termination.End(doomed, DefectClass.Exit, 0, 0);
        Process successor = Start("successor", Policy);
        Assert.That(successor.Slot, Is.EqualTo(slot), "the slot is reused");
        AssertCopyRefused(Status.BadGrant, successor, KernelCall.SafeCopyFrom, Id(0));
    }

    [Test]
    public void ARevokedGrantIsRefused()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(0), 0, (long)Local, 16), Is.EqualTo(Status.Ok));
        Grant(0, GrantFlags.Read);      // the owner clears Valid
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(0));
    }

    [Test]
    public void AStaleIdIsRefusedAfterTheEntryIsReused()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read, sequence: 1);
        Grant(0, GrantFlags.Valid | GrantFlags.Read, sequence: 2, grantee: grantee.Endpoint.Value);   // revoked and reused
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(0, 1));
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(0, 2), 0, (long)Local, 16), Is.EqualTo(Status.Ok), "the new id works");
    }

    [TestCase(Entries)]          // past the published table
    [TestCase(GrantId.MaxEntries - 1)]
    public void AnIndexOutsideThePublishedTableIsRefused(int index)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(index));
    }

    [TestCase(-1L)]
    [TestCase(long.MinValue)]
    [TestCase(-0x7FFF_FFFF_FFFF_0000L)]   // entry 0, sequence 0 in the low 32 bits, but negative
    public void ANegativeIdIsRefused(long id)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read, sequence: 0);
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, id);
    }

    [Test]
    public void ReadAndWriteRightsAreSeparate()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        Grant(1, GrantFlags.Valid | GrantFlags.Write);
        AssertCopyRefused(Status.GrantRights, grantee, KernelCall.SafeCopyTo, Id(0));
        AssertCopyRefused(Status.GrantRights, grantee, KernelCall.SafeCopyFrom, Id(1));
        Grant(2, GrantFlags.Valid);
        AssertCopyRefused(Status.GrantRights, grantee, KernelCall.SafeCopyFrom, Id(2));
        AssertCopyRefused(Status.GrantRights, grantee, KernelCall.SafeCopyTo, Id(2));
    }

    [TestCase(GrantedLength + 1, 0UL)]                 // offset past the end
    [TestCase(GrantedLength - 8, 16UL)]                // offset + length past the end
    [TestCase(0UL, GrantedLength + 1)]
    [TestCase(ulong.MaxValue, 16UL)]                   // offset + length wraps
    [TestCase(ulong.MaxValue - 7, 16UL)]
    [TestCase(16UL, ulong.MaxValue - 15)]              // length alone wraps offset + length to 0
    public void ACopyOutsideTheGrantedRangeIsRefused(ulong offset, ulong length)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write);
        int status = length > (ulong)KernelCallLimits.MaxCopy ? Status.BadArgument : Status.OutOfRange;
        AssertCopyRefused(status, grantee, KernelCall.SafeCopyFrom, Id(0), offset, length: length);
        AssertCopyRefused(status, grantee, KernelCall.SafeCopyTo, Id(0), offset, length: length);
    }

    [Test]
    public void AGrantOverMemoryTheGranterDoesNotOwnMovesNothing()
    {
        // Whatever an entry claims, the copy is checked against the granter's own pages.
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, address: KernelAddress, length: 4096);
        Grant(1, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, address: ulong.MaxValue - 0xFFF, length: 0x2000);   // wraps past the top
        Grant(2, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, address: Granted, length: ulong.MaxValue);
        Grant(3, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, address: Code, length: 4096);                         // read-only to the granter too
        foreach (var call in new[] { KernelCall.SafeCopyFrom, KernelCall.SafeCopyTo })
        {
            AssertCopyRefused(Status.BadAddress, grantee, call, Id(0));
            AssertCopyRefused(Status.BadAddress, grantee, call, Id(1), 0xFF8);
            // Offset chosen so that Granted + offset wraps round to the kernel image.
            AssertCopyRefused(Status.BadAddress, grantee, call, Id(2), unchecked(KernelAddress - Granted));
        }
        AssertCopyRefused(Status.BadAddress, grantee, KernelCall.SafeCopyTo, Id(3));
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(3), 0, (long)Local, 2), Is.EqualTo(Status.Ok), "reading code is what the granter could do");
    }

    [TestCase(KernelAddress)]
    [TestCase(Unmapped)]
    [TestCase(NonCanonical)]
    [TestCase(DataEnd - 8)]              // the local range runs past the grantee's memory
    [TestCase(ulong.MaxValue - 7)]       // local + length wraps
    public void ALocalBufferOutsideTheCallersMemoryMovesNothing(ulong local)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write);
        AssertCopyRefused(Status.BadAddress, grantee, KernelCall.SafeCopyFrom, Id(0), local: local);
        AssertCopyRefused(Status.BadAddress, grantee, KernelCall.SafeCopyTo, Id(0), local: local);
    }

    [Test]
    public void CopyingFromUnwritableLocalMemoryWorksButIntoItDoesNot()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write);
        AssertCopyRefused(Status.BadAddress, grantee, KernelCall.SafeCopyFrom, Id(0), local: Code);
        Assert.That(Call(grantee, KernelCall.SafeCopyTo, granter.Endpoint.Value, Id(0), 0, (long)Code, 2), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(granter, Granted, 2), Is.EqualTo(new byte[] { 0x0F, 0x0B }));
    }

    [TestCase(-1L)]
    [TestCase(KernelCallLimits.MaxCopy + 1L)]
    [TestCase(long.MinValue)]
    public void AnOversizedCopyIsRefused(long length)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, length: ulong.MaxValue);
        AssertRefused(Status.BadArgument, grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(0), 0, (long)Local, length);
    }

    [Test]
    public void AGranterThatIsGoneOrNeverWasIsADeadEndpoint()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        Endpoint old = granter.Endpoint;
        Termination.End(granter, DefectClass.Exit, 0, 0);
        AssertRefused(Status.DeadEndpoint, grantee, KernelCall.SafeCopyFrom, old.Value, Id(0), 0, (long)Local, 16);
        AssertRefused(Status.DeadEndpoint, grantee, KernelCall.SafeCopyFrom, Endpoint.Any.Value, Id(0), 0, (long)Local, 16);
        AssertRefused(Status.DeadEndpoint, grantee, KernelCall.SafeCopyFrom, 0x7FFF_FFFF, Id(0), 0, (long)Local, 16);
    }

    [Test]
    public void AnUnpublishedOrWithdrawnOrUnreadableTableGrantsNothing()
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        AssertCopyRefused(Status.BadGrant, third, KernelCall.SafeCopyFrom, Id(0), from: third);   // third never published one
        Assert.That(Call(granter, KernelCall.SetGrant, (long)Table, 0), Is.EqualTo(Status.Ok));
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(0));
        Assert.That(Call(granter, KernelCall.SetGrant, (long)KernelAddress, Entries), Is.EqualTo(Status.Ok), "only remembered, read at each copy");
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(0));
    }

    [TestCase(-1L)]
    [TestCase(GrantId.MaxEntries + 1L)]
    [TestCase(long.MinValue)]
    public void ABadTableSizeIsRefusedAndTheOldTableStays(long count)
    {
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        AssertRefused(Status.BadArgument, granter, KernelCall.SetGrant, (long)Unmapped, count);
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, granter.Endpoint.Value, Id(0), 0, (long)Local, 16), Is.EqualTo(Status.Ok));
    }

    [Test]
    public void ExecWithdrawsTheTableAndAForkedChildInheritsIt()
    {
        Process vm = Start("vm", "kernel vmctl");
        Grant(0, GrantFlags.Valid | GrantFlags.Read);
        Message message = default;
        VmProcessRequest* fork = VmProcessRequest.Of(&message);
        fork->Operation = VmCtlOperation.ForkProcess;
        fork->Source = granter.Endpoint.Value;
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        Process child = KernelServices.Processes.Lookup(new Endpoint(VmProcessRequest.Of(&message)->Target))!;
        message = default;
        VmMapRequest* map = VmMapRequest.Of(&message);
        map->Operation = VmCtlOperation.Map;
        map->Target = child.Endpoint.Value;
        map->Address = (long)Data;
        map->Length = (long)(DataPages * 4096);
        map->Rights = VmRights.Writable;
        map->Source = granter.Endpoint.Value;
        map->SourceAddress = map->CopyTo = (long)Data;
        map->CopyLength = map->Length;
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        Grant(1, GrantFlags.Valid | GrantFlags.Read, grantee: grantee.Endpoint.Value);
        Assert.That(Call(grantee, KernelCall.SafeCopyFrom, child.Endpoint.Value, Id(0), 0, (long)Local, 16), Is.EqualTo(Status.Ok), "the child's copy of entry 0");
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(1), from: child);   // entry 1 is in the parent's memory only

        foreach (int operation in new[] { VmCtlOperation.NewSpace, VmCtlOperation.Map, VmCtlOperation.Commit })
        {
            message = default;
            VmProcessRequest* exec = VmProcessRequest.Of(&message);
            exec->Operation = operation;
            exec->Target = granter.Endpoint.Value;
            exec->Entry = (long)Code;
            if (operation == VmCtlOperation.Map)
            {
                map = VmMapRequest.Of(&message);
                map->Address = (long)Data;
                map->Length = (long)(DataPages * 4096);
                map->Rights = VmRights.Writable | VmRights.Staged;
                map->Source = Endpoint.None.Value;
            }
            Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok), $"operation {operation}");
        }
        AssertCopyRefused(Status.BadGrant, grantee, KernelCall.SafeCopyFrom, Id(0));
    }
}
