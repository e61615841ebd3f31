extern alias protection;

using System;
using Minix3.Cosmos.Kernel;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.KernelCalls;

// The kernel's part of issue 15's PCI path and DMA memory: PrivAdd (pci
// adds a device's BARs and line to a driver's record: only pci's policy
// may, and a bad or overflowing entry changes nothing), VmCtl Map with
// VmRights.Contiguous (one physical run, owned, freed when the process
// ends) and GetInfo FreeFrames (how tests see that frames come back).
public sealed unsafe class PciCallTests : KernelCallFixture
{
    private const ulong Free = Code + 0x10_0000;

    private static Message Add(Process target, int kind, ulong first, ulong last)
    {
        Message message = default;
        PrivAddMessage* request = PrivAddMessage.Of(&message);
        request->Target = target.Endpoint.Value;
        request->Kind = kind;
        request->First = first;
        request->Last = last;
        return message;
    }

    private static byte[] RecordOf(Process p)
    {
        var bytes = new byte[KernelPrivilege.Bytes];
        KernelPrivilege record = p.Privilege.Record;
        new ReadOnlySpan<byte>(&record, KernelPrivilege.Bytes).CopyTo(bytes);
        return bytes;
    }

    // --- PrivAdd ---

    [Test]
    public void AddedPortsMemoryAndLineAreTheDriversToUse()
    {
        Process pci = Start("pci", "kernel privadd");
        Process driver = Start("driver", "kernel devio irqctl\nio 0x80");
        Assert.That(Call(driver, KernelCall.DevIo, 0xc040, 1, DevIoMessage.In), Is.EqualTo(Status.NotAllowed), "before pci adds it");
        var message = Add(driver, PrivAddMessage.Io, 0xc040, 0xc04f);
        Assert.That(Call(pci, KernelCall.PrivAdd, ref message), Is.EqualTo(Status.Ok));
        message = Add(driver, PrivAddMessage.Memory, 0xfebc0000, 0xfebdffff);
        Assert.That(Call(pci, KernelCall.PrivAdd, ref message), Is.EqualTo(Status.Ok));
        message = Add(driver, PrivAddMessage.Irq, 11, 11);
        Assert.That(Call(pci, KernelCall.PrivAdd, ref message), Is.EqualTo(Status.Ok));

        Assert.That(Call(driver, KernelCall.DevIo, 0xc04c, 4, DevIoMessage.In), Is.EqualTo(Status.Ok));
        Assert.That(Call(driver, KernelCall.DevIo, 0xc04e, 4, DevIoMessage.In), Is.EqualTo(Status.NotAllowed), "past the BAR's end");
        Assert.That(Call(driver, KernelCall.DevIo, 0x80, 1, DevIoMessage.In), Is.EqualTo(Status.Ok), "its own ports stay");
        Assert.That(driver.Privilege.AllowsMemory(0xfebc0000, 0x20000), Is.True);
        Assert.That(driver.Privilege.AllowsMemory(0xfebc0000, 0x21000), Is.False);
        Assert.That(Call(driver, KernelCall.IrqCtl, IrqCtlMessage.Enable, 11), Is.EqualTo(Status.Ok));
        Assert.That(pci.Privilege.AllowsPorts(0xc040, 1), Is.False, "added to the target, not the caller");
    }

    [Test]
    public void OnlyAPolicyWithPrivAddMayAdd()
    {
        Process driver = Start("driver", "kernel devio privctl");
        var message = Add(driver, PrivAddMessage.Io, 0xcf8, 0xcff);
        byte[] before = RecordOf(driver);
        AssertRefused(Status.NotAllowed, driver, KernelCall.PrivAdd, ref message);
        Assert.That(RecordOf(driver), Is.EqualTo(before));
        Assert.That(Console, Does.Contain("kernel call"), "the refusal is logged");
    }

    [TestCase(PrivAddMessage.Io, 0x10UL, 0x0fUL)]            // first after last
    [TestCase(PrivAddMessage.Io, 0x1_0000UL, 0xffffUL)]      // would truncate to 0..0xffff
    [TestCase(PrivAddMessage.Io, 0xfff0UL, 0x1_0000UL)]      // past 16 bits
    [TestCase(PrivAddMessage.Memory, 0x2000UL, 0x1fffUL)]    // first after last
    [TestCase(PrivAddMessage.Memory, 0UL, ulong.MaxValue)]   // the whole space: length wraps to 0
    [TestCase(PrivAddMessage.Irq, 16UL, 16UL)]
    [TestCase(PrivAddMessage.Irq, 256UL, 256UL)]             // would truncate to line 0
    [TestCase(PrivAddMessage.Irq, 3UL, 4UL)]                 // a line, not a range
    [TestCase(0, 1UL, 2UL)]                                  // no such kind
    [TestCase(4, 1UL, 2UL)]
    public void AMalformedAdditionIsRefusedAndChangesNothing(int kind, ulong first, ulong last)
    {
        Process pci = Start("pci", "kernel privadd");
        Process driver = Start("driver", "kernel devio\nio 0x80");
        byte[] before = RecordOf(driver);
        var message = Add(driver, kind, first, last);
        AssertRefused(Status.BadArgument, pci, KernelCall.PrivAdd, ref message);
        Assert.That(RecordOf(driver), Is.EqualTo(before));
    }

    [Test]
    public void AFullRecordRefusesMoreAndKeepsWhatItHas()
    {
        Process pci = Start("pci", "kernel privadd");
        Process driver = Start("driver", "kernel devio irqctl");
        for (int i = 0; i < KernelPrivilege.MaxIoRanges; i++)
        {
            var io = Add(driver, PrivAddMessage.Io, (ulong)(0x100 + 16 * i), (ulong)(0x10f + 16 * i));
            Assert.That(Call(pci, KernelCall.PrivAdd, ref io), Is.EqualTo(Status.Ok));
        }
        for (int i = 0; i < KernelPrivilege.MaxMemoryRanges; i++)
        {
            var memory = Add(driver, PrivAddMessage.Memory, (ulong)(0xfe000000 + 0x10000 * i), (ulong)(0xfe000fff + 0x10000 * i));
            Assert.That(Call(pci, KernelCall.PrivAdd, ref memory), Is.EqualTo(Status.Ok));
        }
        for (int i = 0; i < KernelPrivilege.MaxIrqs; i++)
        {
            var line = Add(driver, PrivAddMessage.Irq, (ulong)i, (ulong)i);
            Assert.That(Call(pci, KernelCall.PrivAdd, ref line), Is.EqualTo(Status.Ok));
        }
        byte[] before = RecordOf(driver);
        var message = Add(driver, PrivAddMessage.Io, 0x800, 0x80f);
        AssertRefused(Status.BadArgument, pci, KernelCall.PrivAdd, ref message);
        message = Add(driver, PrivAddMessage.Memory, 0xfd000000, 0xfd000fff);
        AssertRefused(Status.BadArgument, pci, KernelCall.PrivAdd, ref message);
        message = Add(driver, PrivAddMessage.Irq, 5, 5);
        AssertRefused(Status.BadArgument, pci, KernelCall.PrivAdd, ref message);
        Assert.That(RecordOf(driver), Is.EqualTo(before), "the arrays past their capacity are not written");
        Assert.That(driver.Privilege.AllowsPorts(0x1f0, 1), Is.True);
    }

    [Test]
    public void AddedResourcesEndWithTheProcessAndAnotherInstanceStartsFromItsTable()
    {
        Process pci = Start("pci", "kernel privadd");
        Process driver = Start("driver", "kernel devio");
        var message = Add(driver, PrivAddMessage.Io, 0xc040, 0xc04f);
        Assert.That(Call(pci, KernelCall.PrivAdd, ref message), Is.EqualTo(Status.Ok));
        Termination.End(driver, DefectClass.Exit, 0, 0);
        AssertRefused(Status.DeadEndpoint, pci, KernelCall.PrivAdd, ref message);
        Process again = Start("driver", "kernel devio");
        Assert.That(again.Privilege.AllowsPorts(0xc040, 1), Is.False, "a new instance has only its table's ports");
        Assert.That(Call(again, KernelCall.DevIo, 0xc040, 1, DevIoMessage.In), Is.EqualTo(Status.NotAllowed));
    }

    // --- VmCtl Map, Contiguous ---

    private static Message Contiguous(Process target, ulong address, ulong length)
    {
        Message message = default;
        VmMapRequest* request = VmMapRequest.Of(&message);
        request->Operation = VmCtlOperation.Map;
        request->Target = target.Endpoint.Value;
        request->Address = (long)address;
        request->Length = (long)length;
        request->Rights = VmRights.Writable | VmRights.Contiguous;
        request->Source = Endpoint.None.Value;
        return message;
    }

    [Test]
    public void ContiguousMemoryIsOnePhysicalRunTheReplyNames()
    {
        Process vm = Start("vm", "kernel vmctl");
        Process driver = Start("driver", "kernel times\nquota 2M");
        ulong pagesBefore = KernelServices.Host.SpaceOf(driver)!.PagesOwned;
        var message = Contiguous(driver, Free, 0x8000);
        Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
        ulong physical = (ulong)VmMapRequest.Of(&message)->Physical;
        Assert.That(physical, Is.Not.Zero);
        Assert.That(physical & 0xfff, Is.Zero);
        AddressSpace space = KernelServices.Host.SpaceOf(driver)!;
        for (ulong page = 0; page < 8; page++)
        {
            Assert.That(space.Translate(Free + page * 4096, out ulong frame, out _), Is.True);
            Assert.That(frame, Is.EqualTo(physical + page * 4096), $"page {page}");
        }
        Assert.That(space.PagesOwned, Is.EqualTo(pagesBefore + 8), "counted as the driver's memory");
        Assert.That(ReadBytes(driver, Free, 0x8000), Is.EqualTo(new byte[0x8000]), "zeroed");
        // What the driver writes through its mapping is at the physical address (the host's fake RAM is identity-mapped).
        WriteBytes(driver, Free + 0x5000, new byte[] { 0xA5, 0x5A });
        Assert.That(((byte*)physical)[0x5000], Is.EqualTo(0xA5));
        Assert.That(((byte*)physical)[0x5001], Is.EqualTo(0x5A));
    }

    [Test]
    public void ContiguousMemoryIsFreedWhenItsOwnerEnds()
    {
        Process vm = Start("vm", "kernel vmctl");
        ulong before = Frames.FreeFrames;
        for (int round = 0; round < 20; round++)
        {
            Process driver = Start("driver", "kernel times\nquota 2M");
            var message = Contiguous(driver, Free, 0x10000);
            Assert.That(Call(vm, KernelCall.VmCtl, ref message), Is.EqualTo(Status.Ok));
            Termination.End(driver, DefectClass.Killed, 0, 0);
            Termination.ReleaseDeferredStack(0);
        }
        Assert.That(Frames.FreeFrames, Is.EqualTo(before), "every frame of every run came back");
    }

    [Test]
    public void ARefusedContiguousMapTakesNoFrames()
    {
        Process vm = Start("vm", "kernel vmctl");
        Process driver = Start("driver", "kernel times\nquota 2M");
        var overData = Contiguous(driver, Data, 0x2000);
        AssertRefused(Status.BadArgument, vm, KernelCall.VmCtl, ref overData);
        var unaligned = Contiguous(driver, Free + 1, 0x2000);
        AssertRefused(Status.BadArgument, vm, KernelCall.VmCtl, ref unaligned);
        var tooLarge = Contiguous(driver, Free, 1UL << 40);
        AssertRefused(Status.NoMemory, vm, KernelCall.VmCtl, ref tooLarge);
        // Partly over a page mapped already: refused before any frame is taken.
        var one = Contiguous(driver, Free + 0x3000, 0x1000);
        Assert.That(Call(vm, KernelCall.VmCtl, ref one), Is.EqualTo(Status.Ok));
        var overlapping = Contiguous(driver, Free, 0x4000);
        AssertRefused(Status.BadArgument, vm, KernelCall.VmCtl, ref overlapping);
    }

    // --- GetInfo FreeFrames ---

    [Test]
    public void GetInfoReportsTheFreeFrames()
    {
        Process p = Start("probe", "kernel getinfo");
        var message = new Message();
        GetInfoMessage.Of(&message)->What = GetInfoMessage.FreeFrames;
        Assert.That(Call(p, KernelCall.GetInfo, ref message), Is.EqualTo(Status.Ok));
        Assert.That(GetInfoMessage.Of(&message)->Written, Is.EqualTo((long)Frames.FreeFrames));
    }
}
