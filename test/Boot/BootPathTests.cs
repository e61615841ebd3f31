using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The kernel's boot path under QEMU -kernel (Multiboot), scenario by scenario:
// test= is the test image's kernel's (test/Kernel), not the default one's.
// Backtraces are named by the launcher from kernel.elf (Launcher/KernelSymbols).
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class BootPathTests
{
    [Test]
    public void PrintsBannerLoaderModulesAndFrames()
    {
        var run = GuestRun.Qemu("test=boot", image: GuestRun.TestImage);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        GuestRun.Line(run, @"^Minix3\.Cosmos kernel");
        // The system image's modules: the boot services, init, the programs, their tables.
        var boot = GuestRun.Line(run, @"^boot: Multiboot1 from \S+, (\d+) modules$");
        Assert.That(int.Parse(boot.Groups[1].Value), Is.EqualTo(GuestRun.TestImage.Modules().Count));
        Assert.That(run.SerialLog, Does.Not.Contain("skipped malformed entry"));
        var frames = GuestRun.Line(run, @"^frames: (\d+) free of (\d+) usable");
        // QEMU gives 128 MiB; the kernel image, modules and low memory are kept out.
        long free = long.Parse(frames.Groups[1].Value);
        Assert.That(free, Is.GreaterThan(100L * 1024 * 1024 / 4096).And.LessThan(128L * 1024 * 1024 / 4096));
    }

    [Test]
    public void TimerAdvancesAtTheConfiguredRate()
    {
        var run = GuestRun.Qemu("test=timer timer_hz=250", image: GuestRun.TestImage);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        var ticks = GuestRun.Line(run, @"^timer: ticks advanced from (\d+) to (\d+)");
        long advanced = long.Parse(ticks.Groups[2].Value) - long.Parse(ticks.Groups[1].Value);
        Assert.That(advanced, Is.GreaterThanOrEqualTo(50), "a fifth of a second at 250 Hz");
    }

    [Test]
    public void KernelPageFaultDumpsRegistersAndASymbolizedBacktrace()
    {
        var run = GuestRun.Qemu("test=fault", image: GuestRun.TestImage);
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
        var run = GuestRun.Qemu("test=null", image: GuestRun.TestImage);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        GuestRun.Line(run, @"page not present, on read at CR2=0x0000000000000000");
    }

    [Test]
    public void UnhandledExceptionInTheKernelPanicsWithTypeMessageAndBacktrace()
    {
        var run = GuestRun.Qemu("test=panic", image: GuestRun.TestImage);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        GuestRun.Line(run, @"^KERNEL PANIC: unhandled InvalidOperationException: panic requested by test=panic$");
        GuestRun.Line(run, @"^    0x[0-9a-f]{16} RhpThrowEx\+0x[0-9a-f]{4}$");
    }

    [Test]
    public void AMalformedCommandLineWordDoesNotStopTheKernelFromReadingItsKeys()
    {
        // The grammar's error reports are ring 3's (Lib/Sys BootCommandLine, unit tested).
        var run = GuestRun.Qemu("=novalue test=boot \"unterminated", image: GuestRun.TestImage);
        GuestRun.Line(run, @"^scenario: boot$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void UnknownScenarioFailsTheRun()
    {
        var run = GuestRun.Qemu("test=no-such-scenario", image: GuestRun.TestImage);
        GuestRun.Line(run, @"^scenario: unknown");
        Assert.That(run.ExitCode, Is.EqualTo(1));
    }
}
