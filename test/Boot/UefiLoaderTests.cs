using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The kit's UEFI loader (src/Boot/Uefi) under OVMF: it boots the test
// image's kernel with every module through the same Multiboot 1 hand-over
// as QEMU -kernel and GRUB, and stops with one clear line when the volume
// is wrong. Under OVMF the kernel's VGA text goes nowhere: the serial log
// is what is checked (the firmware console's copy of the loader's lines
// appears there too). Not yet checked: the error line on the screen (GOP).
[TestFixture]
public class UefiLoaderTests
{
    private const string LoaderError = "Minix3.Cosmos loader (UEFI): error: ";

    [Test]
    public void BootsTheTestKernelWithEveryModuleAndTheFirmwareModules()
    {
        string esp = UefiEspImage.Make(GuestRun.TestImage, "test=boot exit");
        try
        {
            BootResult run = Boot(esp, 180);
            Assert.That(run.ExitCode, Is.EqualTo(0));
            GuestRun.Line(run, @"^Minix3\.Cosmos kernel");
            // The image's modules, then the two the loader writes: framebuffer (GOP) and acpi.
            var boot = GuestRun.Line(run, @"^boot: Multiboot1 from Minix3\.Cosmos loader \(UEFI\), (\d+) modules$");
            Assert.That(int.Parse(boot.Groups[1].Value), Is.EqualTo(GuestRun.TestImage.Modules().Count + 2));
            Assert.That(run.SerialLog, Does.Not.Contain("skipped malformed entry"));
            GuestRun.Line(run, @"^framebuffer: address=0x[0-9a-f]+ width=\d+ height=\d+ pitch=\d+ bpp=32 format=(bgrx|rgbx)$");
            GuestRun.Line(run, @"^acpi: rsdp=0x[0-9a-f]+$");
            GuestRun.Line(run, @"^scenario: boot$");
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    // The system image's USB disk image (one FAT32: the root tree and /boot)
    // with the loader added: UEFI boots the same disk the system then mounts.
    [Test]
    public void TheSystemBootsFromTheUsbImageAndMountsItsRootFileSystem()
    {
        string usb = DiskBoot.UsbImage(GuestRun.Image);
        Assert.That(File.Exists(usb), Is.True, $"no USB image at {usb}");
        string esp = UefiEspImage.WithLoader(GuestRun.Image, usb);
        try
        {
            string log = BootUntil(esp, "fs: mounted FAT32", GuestRun.Image);
            var boot = System.Text.RegularExpressions.Regex.Match(log, @"^boot: Multiboot1 from Minix3\.Cosmos loader \(UEFI\), (\d+) modules$",
                System.Text.RegularExpressions.RegexOptions.Multiline);
            Assert.That(boot.Success, Is.True, "no boot line from the kernel");
            Assert.That(int.Parse(boot.Groups[1].Value), Is.EqualTo(GuestRun.Image.Modules().Count + 3), "the image's, rootfs (the live root) and the firmware's framebuffer and acpi");
            // OVMF leaves the BIOS area without an RSDP: iommu takes the
            // loader's ("acpi" module) and finds q35's VT-d unit through it.
            Assert.That(log, Does.Match(@"(?m)^\[iommu\] iommu: VT-d \d\.\d at 0xfed90000, "), "iommu found the IOMMU through the loader's RSDP");
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    [Test]
    public void AModuleListedButMissingStopsTheLoaderWithItsName()
    {
        string esp = UefiEspImage.Make(GuestRun.TestImage, "test=boot exit",
            boot => File.AppendAllText(Path.Combine(boot, "modules.txt"), "ghost ghost\n"));
        try
        {
            string log = BootUntil(esp, LoaderError);
            Assert.That(log, Does.Contain(LoaderError + @"module ghost listed in \boot\modules.txt is missing (\boot\ghost)"));
            Assert.That(log, Does.Not.Contain("Minix3.Cosmos kernel"));
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    [Test]
    public void AKernelWithABadMultibootChecksumIsRefused()
    {
        string esp = UefiEspImage.Make(GuestRun.TestImage, "test=boot exit", boot =>
        {
            string kernel = Path.Combine(boot, "kernel.elf");
            byte[] bytes = File.ReadAllBytes(kernel);
            int header = MultibootHeaderOffset(bytes);
            bytes[header + 8] ^= 0x01;   // the checksum's lowest bit
            File.WriteAllBytes(kernel, bytes);
        });
        try
        {
            string log = BootUntil(esp, LoaderError);
            Assert.That(log, Does.Contain(LoaderError + @"bad kernel \boot\kernel.elf: Multiboot header checksum is wrong"));
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    [Test]
    public void AMissingKernelIsNamed()
    {
        string esp = UefiEspImage.Make(GuestRun.TestImage, "test=boot exit", boot => File.Delete(Path.Combine(boot, "kernel.elf")));
        try
        {
            string log = BootUntil(esp, LoaderError);
            Assert.That(log, Does.Contain(LoaderError + @"missing file \boot\kernel.elf"));
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    // With S3 on, OVMF keeps 0x800000-0x808000 as ACPI NVS for resume, inside
    // the kernel's range (0x100000 to its bss end): the loader names it. (The
    // launcher turns S3 off; the later -global wins.)
    [Test]
    public void MemoryTheFirmwareKeepsInTheKernelsRangeIsNamed()
    {
        string esp = UefiEspImage.Make(GuestRun.TestImage, "test=boot exit");
        try
        {
            string log = BootUntil(esp, LoaderError, extra: new[] { "-global", "ICH9-LPC.disable_s3=0" });
            Assert.That(log, Does.Match(@"error: memory taken: the firmware keeps 0x[0-9a-f]+-0x[0-9a-f]+ \(UEFI memory type 10\) where the kernel must go, 0x100000-0x[0-9a-f]+"));
        }
        finally
        {
            UefiEspImage.Delete(esp);
        }
    }

    private static int MultibootHeaderOffset(byte[] kernel)
    {
        for (int offset = 0; offset + 12 <= Math.Min(kernel.Length, 8192); offset += 4)
        {
            if (BitConverter.ToUInt32(kernel, offset) == 0x1BADB002)
                return offset;
        }
        Assert.Fail("the test kernel has no Multiboot header");
        return -1;
    }

    private static BootResult Boot(string esp, int timeoutSeconds, string? serialLog = null, string? monitor = null, ImageLayout? image = null,
        string[]? extra = null)
    {
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(timeoutSeconds), MemoryMiB = 384, SerialLogPath = serialLog, MonitorSocket = monitor,
            ExtraEmulatorArguments = extra ?? Array.Empty<string>(),
        };
        BootResult result = UefiBoot.Boot(image ?? GuestRun.TestImage, options, esp, null);
        TestContext.Out.WriteLine(result.SerialLog);
        return result;
    }

    // A loader that stopped waits for a key for good, and a system booted
    // without `exit` runs on: the run ends once the serial log holds `marker`
    // and the line it is in is complete, through the monitor's `quit`.
    // Returns the log.
    private static string BootUntil(string esp, string marker, ImageLayout? image = null, string[]? extra = null)
    {
        string serialLog = Path.Combine(Path.GetTempPath(), $"minix3-uefi-{Guid.NewGuid():N}.log");
        string monitor = HostConsole.NewSocketPath("mon");
        DateTime deadline = DateTime.UtcNow.AddSeconds(180);
        Task<BootResult> run = Task.Run(() => Boot(esp, 200, serialLog, monitor, image, extra));
        try
        {
            while (!HasCompleteLine(serialLog, marker))
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"no '{marker}' line on serial in time");
                Assert.That(run.IsCompleted, Is.False, $"QEMU ended before a '{marker}' line");
                run.Wait(100);
            }
            using (HostConsole console = HostConsole.Connect(monitor, deadline))
                console.Command("quit", deadline);
            run.Wait();
            return run.Result.SerialLog;
        }
        finally
        {
            File.Delete(serialLog);
            File.Delete(monitor);
        }
    }

    private static bool HasCompleteLine(string serialLog, string marker)
    {
        if (!File.Exists(serialLog))
            return false;
        using var stream = new FileStream(serialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        string text = new StreamReader(stream).ReadToEnd();
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 && text.IndexOf('\n', at) > 0;
    }
}
