using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The kernel's boot path under QEMU -kernel (Multiboot1), scenario by scenario.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class BootPathTests
{
    [Test]
    public void PrintsBannerMemoryMapFramesAndModules()
    {
        var run = GuestRun.Qemu("test=boot");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^Minix3\.Cosmos kernel");
        GuestRun.Line(run, @"^boot: Multiboot1");
        int regions = int.Parse(GuestRun.Line(run, @"^memory map: (\d+) regions").Groups[1].Value);
        var listed = Regex.Matches(run.SerialLog, @"^  0x[0-9a-f]{16}-0x[0-9a-f]{16} (\w[\w ]*)$", RegexOptions.Multiline);
        Assert.That(listed.Count, Is.EqualTo(regions), "every region is listed");
        Assert.That(listed.Select(m => m.Groups[1].Value), Does.Contain("available"));
        var frames = GuestRun.Line(run, @"^frames: (\d+) free of (\d+) usable");
        // QEMU gives 128 MiB; the kernel image, modules and low memory are kept out.
        long free = long.Parse(frames.Groups[1].Value);
        Assert.That(free, Is.GreaterThan(100L * 1024 * 1024 / 4096).And.LessThan(128L * 1024 * 1024 / 4096));
        // The system image's modules: the kernel's symbols, the boot services, init, the programs, their tables.
        Assert.That(int.Parse(GuestRun.Line(run, @"^modules: (\d+)$").Groups[1].Value), Is.EqualTo(GuestRun.Image.Modules().Count));
        GuestRun.Line(run, @"^  kernel\.sym \d+ bytes at 0x[0-9a-f]+$");
        GuestRun.Line(run, @"^  symbols: \d+ kernel functions$");
        GuestRun.Line(run, @"^paging: kernel mapped");
    }

    [Test]
    public void TimerAdvancesAtTheConfiguredRate()
    {
        var run = GuestRun.Qemu("test=timer timer_hz=250");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^timer: 250 Hz$");
        var ticks = GuestRun.Line(run, @"^timer: ticks advanced from (\d+) to (\d+)");
        long advanced = long.Parse(ticks.Groups[2].Value) - long.Parse(ticks.Groups[1].Value);
        Assert.That(advanced, Is.GreaterThanOrEqualTo(50), "a fifth of a second at 250 Hz");
    }

    [Test]
    public void CorelibRegressionKernelPassesEveryCheck()
    {
        var run = GuestRun.Qemu("test=corelib");
        Assert.That(run.SerialLog, Does.Not.Contain("corelib: FAIL"));
        var summary = GuestRun.Line(run, @"^corelib: (\d+) passed, (\d+) failed$");
        Assert.That(int.Parse(summary.Groups[1].Value), Is.GreaterThanOrEqualTo(100), "the memory-move checks included");
        Assert.That(summary.Groups[2].Value, Is.EqualTo("0"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void KernelPageFaultDumpsRegistersAndASymbolizedBacktrace()
    {
        var run = GuestRun.Qemu("test=fault");
        Assert.That(run.ExitCode, Is.EqualTo(2), "status 2: kernel fault");
        GuestRun.Line(run, @"^KERNEL PANIC: CPU exception #PF page fault \(vector 14\) error code 0x[0-9a-f]{8}$");
        GuestRun.Line(run, @"page not present, on read at CR2=0x00000000dead0000");
        foreach (string register in new[] { "RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R8 ", "R15", "CR0", "CR2", "CR3", "CR4" })
            Assert.That(run.SerialLog, Does.Match($@"{Regex.Escape(register)}=0x[0-9a-f]{{16}}"), register);
        GuestRun.Line(run, @"^    0x[0-9a-f]{16} \w*Scenarios__Run\+0x[0-9a-f]{4}$");
        GuestRun.Line(run, @"^    0x[0-9a-f]{16} kmain\+0x[0-9a-f]{4}$");
    }

    [Test]
    public void NullDereferenceFaultsBecausePageZeroIsUnmapped()
    {
        var run = GuestRun.Qemu("test=null");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        GuestRun.Line(run, @"page not present, on read at CR2=0x0000000000000000");
    }

    [Test]
    public void UnhandledExceptionInTheKernelPanicsWithTypeMessageAndBacktrace()
    {
        var run = GuestRun.Qemu("test=panic");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        GuestRun.Line(run, @"^KERNEL PANIC: unhandled InvalidOperationException: panic requested by test=panic$");
        GuestRun.Line(run, @"^    0x[0-9a-f]{16} RhpThrowEx\+0x[0-9a-f]{4}$");
    }

    [Test]
    public void MalformedCommandLineIsReportedAndTheKernelStillBoots()
    {
        var run = GuestRun.Qemu("test=boot \"unterminated");
        GuestRun.Line(run, @"^command line: malformed at offset \d+");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void UnknownScenarioFailsTheRun()
    {
        var run = GuestRun.Qemu("test=no-such-scenario");
        GuestRun.Line(run, @"^scenario: unknown");
        Assert.That(run.ExitCode, Is.EqualTo(1));
    }
}
