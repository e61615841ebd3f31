using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The kit's BIOS loader (src/Boot/Bios) boots the test image's kernel and modules from a CD,
// from the same ISO on a stick, and from the FAT32 USB volume, on both of QEMU's PCs; and
// each error it knows stops the boot with one line on COM1 and on the screen.
// Disk boots through SeaBIOS's IDE (pc) read by PIO and take several seconds.
[TestFixture]
public class BiosLoaderTests
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(180);
    private const string LoaderLine = @"^boot: Multiboot1 from Minix3\.Cosmos loader \(BIOS\), (\d+) modules$";

    [TestCase(MachineType.Pc)]
    [TestCase(MachineType.Q35)]
    public void BootsTheKernelAndEveryModuleFromACd(MachineType machine)
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        BootsTheTestScenario(media.MakeIso(), BiosLoaderMachine.Medium.Cd, machine, "ISO 9660");
    }

    [Test]
    public void FindsFilesByTheirRockRidgeNamesWhereIsoNamesAreCutTo8Dot3()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        Assert.That(GuestRun.TestImage.Modules().Any(m => Path.GetFileName(m.Path).Length > 8), "some module needs its long name");
        BootsTheTestScenario(media.MakeIso(isoLevel: 1), BiosLoaderMachine.Medium.Cd, MachineType.Q35, "ISO 9660");
    }

    [TestCase(MachineType.Pc)]
    [TestCase(MachineType.Q35)]
    public void BootsTheSameIsoWrittenToAStick(MachineType machine)
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        BootsTheTestScenario(media.MakeHybridDisk(), BiosLoaderMachine.Medium.Disk, machine, "ISO 9660");
    }

    [TestCase(MachineType.Pc)]
    [TestCase(MachineType.Q35)]
    public void BootsFromTheFat32UsbVolume(MachineType machine)
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        BootsTheTestScenario(media.MakeFat32(), BiosLoaderMachine.Medium.Disk, machine, "FAT32");
    }

    private static void BootsTheTestScenario(string image, BiosLoaderMachine.Medium medium, MachineType machine, string fileSystem)
    {
        using var guest = new BiosLoaderMachine(image, medium, machine);
        bool exited = guest.WaitForExit(BootTimeout);
        string log = guest.Log;
        TestContext.Out.WriteLine(log);
        Assert.That(exited, Is.True, "the guest did not power off");
        Assert.That(log, Does.Contain("loader: " + fileSystem + " file system"));
        Match boot = Regex.Match(log, LoaderLine, RegexOptions.Multiline);
        Assert.That(boot.Success, Is.True, "the kernel did not report the loader and its modules");
        Assert.That(int.Parse(boot.Groups[1].Value), Is.EqualTo(GuestRun.TestImage.Modules().Count));
        Assert.That(log, Does.Not.Contain("skipped malformed entry"));
        Assert.That(log, Does.Match(@"(?m)^scenario: boot$"), "the command line came from /boot/cmdline");
        Assert.That(ImageLayout.ParseExitMarker(log), Is.EqualTo(0));
    }

    [Test]
    public void AModuleListedButMissingIsNamed()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        File.AppendAllText(Path.Combine(media.Boot, "modules.txt"), "nosuchdriver nosuchdriver\n");
        StopsWith(media.MakeIso(), BiosLoaderMachine.Medium.Cd, MachineType.Q35,
            "loader error: /boot/nosuchdriver is missing (listed in /boot/modules.txt)");
    }

    [Test]
    public void AMissingKernelIsNamed()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        File.Delete(Path.Combine(media.Boot, "kernel.elf"));
        StopsWith(media.MakeHybridDisk(), BiosLoaderMachine.Medium.Disk, MachineType.Q35, "loader error: /boot/kernel.elf is missing");
    }

    [Test]
    public void AKernelWithoutAMultibootHeaderIsRefused()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        string kernel = Path.Combine(media.Boot, "kernel.elf");
        byte[] bytes = File.ReadAllBytes(kernel);
        byte[] magic = BitConverter.GetBytes(0x1BADB002u);
        int at = bytes.AsSpan(0, 8192).IndexOf(magic);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "the kernel's Multiboot header");
        bytes[at] ^= 0xFF;
        File.WriteAllBytes(kernel, bytes);
        StopsWith(media.MakeFat32(), BiosLoaderMachine.Medium.Disk, MachineType.Q35,
            "loader error: /boot/kernel.elf has no valid Multiboot header (magic 0x1badb002 and checksum) in its first 8 KiB");
    }

    [Test]
    public void TooLittleMemorySaysHowMuchIsNeededAndFound()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        string line = StopsWith(media.MakeHybridDisk(), BiosLoaderMachine.Medium.Disk, MachineType.Q35,
            "loader error: not enough memory: the kernel and its modules need ", memoryMiB: 16);
        Match numbers = Regex.Match(line, @"need (\d+) KiB above 1 MiB, the BIOS reports (\d+) KiB$");
        Assert.That(numbers.Success, Is.True, line);
        long need = long.Parse(numbers.Groups[1].Value), found = long.Parse(numbers.Groups[2].Value);
        long files = new FileInfo(Path.Combine(media.Boot, "kernel.elf")).Length
            + GuestRun.TestImage.Modules().Sum(m => new FileInfo(m.Path).Length);
        Assert.That(need * 1024, Is.GreaterThanOrEqualTo(files), "at least the kernel and modules' bytes");
        Assert.That(found, Is.LessThan(15 * 1024).And.GreaterThan(8 * 1024), "16 MiB less the first MiB and what the BIOS keeps");
    }

    // Boots until the loader's error line is on COM1, then reads the screen: the same line
    // must be there. Returns the serial line.
    private static string StopsWith(string image, BiosLoaderMachine.Medium medium, MachineType machine, string message, int memoryMiB = 128)
    {
        using var guest = new BiosLoaderMachine(image, medium, machine, memoryMiB);
        // The whole line: COM1 is written a character at a time.
        bool stopped = guest.WaitForLine(@"^loader error: [^\n]*\n", BootTimeout);
        string log = guest.Log;
        TestContext.Out.WriteLine(log);
        Assert.That(stopped, Is.True, "no loader error on COM1");
        string line = log.Split('\n').First(l => l.StartsWith("loader error: ", StringComparison.Ordinal));
        Assert.That(line, Does.StartWith(message));
        Assert.That(log, Does.Not.Contain("Minix3.Cosmos kernel"), "the loader halts instead of starting the kernel");
        string screen = guest.Screen(TimeSpan.FromSeconds(30));
        Assert.That(screen, Does.Contain(line), "the error on the VGA text screen too");
        return line;
    }
}
