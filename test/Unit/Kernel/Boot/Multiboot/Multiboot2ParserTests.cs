using System;
using System.Text;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Unit.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Boot.Multiboot;

[TestFixture]
public sealed class Multiboot2ParserTests
{
    private const ulong RamSize = 0x10000;
    private const ulong InfoAddress = 0x1000;

    private FakeRam ram = null!;
    private BootInfo info = null!;

    [SetUp]
    public void SetUp()
    {
        ram = new FakeRam(RamSize, 0);
        info = new BootInfo();
    }

    [TearDown]
    public void TearDown() => ram.Dispose();

    private bool Parse(byte[] structure, ulong? readable = null, ulong at = InfoAddress)
    {
        ram.Write(at, structure);
        return MultibootParser.Parse(MultibootParser.Multiboot2Magic, at, readable ?? (ulong)structure.Length, ram.Map, info);
    }

    private static string Text(BootString s) => Encoding.ASCII.GetString(s.AsSpan());

    [Test]
    public void ParsesACompleteStructure()
    {
        byte[] s = new Multiboot2Builder()
            .CommandLine("console=com1 timer_hz=100").LoaderName("GRUB 2.12")
            .BasicMemory(639, 523264)
            .Module(0x200000, 0x280000, "pm").Module(0x280000, 0x290000, "rs -v")
            .Tag(8, new byte[24]) // framebuffer: not ours, skipped
            .MemoryMap(24, (0, 0x9FC00, 1), (0x9FC00, 0x400, 2), (0x100000, 0x1FEF0000, 1), (0x1FFF0000, 0x10000, 3))
            .Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.Protocol, Is.EqualTo(BootProtocol.Multiboot2));
        Assert.That(info.Problems.Length, Is.Zero);
        Assert.That(Text(info.CommandLine), Is.EqualTo("console=com1 timer_hz=100"));
        Assert.That(Text(info.LoaderName), Is.EqualTo("GRUB 2.12"));
        Assert.That(info.LowerMemoryKiB, Is.EqualTo(639));
        Assert.That(info.UpperMemoryKiB, Is.EqualTo(523264));
        Assert.That(info.Modules.Length, Is.EqualTo(2));
        Assert.That(info.Modules[0].Start, Is.EqualTo(0x200000));
        Assert.That(info.Modules[0].Length, Is.EqualTo(0x80000));
        Assert.That(Text(info.Modules[1].CommandLine), Is.EqualTo("rs -v"));
        Assert.That(info.MemoryMap.Count, Is.EqualTo(4));
        Assert.That(info.MemoryMap[3].Type, Is.EqualTo(MemoryRegionType.AcpiReclaimable));
        Assert.That(info.InfoRange.Start, Is.EqualTo(InfoAddress));
        Assert.That(info.InfoRange.Length, Is.EqualTo((ulong)s.Length));
        Assert.That(info.LoaderData.Length, Is.EqualTo(1), "Multiboot 2 keeps everything inside the structure");
        // Strings point into the structure itself.
        Assert.That(info.CommandLine.Physical, Is.GreaterThan(InfoAddress).And.LessThan(InfoAddress + (ulong)s.Length));
    }

    [Test]
    public void TotalSizeBeyondTheLimitParsesOnlyTheReadablePart()
    {
        byte[] s = new Multiboot2Builder().CommandLine("first").Module(0x1000, 0x2000, "late-module-name").Build();
        ulong readable = 8 + 16 + 8; // header, cmdline tag, half of the module tag
        Assert.That(Parse(s, readable), Is.True);
        Assert.That(Text(info.CommandLine), Is.EqualTo("first"));
        Assert.That(info.Modules.Length, Is.Zero);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TotalSizeBeyondLimit));
        Assert.That(info.Problems[0].Value, Is.EqualTo((ulong)s.Length));
        Assert.That(info.HasProblem(BootProblemKind.TagPastEnd), Is.True);
        Assert.That(info.InfoRange.Length, Is.EqualTo(readable));
    }

    [Test]
    public void TagSmallerThanItsHeaderStopsParsing()
    {
        byte[] s = new Multiboot2Builder().CommandLine("ok").Tag(1, new byte[8], sizeOverride: 4).LoaderName("never").Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(Text(info.CommandLine), Is.EqualTo("ok"));
        Assert.That(info.LoaderName.IsEmpty, Is.True);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TagTooSmall));
        Assert.That(info.Problems[0].Value, Is.EqualTo(InfoAddress + 24), "header 8 + cmdline tag 16");
        Assert.That(info.HasProblem(BootProblemKind.MissingEndTag), Is.True);
    }

    [Test]
    public void TagClaimingToRunPastTheEndStopsParsing()
    {
        byte[] s = new Multiboot2Builder().LoaderName("GRUB").Tag(3, new byte[16], sizeOverride: 4000).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(Text(info.LoaderName), Is.EqualTo("GRUB"));
        Assert.That(info.Modules.Length, Is.Zero);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TagPastEnd));
    }

    [TestCase(28u)]
    [TestCase(16u)]
    [TestCase(0u)]
    public void MapWithABadEntrySizeIsSkipped(uint entrySize)
    {
        byte[] s = new Multiboot2Builder().MemoryMap(entrySize, (0, 0x1000, 1), (0x2000, 0x1000, 1)).CommandLine("after").Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.MemoryMap.Count, Is.Zero);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.MemoryMapEntrySizeInvalid));
        Assert.That(info.Problems[0].Value, Is.EqualTo(entrySize));
        Assert.That(Text(info.CommandLine), Is.EqualTo("after"), "later tags are still parsed");
    }

    [Test]
    public void MapEntriesOfALaterVersionAreSteppedOverByEntrySize()
    {
        byte[] s = new Multiboot2Builder().MemoryMap(40, (0, 0x1000, 1), (0x5000, 0x2000, 4)).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.MemoryMap.Count, Is.EqualTo(2));
        Assert.That(info.MemoryMap[1].Base, Is.EqualTo(0x5000));
        Assert.That(info.MemoryMap[1].Type, Is.EqualTo(MemoryRegionType.AcpiNvs));
    }

    [Test]
    public void PartialTrailingMapEntryIsReported()
    {
        var body = new byte[8 + 24 + 16];
        BitConverter.GetBytes(24u).CopyTo(body, 0);
        BitConverter.GetBytes(0x3000UL).CopyTo(body, 16); // length of entry 0 (base 0)
        BitConverter.GetBytes(1u).CopyTo(body, 24);
        byte[] s = new Multiboot2Builder().Tag(6, body).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.MemoryMap.Count, Is.EqualTo(1));
        Assert.That(info.MemoryMap[0].Length, Is.EqualTo(0x3000));
        Assert.That(info.HasProblem(BootProblemKind.MemoryMapEntryPastEnd), Is.True);
    }

    [Test]
    public void ZeroLengthMapEntriesAreReported()
    {
        byte[] s = new Multiboot2Builder().MemoryMap(24, (0, 0, 1), (0x1000, 0x1000, 1)).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.MemoryMap.Count, Is.EqualTo(1));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.ZeroLengthRegion));
    }

    [Test]
    public void MissingEndTagIsReported()
    {
        byte[] s = new Multiboot2Builder().CommandLine("x").Build(endTag: false);
        Assert.That(Parse(s), Is.True);
        Assert.That(Text(info.CommandLine), Is.EqualTo("x"));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.MissingEndTag));
    }

    [Test]
    public void ModuleEndingBeforeItStartsIsDropped()
    {
        byte[] s = new Multiboot2Builder().Module(0x9000, 0x8000, "bad").Module(0xA000, 0xC000, "good").Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.Modules.Length, Is.EqualTo(1));
        Assert.That(Text(info.Modules[0].CommandLine), Is.EqualTo("good"));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.ModuleEndBeforeStart));
    }

    [Test]
    public void ModulesBeyondCapacityAreDropped()
    {
        var b = new Multiboot2Builder();
        for (uint i = 0; i < BootInfo.MaxModules + 1; i++)
            b.Module(0x10000 * i, 0x10000 * i + 0x100, "m" + i);
        Assert.That(Parse(b.Build()), Is.True);
        Assert.That(info.Modules.Length, Is.EqualTo(BootInfo.MaxModules));
        Assert.That(Text(info.Modules[BootInfo.MaxModules - 1].CommandLine), Is.EqualTo("m" + (BootInfo.MaxModules - 1)));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TooManyModules));
    }

    [Test]
    public void ModuleTagTooShortForItsFieldsIsSkipped()
    {
        byte[] s = new Multiboot2Builder().Tag(3, new byte[4]).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.Modules.Length, Is.Zero);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TagTooSmall));
    }

    [Test]
    public void CommandLineWithoutNulIsRefused()
    {
        byte[] s = new Multiboot2Builder().Tag(1, Encoding.ASCII.GetBytes("abcdefgh")).Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(info.CommandLine.IsEmpty, Is.True);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.StringUnterminated));
    }

    [Test]
    public void SecondCommandLineIsReportedAndIgnored()
    {
        byte[] s = new Multiboot2Builder().CommandLine("one").CommandLine("two").Build();
        Assert.That(Parse(s), Is.True);
        Assert.That(Text(info.CommandLine), Is.EqualTo("one"));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.DuplicateTag));
        Assert.That(info.Problems[0].Value, Is.EqualTo(1));
    }

    [Test]
    public void MisalignedInfoIsReportedButParsed()
    {
        byte[] s = new Multiboot2Builder().CommandLine("odd").Build();
        Assert.That(Parse(s, at: InfoAddress + 4), Is.True);
        Assert.That(Text(info.CommandLine), Is.EqualTo("odd"));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.InfoMisaligned));
    }

    [TestCase(0u)]
    [TestCase(12u)]
    public void TotalSizeTooSmallIsRefused(uint totalSize)
    {
        byte[] s = new Multiboot2Builder().Build(totalSizeOverride: totalSize);
        Assert.That(Parse(s), Is.False);
        Assert.That(info.Protocol, Is.EqualTo(BootProtocol.None));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.TotalSizeTooSmall));
    }

    [Test]
    public void FewerReadableBytesThanTheHeaderIsRefused()
    {
        byte[] s = new Multiboot2Builder().Build();
        Assert.That(Parse(s, readable: 4), Is.False);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.InfoOutOfRange));
    }

    [Test]
    public void ProblemsBeyondTheListAreCounted()
    {
        var entries = new (ulong, ulong, uint)[BootInfo.MaxProblems + 5];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = ((ulong)i * 0x1000, 0, 1);
        Assert.That(Parse(new Multiboot2Builder().MemoryMap(24, entries).Build()), Is.True);
        Assert.That(info.Problems.Length, Is.EqualTo(BootInfo.MaxProblems));
        Assert.That(info.DroppedProblems, Is.EqualTo(5));
    }
}
