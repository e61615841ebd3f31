using System;
using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pci.Bus;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Pci;

// The PCI server's hardware-free parts (src/Servers/Pci/Bus): the 0xCF8
// address, BAR sizing, the bus walk over a fake configuration space shaped
// like QEMU's default machine plus a bridge, and the claim rules (policy
// matching, one driver per device, which registers an owner may write).
public class PciBusTests
{
    // --- configuration addresses ---

    [TestCase(0, 0, 0, 0x00, 0x8000_0000u)]
    [TestCase(0, 1, 1, 0x20, 0x8000_0920u)]      // 00:01.1 BAR4, the IDE bus master
    [TestCase(0, 1, 1, 0x3D, 0x8000_093Cu)]      // a byte register: its dword
    [TestCase(2, 31, 7, 0xFF, 0x8002_FFFCu)]
    [TestCase(255, 0, 0, 0x04, 0x80FF_0004u)]
    public void TheAddressPortTakesBusDeviceFunctionAndTheDword(int bus, int device, int function, int offset, uint expected)
    {
        Assert.That(ConfigAddress.Encode(PciAddress.Of(bus, device, function), offset), Is.EqualTo(expected));
    }

    [Test]
    public void ThePciAddressRoundTripsAndTheDataPortFollowsTheOffset()
    {
        int address = PciAddress.Of(3, 17, 5);
        Assert.That((PciAddress.Bus(address), PciAddress.Device(address), PciAddress.Function(address)), Is.EqualTo((3, 17, 5)));
        Assert.That(ConfigAddress.DataPortFor(0x3C), Is.EqualTo(0xCFC));
        Assert.That(ConfigAddress.DataPortFor(0x3D), Is.EqualTo(0xCFD));
        Assert.That(ConfigAddress.DataPortFor(0x06), Is.EqualTo(0xCFE));
    }

    [TestCase(0x04, 2, true)]
    [TestCase(0x3D, 1, true)]
    [TestCase(0xFC, 4, true)]
    [TestCase(0x05, 2, false)]    // misaligned
    [TestCase(0x02, 4, false)]
    [TestCase(0xFE, 4, false)]    // past 256
    [TestCase(0x100, 1, false)]
    [TestCase(-1, 1, false)]
    [TestCase(0x04, 3, false)]
    [TestCase(0x04, 0, false)]
    [TestCase(0x04, 8, false)]
    public void AConfigAccessMustBeAlignedAndInside(int offset, int width, bool valid)
    {
        Assert.That(ConfigAddress.Valid(offset, width), Is.EqualTo(valid));
    }

    // --- BAR sizing ---

    [Test]
    public void AnIoBarIsSizedFromItsLowBitsEvenWhenTheUpperHalfReadsZero()
    {
        Bar bar = Bars.Decode(0x0000_C041, 0x0000_FFF1);
        Assert.That((bar.Kind, bar.Base, bar.Size, bar.Flags), Is.EqualTo((PciBarKind.Io, 0xC040UL, 0x10UL, 0)));
        bar = Bars.Decode(0x0000_C001, 0xFFFF_FFC1);
        Assert.That((bar.Kind, bar.Base, bar.Size), Is.EqualTo((PciBarKind.Io, 0xC000UL, 0x40UL)));
    }

    [Test]
    public void AMemoryBarIsSizedAndItsFlagsKept()
    {
        Bar bar = Bars.Decode(0xFEBC_0000, 0xFFFE_0000);
        Assert.That((bar.Kind, bar.Base, bar.Size, bar.Flags), Is.EqualTo((PciBarKind.Memory, 0xFEBC_0000UL, 0x2_0000UL, 0)));
        bar = Bars.Decode(0xFD00_0008, 0xFF00_0008);
        Assert.That((bar.Base, bar.Size, bar.Flags), Is.EqualTo((0xFD00_0000UL, 0x100_0000UL, PciBarFlags.Prefetchable)));
    }

    [Test]
    public void AWideMemoryBarTakesItsUpperRegister()
    {
        Assert.That(Bars.IsWide(0xFE00_000C), Is.True);
        Assert.That(Bars.IsWide(0xFE00_0008), Is.False);
        Assert.That(Bars.IsWide(0x0000_C005), Is.False, "an I/O BAR's bit 2 is an address bit");
        Bar bar = Bars.Decode(0xFE00_000C, 0xFFFF_C00C, 0x0000_0001, 0xFFFF_FFFF);
        Assert.That((bar.Kind, bar.Base, bar.Size, bar.Flags), Is.EqualTo((PciBarKind.Memory, 0x1_FE00_0000UL, 0x4000UL, PciBarFlags.Prefetchable | PciBarFlags.Wide)));
        bar = Bars.Decode(0x0000_0004, 0x0000_0004, 0, 0xFFFF_FFF0);   // 64 GiB: every low address bit sticks at 0
        Assert.That((bar.Present, bar.Size), Is.EqualTo((true, 0x10_0000_0000UL)));
    }

    [TestCase(0u, 0u)]
    [TestCase(0x0000_0001u, 0x0000_0001u)]    // an I/O BAR with no address bits
    [TestCase(0x0000_0008u, 0x0000_0008u)]
    public void AnUnimplementedBarIsAbsent(uint original, uint probed)
    {
        Bar bar = Bars.Decode(original, probed);
        Assert.That(bar.Present, Is.False);
        Assert.That(bar.Assigned, Is.False);
    }

    [Test]
    public void ABarTheFirmwareLeftAtZeroIsPresentButNotAssigned()
    {
        Bar bar = Bars.Decode(0x0000_0000, 0xFFFF_F000);
        Assert.That((bar.Present, bar.Assigned, bar.Size), Is.EqualTo((true, false, 0x1000UL)));
    }

    // --- the bus walk ---

    // QEMU's default machine (i440FX, PIIX3: `info pci`) with a bridge to
    // bus 1 carrying an e1000, and a second bridge that points back at
    // bus 1 (a loop must not be walked twice).
    private static FakeBus QemuLike()
    {
        var bus = new FakeBus();
        bus.Add(0, 0, 0, 0x8086, 0x1237, 0x060000);
        bus.Add(0, 1, 0, 0x8086, 0x7000, 0x060100, headerType: 0x80);
        byte[] ide = bus.Add(0, 1, 1, 0x8086, 0x7010, 0x010180);
        bus.Bar(0, 1, 1, 4, io: true, 0xC040, 0x10);
        ide[0x3C] = 0;   // legacy mode: no pin, no line
        byte[] acpi = bus.Add(0, 1, 3, 0x8086, 0x7113, 0x068000);
        acpi[0x3C] = 9;
        acpi[0x3D] = 1;
        bus.Add(0, 2, 0, 0x1234, 0x1111, 0x030000);
        bus.Bar(0, 2, 0, 0, io: false, 0xFD00_0000, 0x100_0000, prefetchable: true);
        bus.Bar(0, 2, 0, 2, io: false, 0xFEBF_0000, 0x1000);
        bus.Add(0, 3, 0, 0x1b36, 0x0001, 0x060400, headerType: 1)[0x19] = 1;
        byte[] nic = bus.Add(1, 0, 0, 0x8086, 0x100e, 0x020000);
        bus.Bar(1, 0, 0, 0, io: false, 0xFEA0_0000, 0x2_0000);
        bus.Bar(1, 0, 0, 1, io: true, 0xB000, 0x40);
        nic[0x3C] = 11;
        nic[0x3D] = 1;
        bus.Add(0, 4, 0, 0x1b36, 0x0001, 0x060400, headerType: 1)[0x19] = 1;
        bus.Add(0, 5, 0, 0x1b36, 0x000d, 0x0c0330);
        bus.WideBar(0, 5, 0, 0, 0x1_FE00_0000, 0x4000);
        return bus;
    }

    [Test]
    public void TheWalkFindsEveryFunctionOnceInBusOrderAndFollowsBridges()
    {
        FakeBus bus = QemuLike();
        List<PciFunction> found = Enumeration.Scan(bus);
        Assert.That(found.Select(f => f.Describe()), Is.EqualTo(new[]
        {
            "00:00.0 8086:1237 class 06.00.00 irq -",
            "00:01.0 8086:7000 class 06.01.00 irq -",
            "00:01.1 8086:7010 class 01.01.80 irq - bar4 io 0xc040/0x10",
            "00:01.3 8086:7113 class 06.80.00 irq 9",
            "00:02.0 1234:1111 class 03.00.00 irq - bar0 mem 0xfd000000/0x1000000 pf bar2 mem 0xfebf0000/0x1000",
            "00:03.0 1b36:0001 class 06.04.00 irq -",
            "01:00.0 8086:100e class 02.00.00 irq 11 bar0 mem 0xfea00000/0x20000 bar1 io 0xb000/0x40",
            "00:04.0 1b36:0001 class 06.04.00 irq -",
            "00:05.0 1b36:000d class 0c.03.30 irq - bar0 mem 0x1fe000000/0x4000 64",
        }));
        Assert.That(found[2].BarMask, Is.EqualTo(1 << 4));
        Assert.That(found[8].BarMask, Is.EqualTo(1), "a wide BAR is one BAR");
        Assert.That(found[6].Revision, Is.EqualTo(2));
        Assert.That(found[6].Class, Is.EqualTo(0x020000));
    }

    [Test]
    public void TheWalkRestoresEveryBarAndCommandRegisterAndProbesWithDecodingOff()
    {
        FakeBus bus = QemuLike();
        int nic = PciAddress.Of(1, 0, 0);
        bus.Config(nic)[0x04] = 0x07;   // the firmware enabled I/O, memory and bus mastering
        var before = new[] { PciAddress.Of(0, 1, 1), PciAddress.Of(0, 2, 0), nic, PciAddress.Of(0, 5, 0) }
            .ToDictionary(a => a, a => bus.Config(a).ToArray());
        Enumeration.Scan(bus);
        foreach (var (address, config) in before)
            Assert.That(bus.Config(address), Is.EqualTo(config), $"function {address:x}");
        var nicWrites = bus.Writes.Where(w => w.Address == nic).ToList();
        Assert.That(nicWrites.First(), Is.EqualTo((nic, 0x04, 2, 0x04u)), "decoding off first, bus mastering kept");
        Assert.That(nicWrites.Last(), Is.EqualTo((nic, 0x04, 2, 0x07u)), "and back on last");
    }

    [Test]
    public void AnEmptyBusHasNoFunctions()
    {
        Assert.That(Enumeration.Scan(new FakeBus()), Is.Empty);
    }

    // --- claims ---

    private static uint Id(ushort vendor, ushort device) => vendor | (uint)device << 16;

    [Test]
    public void AClaimNamesADeviceThePolicyLists()
    {
        List<PciFunction> devices = Enumeration.Scan(QemuLike());
        uint[] ide = { Id(0x8086, 0x7010) };
        Assert.That(Claims.Find(devices, ide, 0x8086, 0x7010, 0, out PciFunction? found), Is.EqualTo(Status.Ok));
        Assert.That(found!.Address, Is.EqualTo(PciAddress.Of(0, 1, 1)));
        Assert.That(Claims.Find(devices, ide, 0x8086, 0x100e, 0, out found), Is.EqualTo(PciStatus.NotInPolicy), "present, but not in the policy");
        Assert.That(found, Is.Null);
        Assert.That(Claims.Find(devices, Array.Empty<uint>(), 0x8086, 0x7010, 0, out _), Is.EqualTo(PciStatus.NotInPolicy), "no pci lines at all");
        Assert.That(Claims.Find(devices, ide, 0x8086, 0x7010, 1, out _), Is.EqualTo(PciStatus.NoDevice), "only one of them");
        Assert.That(Claims.Find(devices, new[] { Id(0x10ec, 0x8139) }, 0x10ec, 0x8139, 0, out _), Is.EqualTo(PciStatus.NoDevice), "listed, not present");
        Assert.That(Claims.Find(devices, ide, 0x8086, 0x7010, -1, out _), Is.EqualTo(Status.BadArgument));
    }

    [Test]
    public void AnyDeviceMeansThePoliciesInBusOrder()
    {
        List<PciFunction> devices = Enumeration.Scan(QemuLike());
        uint[] ids = { Id(0x8086, 0x100e), Id(0x10ec, 0x8139), Id(0x1b36, 0x0001) };
        Assert.That(Claims.Find(devices, ids, 0, 0, 0, out PciFunction? found), Is.EqualTo(Status.Ok));
        Assert.That(found!.Address, Is.EqualTo(PciAddress.Of(0, 3, 0)), "the first bridge comes first on the walk");
        Claims.Find(devices, ids, 0, 0, 1, out found);
        Assert.That(found!.Address, Is.EqualTo(PciAddress.Of(1, 0, 0)));
        Claims.Find(devices, ids, 0, 0, 2, out found);
        Assert.That(found!.Address, Is.EqualTo(PciAddress.Of(0, 4, 0)));
        Assert.That(Claims.Find(devices, ids, 0, 0, 3, out _), Is.EqualTo(PciStatus.NoDevice));
        Assert.That(Claims.Find(devices, Array.Empty<uint>(), 0, 0, 0, out _), Is.EqualTo(PciStatus.NoDevice));
    }

    [Test]
    public void OneDeviceOneDriverUntilItsHolderEnds()
    {
        var device = new PciFunction();
        var live = new HashSet<int> { 0x101, 0x202 };
        Func<int, bool> alive = live.Contains;
        Assert.That(Claims.MayTake(device, 0x101, alive), Is.True, "free");
        device.Owner = 0x101;
        Assert.That(Claims.MayTake(device, 0x101, alive), Is.True, "its holder again");
        Assert.That(Claims.MayTake(device, 0x202, alive), Is.False, "another live driver");
        live.Remove(0x101);
        Assert.That(Claims.MayTake(device, 0x1101, alive), Is.True, "the holder ended: its successor (or anyone) takes it");
    }

    [TestCase(0x04, 2, true)]     // command
    [TestCase(0x06, 2, true)]     // status (write one to clear)
    [TestCase(0x0C, 1, true)]     // cache line size
    [TestCase(0x0D, 1, true)]     // latency timer
    [TestCase(0x3C, 1, true)]     // interrupt line
    [TestCase(0x40, 4, true)]     // device-specific
    [TestCase(0xFC, 4, true)]
    [TestCase(0x00, 2, false)]    // vendor
    [TestCase(0x02, 2, false)]    // device
    [TestCase(0x08, 4, false)]    // revision and class
    [TestCase(0x0E, 1, false)]    // header type
    [TestCase(0x10, 4, false)]    // BAR0
    [TestCase(0x24, 4, false)]    // BAR5
    [TestCase(0x22, 2, false)]    // half of BAR4
    [TestCase(0x30, 4, false)]    // expansion ROM
    [TestCase(0x0C, 4, false)]    // cache line .. BIST: crosses the header type
    public void AnOwnerWritesItsRegistersButNotTheDecodersOrIdentity(int offset, int width, bool allowed)
    {
        Assert.That(Claims.MayWrite(new PciFunction { HeaderType = 0 }, offset, width), Is.EqualTo(allowed));
    }

    [Test]
    public void ABridgesBusNumbersAndWindowsArePcis()
    {
        var bridge = new PciFunction { HeaderType = 1 };
        Assert.That(Claims.MayWrite(bridge, 0x18, 4), Is.False, "bus numbers");
        Assert.That(Claims.MayWrite(bridge, 0x20, 4), Is.False, "memory window");
        Assert.That(Claims.MayWrite(bridge, 0x38, 4), Is.False, "its expansion ROM");
        Assert.That(Claims.MayWrite(bridge, 0x3C, 1), Is.True);
        Assert.That(Claims.MayWrite(bridge, 0x04, 2), Is.True);
    }

    [Test]
    public void ADriverGetsALineOnlyWithAPinAndOnlyOneThePicHas()
    {
        Assert.That(new PciFunction { InterruptPin = 1, InterruptLine = 11 }.Irq, Is.EqualTo(11));
        Assert.That(new PciFunction { InterruptPin = 0, InterruptLine = 11 }.Irq, Is.EqualTo(-1));
        Assert.That(new PciFunction { InterruptPin = 1, InterruptLine = 0xFF }.Irq, Is.EqualTo(-1), "no line routed");
        Assert.That(new PciFunction { InterruptPin = 1, InterruptLine = 2 }.Irq, Is.EqualTo(-1), "the cascade");
        Assert.That(new PciFunction { InterruptPin = 1, InterruptLine = 0 }.Irq, Is.EqualTo(-1), "the timer");
    }
}
