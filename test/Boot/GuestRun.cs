using System;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Boots one scenario and keeps its serial log for the assertions.
public static class GuestRun
{
    public static readonly ImageLayout Image = ImageLayout.Locate(TestContext.CurrentContext.TestDirectory);

    // The kernel plus the test components (test/Image).
    public static readonly ImageLayout TestImage = Image.WithOutput("iso/out/test");

    // `disk`: a raw image attached as the primary IDE master. `com2Socket`,
    // `monitorSocket`: unix sockets QEMU listens on for COM2 and its monitor
    // (see HostConsole); `serialLog`: where the log goes, for a test that
    // follows it during the run; `modules`: files added to the boot
    // modules (named after their file names); `instructionCounting`: QEMU
    // -icount, for a test that checks the guest's own times: the guest
    // clock then follows its instructions, and a busy host cannot make its
    // ticks come late and in a burst. `machine`, `iommu`: QEMU's machine
    // (default q35 with Intel's IOMMU, as the launcher's); `memoryMiB`: the
    // guest's RAM.
    public static BootResult Qemu(string kernelArguments, bool iso = false, int timeoutSeconds = 60, ImageLayout? image = null, string? disk = null,
        string? com2Socket = null, string? monitorSocket = null, string? serialLog = null, string[]? modules = null, bool instructionCounting = false,
        MachineType machine = MachineType.Q35, bool iommu = true, int memoryMiB = 128)
    {
        image ??= Image;
        var options = new BootOptions
        {
            Headless = true, BootIso = iso, Timeout = TimeSpan.FromSeconds(timeoutSeconds), DiskImage = disk,
            Com2Socket = com2Socket, MonitorSocket = monitorSocket, SerialLogPath = serialLog,
            ExtraModules = modules ?? Array.Empty<string>(), InstructionCounting = instructionCounting,
            Machine = machine, Iommu = iommu, MemoryMiB = memoryMiB,
        };
        string arguments = (kernelArguments + " exit").Trim();
        string? isoPath = iso ? Iso.MakeWithArguments(image, arguments, "test-iso") : null;
        BootResult result = Launcher.Qemu.Boot(image, options, arguments, null, isoPath);
        TestContext.Out.WriteLine(result.SerialLog);
        return result;
    }

    // `disk`: a raw image in whole 16-head, 63-sector cylinders.
    public static BootResult Bochs(string kernelArguments, int timeoutSeconds = 180, string? disk = null, ImageLayout? image = null)
    {
        var options = new BootOptions { Emulator = Emulator.Bochs, Headless = true, Timeout = TimeSpan.FromSeconds(timeoutSeconds), DiskImage = disk };
        BootResult result = Launcher.Bochs.Boot(image ?? Image, options, (kernelArguments + " exit").Trim(), null);
        TestContext.Out.WriteLine(result.SerialLog);
        return result;
    }

    public static Match Line(BootResult result, string pattern)
    {
        Match match = Regex.Match(result.SerialLog, pattern, RegexOptions.Multiline);
        Assert.That(match.Success, Is.True, $"no line matching /{pattern}/ in the serial log");
        return match;
    }
}
