using System.Diagnostics;
using System.IO;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The launcher as a user runs it: its exit code is the guest's status.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class LauncherTests
{
    private static (int ExitCode, string Output) Launch(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = GuestRun.Image.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Minix3.Cosmos.Launcher.dll"));
        start.ArgumentList.Add("--no-build");
        // Tests run in parallel: the image's root disk stays out of these
        // runs (QEMU locks a disk image for one writer).
        if (System.Array.IndexOf(arguments, "--disk") < 0)
            start.ArgumentList.Add("--no-disk");
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        TestContext.Out.WriteLine(output + error.Result);
        return (process.ExitCode, output + error.Result);
    }

    [Test]
    public void SuccessfulScenarioExitsWithZero()
    {
        var (exitCode, output) = Launch("--test-image", "--headless", "--timeout", "60", "--append", "test=boot");
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Minix3.Cosmos kernel"), "the serial console is echoed to the terminal");
    }

    [Test]
    public void KernelFaultExitsWithTwo()
    {
        var (exitCode, output) = Launch("--test-image", "--headless", "--timeout", "60", "--append", "test=fault");
        Assert.That(exitCode, Is.EqualTo(2));
        // The kernel prints bare addresses; the launcher names them from kernel.elf.
        Assert.That(output, Does.Contain("launcher: the kernel backtrace, named from"));
        Assert.That(output, Does.Match(@"(?m)^    0x[0-9a-f]{16} kmain\+0x[0-9a-f]{4}$"));
    }

    [Test]
    public void GuestThatNeverStopsTimesOut()
    {
        // The default image's system runs until someone shuts it down.
        var (exitCode, output) = Launch("--headless", "--timeout", "3");
        Assert.That(exitCode, Is.EqualTo(124));
        Assert.That(output, Does.Contain("timed out"));
    }

    // --machine pc reaches QEMU: pci finds the i440FX host bridge and the
    // PIIX3's own IDE function (q35: MachineTests). -icount: the guest's
    // 2 s are instructions, so pci has walked the bus by then however
    // busy the host is.
    [Test]
    public void MachinePcBootsTheOldPc()
    {
        var (exitCode, output) = Launch("--test-image", "--headless", "--timeout", "60", "--icount", "--machine", "pc", "--append", "start=ds,rs,pci halt_after=2000");
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Match(@"(?m)^\[pci\] pci: 00:00\.0 8086:1237 class 06\.00\.00"));
        Assert.That(output, Does.Match(@"(?m)^\[pci\] pci: 00:01\.1 8086:7010 class 01\.01\.80"));
        Assert.That(output, Does.Not.Contain("8086:29c0"));
    }

    [Test]
    public void NoIommuBootsQ35()
    {
        var (exitCode, output) = Launch("--test-image", "--headless", "--timeout", "60", "--icount", "--no-iommu", "--append", "start=ds,rs,pci halt_after=2000");
        Assert.That(exitCode, Is.EqualTo(0));
        Assert.That(output, Does.Match(@"(?m)^\[pci\] pci: 00:00\.0 8086:29c0 class 06\.00\.00"));
        Assert.That(output, Does.Match(@"(?m)^\[pci\] pci: 00:02\.0 8086:7010 class 01\.01\.80"));
    }

    [Test]
    public void BadOptionIsRefusedWithUsage()
    {
        var (exitCode, output) = Launch("--frobnicate");
        Assert.That(exitCode, Is.EqualTo(64));
        Assert.That(output, Does.Contain("usage:"));
    }
}
