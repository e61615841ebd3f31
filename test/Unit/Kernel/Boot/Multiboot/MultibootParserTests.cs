using System;
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Unit.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Boot.Multiboot;

// Every part of the boot information the parser drops is logged at once
// ("boot: skipped malformed entry"): the tests read the fake serial port.
[TestFixture]
[NonParallelizable]
public sealed class MultibootParserTests
{
    private const ulong RamSize = 0x10000;
    private const ulong InfoAddress = 0x1000;
    private const ulong DataAddress = 0x2000;

    private FakeRam ram = null!;
    private BootInfo info = null!;

    [SetUp]
    public void SetUp()
    {
        ram = new FakeRam(RamSize, 0);
        info = new BootInfo();
        SerialPort.Output.Clear();
    }

    [TearDown]
    public void TearDown() => ram.Dispose();

    private Multiboot1Builder Builder() => new Multiboot1Builder(ram, InfoAddress, DataAddress);

    // Where a string the parser kept lies in the fake RAM.
    private unsafe ulong Physical(BootString s) => (ulong)s.Pointer - (ulong)ram.Map.Pointer(0);

    private bool Parse(ulong readable = 116) =>
        MultibootParser.Parse(MultibootParser.Multiboot1Magic, InfoAddress, readable, ram.Map, info);

    private static string Text(BootString s) => Encoding.ASCII.GetString(s.AsSpan());

    private static string Logged => SerialPort.Output.ToString();

    private static string Skipped(string what, ulong value) => $"boot: skipped malformed entry: {what} (0x{value:x16})\n";

    private const MemoryRegionType Available = MemoryRegionType.Available;
    private const MemoryRegionType Reserved = MemoryRegionType.Reserved;

    private void AssertMap(params (ulong Base, ulong Length, MemoryRegionType Type)[] expected)
    {
        var actual = new List<(ulong, ulong, MemoryRegionType)>();
        foreach (MemoryRegion region in info.MemoryMap.ToArray())
            actual.Add((region.Base, region.Length, region.Type));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void ParsesACompleteStructure()
    {
        var b = Builder().Memory(639, 130048).CommandLine("timer_hz=250 quiet").LoaderName("GRUB 2.06")
            .Module(0x100000, 0x180000, "pm").Module(0x180000, 0x1A0000, "vfs arg")
            .Region(0x0, 0x9F000, 1).Region(0x9F000, 0x1000, 2).Region(0x100000, 0x7F00000, 1).Region(0xFEE00000, 0x1000, 2);
        b.Finish();

        Assert.That(Parse(), Is.True);
        Assert.That(Logged, Is.Empty);
        Assert.That(Text(info.CommandLine), Is.EqualTo("timer_hz=250 quiet"));
        Assert.That(Text(info.LoaderName), Is.EqualTo("GRUB 2.06"));
        Assert.That(info.Modules.Length, Is.EqualTo(2));
        Assert.That(info.Modules[1].Start, Is.EqualTo(0x180000));
        Assert.That(info.Modules[1].End, Is.EqualTo(0x1A0000));
        Assert.That(Text(info.Modules[1].CommandLine), Is.EqualTo("vfs arg"));
        AssertMap((0, 0x9F000, Available), (0x9F000, 0x1000, Reserved), (0x100000, 0x7F00000, Available), (0xFEE00000, 0x1000, Reserved));
        Assert.That(info.LoaderData[0].Base, Is.EqualTo(InfoAddress));
        Assert.That(info.LoaderData[0].End, Is.EqualTo(InfoAddress + 116));
    }

    [Test]
    public void LoaderDataCoversTheInfoArraysAndStrings()
    {
        var b = Builder().CommandLine("x").Module(0x8000, 0x9000, "m").Region(0, 0x1000, 1);
        b.Finish();
        Assert.That(Parse(), Is.True);
        var data = info.LoaderData.ToArray();
        Assert.That(data[0].Base, Is.EqualTo(InfoAddress));
        // Every string the kernel may still read must lie in some loader data range.
        foreach (BootString s in new[] { info.CommandLine, info.Modules[0].CommandLine })
            Assert.That(System.Array.Exists(data, r => r.Base <= Physical(s) && Physical(s) + (ulong)s.Length < r.End), Is.True);
        Assert.That(data[0].End, Is.EqualTo(InfoAddress + 116), "the info structure");
    }

    [Test]
    public void WrongMagicIsRefused()
    {
        Builder().Finish();
        Assert.That(MultibootParser.Parse(0x1BADB002, InfoAddress, 116, ram.Map, info), Is.False);
        Assert.That(Logged, Is.EqualTo(Skipped("not the Multiboot magic", 0x1BADB002)));
    }

    [Test]
    public void InfoOutsideTheDirectMapIsRefused()
    {
        Assert.That(MultibootParser.Parse(MultibootParser.Multiboot1Magic, RamSize + 0x1000, 116, ram.Map, info), Is.False);
        Assert.That(Logged, Is.EqualTo(Skipped("info structure outside memory or cut short", RamSize + 0x1000)));
    }

    [Test]
    public void AStructureCutShortBeforeTheLastFieldUsedIsRefused()
    {
        var b = Builder().Memory(1, 2).Module(0x8000, 0x9000, "m").Region(0, 0x1000, 1);
        b.Finish();
        Assert.That(Parse(readable: 67), Is.False, "boot_loader_name ends at 68");
        Assert.That((info.Modules.Length, info.MemoryMap.Length, info.LoaderData.Length), Is.EqualTo((0, 0, 0)));
        Assert.That(Logged, Is.EqualTo(Skipped("info structure outside memory or cut short", InfoAddress)));
        Assert.That(Parse(readable: 68), Is.True);
        Assert.That(info.Modules.Length, Is.EqualTo(1));
        Assert.That(info.LoaderData[0].End, Is.EqualTo(InfoAddress + 68), "only what is readable is loader data");
    }

    [Test]
    public void TooSmallMapEntrySizeStopsTheMapButKeepsEarlierEntries()
    {
        var b = Builder().Region(0, 0x1000, 1).Region(0x2000, 0x1000, 1, size: 12).Region(0x4000, 0x1000, 1);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0, 0x1000, Available));
        Assert.That(Logged, Does.StartWith("boot: skipped malformed entry: memory map entry too small or past the map's end, and the rest of the map"));
    }

    [Test]
    public void MapEntryRunningPastTheMapIsReported()
    {
        var b = Builder().Region(0, 0x1000, 1).RawMapBytes(20, 0, 0, 0, 1, 2, 3);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0, 0x1000, Available));
        Assert.That(Logged, Does.StartWith("boot: skipped malformed entry: memory map entry too small or past the map's end"));
        Assert.That(Logged.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), "reported once");
    }

    [Test]
    public void LargerMapEntriesAreSteppedOverBySize()
    {
        var b = Builder().Region(0, 0x1000, 1, size: 24).Region(0x3000, 0x1000, 1, size: 24);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0, 0x1000, Available), (0x3000, 0x1000, Available));
    }

    [Test]
    public void UnknownTypesAndTouchingEntriesAreHandled()
    {
        var b = Builder().Region(0x1000, 0x1000, 1).Region(0x2000, 0x1000, 1).Region(0x2800, 0x100, 77).Region(0x5000, 0, 1);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0x1000, 0x1000, Available), (0x2000, 0x1000, Available), (0x2800, 0x100, Reserved), (0x5000, 0, Available)); // type 77 is not available
    }

    [Test]
    public void ARegionRunningOffTheTopOfTheAddressSpaceEndsThere()
    {
        var b = Builder().Region(0x100000, 0x1000_0000, 1).Region(0x200000, ulong.MaxValue, 2);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0x100000, 0x1000_0000, Available), (0x200000, ulong.MaxValue - 0x200000, Reserved));
    }

    // Overlapping entries are the frame allocator's arithmetic (FrameAllocatorTests);
    // what cannot be recorded may only lose RAM.
    [Test]
    public void AReservedEntryBeyondCapacityTakesOutTheAvailableOnesItOverlaps()
    {
        var b = Builder();
        for (uint i = 0; i < BootInfo.MaxRanges; i++)
            b.Region(i * 0x1000UL, 0x1000, 1);
        b.Region(0x5800, 0x1000, 2).Region(0x200000, 0x1000, 1);
        b.Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(info.MemoryMap.Length, Is.EqualTo(BootInfo.MaxRanges));
        for (int i = 0; i < BootInfo.MaxRanges; i++)
            Assert.That(info.MemoryMap[i].Type, Is.EqualTo(i == 5 || i == 6 ? Reserved : Available), $"entry {i}");
        Assert.That(Logged, Is.EqualTo(Skipped("memory map entry past the most kept", 0x5800) + Skipped("memory map entry past the most kept", 0x200000)));
    }

    [Test]
    public void ModuleEndingBeforeItStartsIsDropped()
    {
        var b = Builder().Module(0x9000, 0x8000, "bad").Module(0xA000, 0xB000, "good");
        b.Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(info.Modules.Length, Is.EqualTo(1));
        Assert.That(Text(info.Modules[0].CommandLine), Is.EqualTo("good"));
        Assert.That(Logged, Is.EqualTo(Skipped("module ending before its start", 0x9000)));
    }

    [Test]
    public void ModuleWithoutAStringHasAnEmptyName()
    {
        var b = Builder().Module(0xA000, 0xB000, null);
        b.Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(info.Modules[0].CommandLine.IsEmpty, Is.True);
        Assert.That(Logged, Is.Empty);
    }

    [Test]
    public void ModulesBeyondCapacityAreDropped()
    {
        var b = Builder();
        for (uint i = 0; i < BootInfo.MaxModules + 3; i++)
            b.Module(0x100000 + i * 0x1000, 0x100800 + i * 0x1000, null);
        b.Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(info.Modules.Length, Is.EqualTo(BootInfo.MaxModules));
        Assert.That(Logged, Is.EqualTo(Skipped("module past the most kept", 0x100000 + BootInfo.MaxModules * 0x1000)), "named once: the rest are not read");
    }

    [Test]
    public void EveryModuleNameUpToCapacityStaysLoaderData()
    {
        var b = Builder().CommandLine("kernel.elf start=monitor").LoaderName("GRUB").Region(0, 0x1000, 1);
        for (uint i = 0; i < BootInfo.MaxModules; i++)
            b.Module(0x100000 + i * 0x1000, 0x100800 + i * 0x1000, "component" + i);
        b.Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(Logged, Is.Empty);
        Assert.That(info.Modules.Length, Is.EqualTo(BootInfo.MaxModules));
        var data = info.LoaderData.ToArray();
        // The info structure, command line, loader name, module array, map and every name: the most there can be.
        Assert.That(data.Length, Is.EqualTo(BootInfo.MaxModules + 5));
        Assert.That(data.Length, Is.LessThanOrEqualTo(BootInfo.MaxRanges));
        foreach (BootModule module in info.Modules)
        {
            BootString name = module.CommandLine;
            Assert.That(System.Array.Exists(data, r => r.Base <= Physical(name) && Physical(name) + (ulong)name.Length < r.End), Is.True);
        }
    }

    [Test]
    public void ModuleArrayOutsideTheDirectMapIsRefused()
    {
        var b = Builder();
        b.Flags = Multiboot1Builder.FlagModules;
        b.Finish();
        ram.Write32(InfoAddress + 20, 4);
        ram.Write32(InfoAddress + 24, (uint)RamSize - 16);
        Assert.That(Parse(), Is.True);
        Assert.That(info.Modules.Length, Is.Zero);
        Assert.That(Logged, Is.EqualTo(Skipped("module array outside memory", RamSize - 16)));
    }

    [Test]
    public void MapOutsideTheDirectMapIsRefused()
    {
        var b = Builder();
        b.Flags = Multiboot1Builder.FlagMemoryMap;
        b.Finish();
        ram.Write32(InfoAddress + 44, 0x1000_0000);
        ram.Write32(InfoAddress + 48, 0x3000);
        Assert.That(Parse(), Is.True);
        Assert.That(info.MemoryMap.Length, Is.Zero);
        Assert.That(Logged, Is.EqualTo(Skipped("memory map outside memory", 0x3000)));
    }

    [Test]
    public void UnterminatedCommandLineIsRefused()
    {
        var b = Builder();
        b.Flags = Multiboot1Builder.FlagCommandLine;
        b.Finish();
        ram.Fill(RamSize - 64, 64, (byte)'a'); // runs into the end of RAM without a NUL
        ram.Write32(InfoAddress + 16, (uint)RamSize - 64);
        Assert.That(Parse(), Is.True);
        Assert.That(info.CommandLine.IsEmpty, Is.True);
        Assert.That(Logged, Is.EqualTo(Skipped("string without its end", RamSize - 64)));
    }

    // The kernel keeps its command line where the loader put it: the parser bounds it.
    [Test]
    public void ACommandLineLongerThanTheLimitIsRefused()
    {
        Builder().CommandLine(new string('p', MultibootParser.MaxStringLength)).Finish();
        Assert.That(Parse(), Is.True);
        Assert.That(info.CommandLine.Length, Is.EqualTo(MultibootParser.MaxStringLength));
        Builder().CommandLine(new string('p', MultibootParser.MaxStringLength + 1)).Finish();
        info = new BootInfo();
        Assert.That(Parse(), Is.True);
        Assert.That(info.CommandLine.IsEmpty, Is.True);
        Assert.That(Logged, Does.Contain("string without its end"));
    }

    [Test]
    public void CommandLinePointerOutsideTheDirectMapIsRefused()
    {
        var b = Builder();
        b.Flags = Multiboot1Builder.FlagCommandLine;
        b.Finish();
        ram.Write32(InfoAddress + 16, 0x8000_0000);
        Assert.That(Parse(), Is.True);
        Assert.That(info.CommandLine.IsEmpty, Is.True);
        Assert.That(Logged, Is.EqualTo(Skipped("string outside memory", 0x8000_0000)));
    }

    [Test]
    public void WithoutAMapTheBasicMemorySizesDescribeRam()
    {
        var b = Builder().Memory(640, 0x3C00);
        b.Finish();
        Assert.That(Parse(), Is.True);
        AssertMap((0, 640 * 1024, Available), (0x100000, 0x3C00UL * 1024, Available));
    }

    [Test]
    public void ReadableBytesAreClippedToTheDirectMap()
    {
        // Only 68 bytes of the structure exist before RAM ends: every field the kernel reads fits.
        ram.Write32(RamSize - 68, Multiboot1Builder.FlagMemory);
        ram.Write32(RamSize - 64, 1);
        ram.Write32(RamSize - 60, 2);
        Assert.That(MultibootParser.Parse(MultibootParser.Multiboot1Magic, RamSize - 68, 4096, ram.Map, info), Is.True);
        Assert.That(info.LoaderData[0].End, Is.EqualTo(RamSize));
        AssertMap((0, 1024, Available), (0x100000, 0x800, Available));
        Assert.That(MultibootParser.Parse(MultibootParser.Multiboot1Magic, RamSize - 32, 4096, ram.Map, info), Is.False, "32 bytes are too few");
    }
}
