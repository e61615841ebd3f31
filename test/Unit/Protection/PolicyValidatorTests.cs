extern alias protection;

using System.Linq;
using NUnit.Framework;
using protection::Minix3.Cosmos.Protection;
using static Minix3.Cosmos.Unit.Protection.PolicyTestHelpers;

namespace Minix3.Cosmos.Unit.Protection;

public class PolicyValidatorTests
{
    // What values mean: the code and the line each problem is reported on.
    [TestCase("label\tabcdefghijabcdefghijabcdefghij01", PolicyError.LabelLength, 1)]
    [TestCase("label Hello", PolicyError.LabelCharacters, 1)]
    [TestCase("label hello.world", PolicyError.LabelCharacters, 1)]
    [TestCase("ipc ds\nipc TTY", PolicyError.LabelCharacters, 2)]
    [TestCase("ipc abcdefghijabcdefghijabcdefghijkl", PolicyError.LabelLength, 1)]
    [TestCase("manager R$", PolicyError.LabelCharacters, 1)]
    [TestCase("io 0xfff0-0x10000", PolicyError.PortOutOfRange, 1)]
    [TestCase("io 0x10000", PolicyError.PortOutOfRange, 1)]
    [TestCase("io 0xfff8+9", PolicyError.PortOutOfRange, 1)]
    [TestCase("io 0x3ff-0x3f8", PolicyError.ReversedRange, 1)]
    [TestCase("memory 0xc0000-0xbffff", PolicyError.ReversedRange, 1)]
    [TestCase("io 0x3f8-0x3ff\nio 0x3fc", PolicyError.OverlappingIo, 2)]
    [TestCase("io 0x60 0x60", PolicyError.OverlappingIo, 1)]
    [TestCase("io 0x3f8+8 0x3f0-0x3f8", PolicyError.OverlappingIo, 1)]
    [TestCase("memory 0xb8000+0x1000\n\nmemory 0xb8800+0x10", PolicyError.OverlappingMemory, 3)]
    [TestCase("memory 0xb8000-0xb8fff 0xb7000+0x1001", PolicyError.OverlappingMemory, 1)]
    [TestCase("memory 0xfffffffffffff000+0x1000", PolicyError.ValueOutOfRange, 1)]
    [TestCase("irq 16", PolicyError.IrqOutOfRange, 1)]
    [TestCase("irq 0 15\nirq 0x100", PolicyError.IrqOutOfRange, 2)]
    [TestCase("priority 16", PolicyError.PriorityOutOfRange, 1)]
    [TestCase("quantum 0ms", PolicyError.ValueOutOfRange, 1)]
    [TestCase("quantum 66s", PolicyError.ValueOutOfRange, 1)]
    [TestCase("heartbeat period=0s", PolicyError.ValueOutOfRange, 1)]
    [TestCase("heartbeat period=1s misses=0", PolicyError.ValueOutOfRange, 1)]
    [TestCase("heartbeat period=50d", PolicyError.MalformedNumber, 1)]
    [TestCase("heartbeat period=2000h", PolicyError.ValueOutOfRange, 1)]
    [TestCase("heartbeat none reason=\"\"", PolicyError.NoReason, 1)]
    [TestCase("\nheartbeat none reason=\"   \"", PolicyError.NoReason, 2)]
    [TestCase("restart limit=4294967296", PolicyError.ValueOutOfRange, 1)]
    [TestCase("restart limit=1 window=1500ms", PolicyError.ValueOutOfRange, 1)]
    [TestCase("restart limit=1 window=0s", PolicyError.ValueOutOfRange, 1)]
    [TestCase("kernel devio irqctl\nkernel devio", PolicyError.DuplicateEntry, 2)]
    [TestCase("ipc ds ds", PolicyError.DuplicateEntry, 1)]
    [TestCase("irq 4 4", PolicyError.DuplicateEntry, 1)]
    [TestCase("pci 8086:100e\npci 8086:100E", PolicyError.DuplicateEntry, 2)]
    [TestCase("recovery backoff.sh", PolicyError.BadRecoveryPath, 1)]
    [TestCase("recovery /", PolicyError.BadRecoveryPath, 1)]
    [TestCase("recovery /etc/rs/\u00e9.sh", PolicyError.BadRecoveryPath, 1)]
    [TestCase("label hello\nmanager hello", PolicyError.SelfManaged, 2)]
    [TestCase("manager hello", PolicyError.SelfManaged, 1)]
    public void ReportsMeaningErrors(string text, string code, int line) => SingleError(text, code, line);

    [Test]
    public void ALabelTakenFromABadFileNameIsAFileLevelError()
    {
        var diagnostics = Check("irq 3", "src/Drivers/Hello.World/Hello.World.policy");
        Assert.That(diagnostics.Select(d => (d.Code, d.Line)), Is.EqualTo(new[] { (PolicyError.LabelCharacters, 0) }));
        Assert.That(diagnostics[0].Message, Does.Contain("file name"));
        Assert.That(diagnostics[0].ToString(), Does.StartWith("src/Drivers/Hello.World/Hello.World.policy: error M3P008: "));
    }

    [TestCase("ipc", 32, 33, PolicyDefaults.MaxTargets)]
    [TestCase("io", 16, 17, PolicyDefaults.MaxIoRanges)]
    [TestCase("memory", 8, 9, PolicyDefaults.MaxMemoryRanges)]
    [TestCase("pci", 8, 9, PolicyDefaults.MaxPciDevices)]
    public void CapacitiesAreTheKernels(string keyword, int fits, int tooMany, int capacity)
    {
        Assert.That(fits, Is.EqualTo(capacity));
        string Lines(int count) => string.Join("\n", Enumerable.Range(0, count).Select(i => keyword switch
        {
            "ipc" => $"ipc t{i}",
            "io" => $"io 0x{i * 16:x}+16",
            "memory" => $"memory 0x{i * 0x1000:x}+0x1000",
            _ => $"pci 8086:{i:x4}",
        }));
        Valid(Lines(fits));
        SingleError(Lines(tooMany), PolicyError.TooMany, tooMany);
    }

    [Test]
    public void ReportsEveryProblemOfAFile()
    {
        var diagnostics = Check("label Bad\nirq 16\npriority 99\nio 5-4\nkernel devio devio");
        Assert.That(diagnostics.Select(d => (d.Code, d.Line)), Is.EquivalentTo(new[]
        {
            (PolicyError.LabelCharacters, 1), (PolicyError.IrqOutOfRange, 2), (PolicyError.PriorityOutOfRange, 3),
            (PolicyError.ReversedRange, 4), (PolicyError.DuplicateEntry, 5),
        }));
    }

    [Test]
    public void DiagnosticsUseMsBuildsCanonicalFormat()
    {
        Diagnostic d = SingleError("\nirq 16", PolicyError.IrqOutOfRange, 2);
        Assert.That(d.ToString(), Is.EqualTo($"{File}(2): error M3P014: irq 16 is outside 0..15"));
    }

    [Test]
    public void BoundaryValuesAreAccepted()
    {
        Valid("""
            label abcdefghijabcdefghijabcdefghij0
            io 0 0xffff-0xffff
            irq 0 15
            priority 0
            quantum 65535ms
            memory 0xffffffffff000+0x1000
            restart limit=0 window=1s
            heartbeat period=1ms misses=4294967295
            recovery /a
            """);
    }
}
