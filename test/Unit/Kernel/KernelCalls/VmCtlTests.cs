extern alias protection;

using System.Linq;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Ipc;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// VmCtl, the memory manager's primitives (docs/memory-manager.md): map
// fresh frames filled from a process's memory, query a process's table and
// ranges, stage/commit/discard an address space, make a process from a table
// or a parent, copy a requester's bytes into vm. A refused request changes
// nothing; the copy paths keep checking user and writable bits.
public sealed unsafe class VmCtlTests : KernelCallFixture
{
    private const ulong Free = Code + 0x10_0000;      // unmapped user memory in every test process

    private Process vm = null!, target = null!;

    [SetUp]
    public void StartTwo()
    {
        vm = Start("vm", "kernel vmctl");
        target = Start("target", "kernel times brk\nquota 2M");
    }

    private static Message MapRequest(Process target, ulong address, ulong length, int rights,
        Process? source = null, ulong sourceAddress = 0, ulong copyTo = 0, ulong copyLength = 0)
    {
        Message message = default;
        VmMapRequest* request = VmMapRequest.Of(&message);
        request->Operation = VmCtlOperation.Map;
        request->Target = target.Endpoint.Value;
        request->Address = (long)address;
        request->Length = (long)length;
        request->Rights = rights;
        request->Source = source?.Endpoint.Value ?? Endpoint.None.Value;
        request->SourceAddress = (long)sourceAddress;
        request->CopyTo = (long)copyTo;
        request->CopyLength = (long)copyLength;
        return message;
    }

    private static Message ProcessRequest(int operation, int target = 0, int source = 0, ulong entry = 0, ulong table = 0, long tableLength = 0)
    {
        Message message = default;
        VmProcessRequest* request = VmProcessRequest.Of(&message);
        request->Operation = operation;
        request->Target = target;
        request->Source = source;
        request->Entry = (long)entry;
        request->Table = (long)table;
        request->TableLength = tableLength;
        return message;
    }

    private int VmCall(ref Message message) => Call(vm, KernelCall.VmCtl, ref message);

    private void Refused(int status, Message message)
    {
        AssertRefused(status, vm, KernelCall.VmCtl, ref message);
    }

    // --- Map ---

    [Test]
    public void MapGivesFreshZeroedMemoryWithTheAskedRights()
    {
        var message = MapRequest(target, Free, 0x2000, VmRights.Writable);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(target, Free, 0x2000), Is.EqualTo(new byte[0x2000]));
        Assert.That(KernelServices.Host.IsWritable(target, Free, 0x2000), Is.True);
        message = MapRequest(target, Free + 0x2000, 0x1000, 0);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(KernelServices.Host.IsWritable(target, Free + 0x2000, 1), Is.False, "read-only: the copy paths still check");
    }

    [TestCase(Free + 1, 0x1000UL)]
    [TestCase(Free, 0x1001UL)]
    [TestCase(Free, 0UL)]
    [TestCase(KernelAddress, 0x1000UL)]                // the kernel's half is the kernel's own
    [TestCase(NonCanonical, 0x1000UL)]
    [TestCase(Data, 0x1000UL)]                         // over the image's data
    [TestCase(DataEnd - 0x1000, 0x2000UL)]             // partly over it
    public void MapRefusesUnalignedKernelAndOverlappingRanges(ulong address, ulong length)
    {
        Refused(Status.BadArgument, MapRequest(target, address, length, VmRights.Writable));
    }

    [Test]
    public void MapRefusesUnknownRightsDeadTargetsAndMoreThanMemoryHolds()
    {
        Refused(Status.BadArgument, MapRequest(target, Free, 0x1000, 0x40));
        Refused(Status.NoMemory, MapRequest(target, Free, 1UL << 40, VmRights.Writable));
        Process dead = Start("doomed", "kernel times");
        Termination.End(dead, DefectClass.Exit, 0, 0);
        Refused(Status.DeadEndpoint, MapRequest(dead, Free, 0x1000, 0));
    }

    [Test]
    public void MapCopiesFromTheSourceIntoReadOnlyPages()
    {
        WriteBytes(vm, Scratch, new byte[] { 1, 2, 3, 4 });
        var message = MapRequest(target, Free, 0x1000, VmRights.Executable, vm, Scratch, Free + 0x10, 4);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(target, Free + 0x0E, 8), Is.EqualTo(new byte[] { 0, 0, 1, 2, 3, 4, 0, 0 }));
        Assert.That(KernelServices.Host.IsWritable(target, Free, 1), Is.False);
    }

    [Test]
    public void MapRefusesAnUnreadableSourceOrACopyOutsideTheNewRange()
    {
        Refused(Status.BadAddress, MapRequest(target, Free, 0x1000, 0, vm, KernelAddress, Free, 16));
        Refused(Status.BadAddress, MapRequest(target, Free, 0x1000, 0, vm, DataEnd - 8, Free, 16));
        Refused(Status.BadArgument, MapRequest(target, Free, 0x1000, 0, vm, Scratch, Free + 0xFF8, 16));
        Refused(Status.BadArgument, MapRequest(target, Free, 0x1000, 0, vm, Scratch, Free - 8, 16));
    }

    [Test]
    public void OnlyVmMayMap()
    {
        var message = MapRequest(target, Free, 0x1000, 0);
        string before = Snapshot();
        Assert.That(Call(target, KernelCall.VmCtl, ref message), Is.EqualTo(Status.NotAllowed));
        Assert.That(Snapshot(), Is.EqualTo(before));
    }

    // --- Query and Copy ---

    [Test]
    public void QueryReportsTheTablesQuotaAndCallsAndTheOwnedRanges()
    {
        var message = MapRequest(target, DataEnd, 0x3000, VmRights.Writable);   // a heap's growth: extends the data range
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = default;
        VmQuery* query = VmQuery.Of(&message);
        query->Operation = VmCtlOperation.Query;
        query->Target = target.Endpoint.Value;
        query->Index = 1;
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        query = VmQuery.Of(&message);
        Assert.That(query->Quota, Is.EqualTo(2UL << 20));
        Assert.That(query->KernelCalls, Is.EqualTo((1UL << (int)KernelCall.Times) | (1UL << (int)KernelCall.Brk)));
        Assert.That(query->RangeCount, Is.EqualTo(2));
        Assert.That(query->PagesOwned, Is.EqualTo(1 + (int)DataPages + 3));
        Assert.That((ulong)query->RangeStart, Is.EqualTo(Data));
        Assert.That((ulong)query->RangeEnd, Is.EqualTo(DataEnd + 0x3000));
        Assert.That(query->RangeRights, Is.EqualTo(VmRights.Writable));
    }

    [Test]
    public void CopyReadsTheSourcesUserMemoryOnly()
    {
        WriteBytes(target, Scratch, new byte[] { 5, 6, 7 });
        Message message = default;
        VmMapRequest* request = VmMapRequest.Of(&message);
        request->Operation = VmCtlOperation.Copy;
        request->Source = target.Endpoint.Value;
        request->SourceAddress = (long)Scratch;
        request->CopyTo = (long)(Scratch + 0x800);
        request->CopyLength = 3;
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(vm, Scratch + 0x800, 3), Is.EqualTo(new byte[] { 5, 6, 7 }));
        request = VmMapRequest.Of(&message);
        request->SourceAddress = (long)KernelAddress;
        Refused(Status.BadAddress, message);
    }

    // --- NewSpace, Commit, Discard (exec) ---

    [Test]
    public void AStagedSpaceReplacesTheOldOneOnlyAtCommit()
    {
        WriteBytes(target, Scratch, new byte[] { 7, 7, 7 });
        Endpoint before = target.Endpoint;
        var message = ProcessRequest(VmCtlOperation.NewSpace, target.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = MapRequest(target, Data, 0x1000, VmRights.Writable | VmRights.Staged);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(target, Scratch, 3), Is.EqualTo(new byte[] { 7, 7, 7 }), "the old image still runs");
        message = ProcessRequest(VmCtlOperation.Commit, target.Endpoint.Value, entry: Code);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(target.Endpoint, Is.EqualTo(before));
        Assert.That(ReadBytes(target, Scratch, 3), Is.EqualTo(new byte[3]), "fresh zeroed data");
        Assert.That(KernelServices.Host.SpaceOf(target)!.PagesOwned, Is.EqualTo(1UL));
    }

    [Test]
    public void ADiscardedStagedSpaceGivesEverythingBack()
    {
        ulong free = Frames.FreeFrames;
        var message = ProcessRequest(VmCtlOperation.NewSpace, target.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = MapRequest(target, Data, 0x4000, VmRights.Writable | VmRights.Staged);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = ProcessRequest(VmCtlOperation.Discard, target.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(Frames.FreeFrames, Is.EqualTo(free));
        Assert.That(KernelServices.Host.StagedOf(target), Is.Null);
    }

    [Test]
    public void AProcessThatEndsWithAStagedSpaceFreesIt()
    {
        Process doomed = Start("doomed", "kernel times");
        ulong free = Frames.FreeFrames;
        var message = ProcessRequest(VmCtlOperation.NewSpace, doomed.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = MapRequest(doomed, Data, 0x4000, VmRights.Writable | VmRights.Staged);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Termination.End(doomed, DefectClass.Exit, 0, 0);
        Termination.ReleaseDeferredStack(0);
        Assert.That(Frames.FreeFrames, Is.GreaterThan(free), "its image, kernel stack and staged space");
        Assert.That(KernelServices.Host.StagedOf(doomed), Is.Null);
    }

    [Test]
    public void ARunningProcessIsNeitherRestartedNorDiscarded()
    {
        Assert.That(target.QuantumTicks, Is.Not.Zero, "admitted by the scheduler when it started");
        Refused(Status.BadArgument, ProcessRequest(VmCtlOperation.Commit, target.Endpoint.Value, entry: Code));
        Refused(Status.BadArgument, ProcessRequest(VmCtlOperation.Discard, target.Endpoint.Value));
        Refused(Status.BadArgument, MapRequest(target, Free, 0x1000, VmRights.Staged));
        Refused(Status.BadArgument, ProcessRequest(99, target.Endpoint.Value));
    }

    // --- NewProcess (spawn) ---

    private byte[] Table(string label, string policy)
    {
        var diagnostics = new System.Collections.Generic.List<protection::Minix3.Cosmos.Protection.Diagnostic>();
        var parsed = protection::Minix3.Cosmos.Protection.PolicyCompiler.Check(
            new protection::Minix3.Cosmos.Protection.PolicySource(label + ".policy", policy), diagnostics);
        return protection::Minix3.Cosmos.Protection.PrivilegeTableWriter.Write(parsed);
    }

    [TestCase(0L)]
    [TestCase(-1L)]
    [TestCase(4097L)]
    public void NewProcessRefusesATableOfABadLength(long length)
    {
        Refused(Status.BadArgument, ProcessRequest(VmCtlOperation.NewProcess, source: vm.Endpoint.Value, table: Scratch, tableLength: length));
    }

    [Test]
    public void NewProcessRefusesAnUnreadableOrMalformedTable()
    {
        Refused(Status.BadAddress, ProcessRequest(VmCtlOperation.NewProcess, source: vm.Endpoint.Value, table: KernelAddress, tableLength: 64));
        WriteBytes(vm, Scratch, Enumerable.Repeat((byte)0x5A, 64).ToArray());
        Refused(Status.BadArgument, ProcessRequest(VmCtlOperation.NewProcess, source: vm.Endpoint.Value, table: Scratch, tableLength: 64));
    }

    [Test]
    public void ANewProcessStartsStoppedAndEmptyRunsAtCommitAndCanBeDiscardedBefore()
    {
        byte[] table = Table("fresh", "kernel times\nquota 1M");
        WriteBytes(vm, Scratch, table);
        ulong free = Frames.FreeFrames;
        var message = ProcessRequest(VmCtlOperation.NewProcess, source: vm.Endpoint.Value, table: Scratch, tableLength: table.Length);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Process fresh = KernelServices.Processes.Lookup(new Endpoint(VmProcessRequest.Of(&message)->Target))!;
        Assert.That(fresh.IsStopped, Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(fresh.Label), Is.EqualTo("fresh"));
        Assert.That(KernelServices.Host.SpaceOf(fresh)!.PagesOwned, Is.Zero);
        message = ProcessRequest(VmCtlOperation.Discard, fresh.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(fresh.IsFree, Is.True);
        Assert.That(Frames.FreeFrames, Is.EqualTo(free), "its stack and space went back at once");

        message = ProcessRequest(VmCtlOperation.NewProcess, source: vm.Endpoint.Value, table: Scratch, tableLength: table.Length);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        fresh = KernelServices.Processes.Lookup(new Endpoint(VmProcessRequest.Of(&message)->Target))!;
        message = MapRequest(fresh, Code, 0x1000, VmRights.Executable);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        message = ProcessRequest(VmCtlOperation.Commit, fresh.Endpoint.Value, entry: Code);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(fresh.IsStopped, Is.False);
        Assert.That(Console, Does.Contain("[fresh] started: endpoint"));
    }

    // --- ForkProcess ---

    [Test]
    public void AForkedSlotCopiesThePolicyAndIdsButNoMemory()
    {
        target.UserId = 7;
        var message = ProcessRequest(VmCtlOperation.ForkProcess, source: target.Endpoint.Value);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Process child = KernelServices.Processes.Lookup(new Endpoint(VmProcessRequest.Of(&message)->Target))!;
        Assert.That(child.IsStopped, Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(child.Label), Is.EqualTo("target"));
        Assert.That(child.UserId, Is.EqualTo(7));
        Assert.That(KernelServices.Host.SpaceOf(child)!.PagesOwned, Is.Zero);

        WriteBytes(target, Scratch, new byte[] { 1, 2, 3 });
        message = MapRequest(child, Data, DataPages * 4096, VmRights.Writable, target, Data, Data, DataPages * 4096);
        Assert.That(VmCall(ref message), Is.EqualTo(Status.Ok));
        Assert.That(ReadBytes(child, Scratch, 3), Is.EqualTo(new byte[] { 1, 2, 3 }));
        WriteBytes(child, Scratch, new byte[] { 9 });
        Assert.That(ReadBytes(target, Scratch, 1), Is.EqualTo(new byte[] { 1 }), "copied, not shared");
    }

    [Test]
    public void ForkAndNewSpaceRefuseDeadProcesses()
    {
        Process dead = Start("doomed", "kernel times");
        Termination.End(dead, DefectClass.Exit, 0, 0);
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.ForkProcess, source: dead.Endpoint.Value));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.NewSpace, dead.Endpoint.Value));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.NewProcess, source: dead.Endpoint.Value, table: Scratch, tableLength: 64));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.Commit, dead.Endpoint.Value, entry: Code));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.Discard, dead.Endpoint.Value));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.Query, dead.Endpoint.Value));
        Refused(Status.DeadEndpoint, ProcessRequest(VmCtlOperation.MapDevice, dead.Endpoint.Value));
        Refused(Status.BadArgument, ProcessRequest(99, dead.Endpoint.Value));
    }
}
