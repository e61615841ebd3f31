using System;
using System.IO;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The build's own media (issue 19: the kit's loaders, images written in C#)
// booted the ways a user boots them, each to a shell that runs `ls /bin`:
//   - the ISO as a CD, by SeaBIOS and by OVMF, with no disk: live mode;
//   - the USB image as a USB stick (no IDE disk), by SeaBIOS and by OVMF:
//     live mode, as on a PC whose SATA/USB disks no driver reaches;
//   - the root disk on q35's AHCI controller: FS finds it through ahci.
// Every boot runs on a copy, so the build's files stay as built.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class BootMediaTests
{
    private const string LiveLine = "fs: live mode: mounted FAT32 from the boot module rootfs in RAM";

    [TestCase(false)]
    [TestCase(true)]
    public void TheIsoBootsAsACdToALiveShell(bool uefi)
    {
        using var scratch = new GuestScratch(uefi ? "iso-uefi" : "iso-bios");
        string iso = Path.Combine(scratch.Directory, "minix3.iso");
        File.Copy(GuestRun.Image.Iso, iso);
        BootOptions options = Options(scratch);
        string transcript = WithShell(scratch, () => uefi
            ? UefiBoot.Boot(GuestRun.Image, options, iso, null)
            : Qemu.Boot(GuestRun.Image, options with { BootIso = true }, "", null, iso), out BootResult run);
        Assert.That(run.SerialLog, Does.Contain($"boot: Multiboot1 from Minix3.Cosmos loader ({(uefi ? "UEFI" : "BIOS")}), "), transcript);
        Assert.That(run.SerialLog, Does.Contain(LiveLine));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TheUsbImageBootsAsAUsbStickToALiveShell(bool uefi)
    {
        using var scratch = new GuestScratch(uefi ? "stick-uefi" : "stick-bios");
        string stick = Path.Combine(scratch.Directory, "minix3-usb.img");
        File.Copy(DiskBoot.UsbImage(GuestRun.Image), stick);
        BootOptions options = Options(scratch);
        string transcript = WithShell(scratch, () => uefi
            ? UefiBoot.Boot(GuestRun.Image, options with { ExtraEmulatorArguments = UsbStick(stick) }, NoDisk(scratch), null)
            : StickBios(options, stick), out BootResult run);
        Assert.That(run.SerialLog, Does.Contain($"boot: Multiboot1 from Minix3.Cosmos loader ({(uefi ? "UEFI" : "BIOS")}), "), transcript);
        Assert.That(run.SerialLog, Does.Contain(LiveLine));
    }

    [Test]
    public void TheRootDiskOnAhciIsMountedThroughTheAhciDriver()
    {
        using var scratch = new GuestScratch("ahci-root");
        BootOptions options = Options(scratch) with { DiskImage = scratch.Disk, DiskBus = DiskBus.Ahci };
        WithShell(scratch, () => Qemu.Boot(GuestRun.Image, options, "", null), out BootResult run, live: false);
        Assert.That(run.SerialLog, Does.Match(@"(?m)^\[fs\] fs: mounted FAT32, \d+ free clusters \(on ahci\)$"));
        Assert.That(run.SerialLog, Does.Not.Contain(LiveLine));
    }

    private static BootOptions Options(GuestScratch scratch) => new()
    {
        Headless = true, Timeout = TimeSpan.FromSeconds(170), Com2Socket = scratch.Com2, SerialLogPath = scratch.Log, MemoryMiB = 384,
    };

    // OVMF boots the stick; the launcher's UEFI boot wants an image as the
    // IDE disk, so it gets an empty one that holds nothing bootable.
    private static string NoDisk(GuestScratch scratch)
    {
        string empty = Path.Combine(scratch.Directory, "empty.img");
        using (var file = File.Create(empty))
            file.SetLength(1 << 20);
        return empty;
    }

    private static string[] UsbStick(string image) => new[]
    {
        "-device", "qemu-xhci,id=xhci",
        "-drive", $"if=none,id=stick,format=raw,file={image.Replace(",", ",,")}",
        "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0",
    };

    private static BootResult StickBios(BootOptions options, string stick) =>
        DiskBoot.Boot(GuestRun.Image, options, stick, DiskBoot.Attachment.UsbStick, null);

    // Boots, talks to the shell on COM2 (ls /bin, service status), shuts
    // down; returns the conversation.
    private static string WithShell(GuestScratch scratch, Func<BootResult> boot, out BootResult run, bool live = true)
    {
        File.Delete(scratch.Com2);
        Task<BootResult> guest = Task.Run(boot);
        DateTime deadline = DateTime.UtcNow.AddSeconds(160);
        string transcript;
        using (SerialShell sh = SerialShell.Open(scratch.Com2, deadline))
        {
            Assert.That(sh.Run("ls /bin"), Does.Contain("\nls\n").And.Contain("\nsh\n"), "programs on the root file system");
            Assert.That(sh.Run("service status"), live ? Does.Contain("root: LIVE") : Does.Contain("root: on disk"));
            sh.Shutdown();
            transcript = sh.Transcript;
        }
        run = guest.Result;
        TestContext.Out.WriteLine(run.SerialLog);
        Assert.That(run.SerialLog, Does.Not.Contain("panic"), transcript);
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
        return transcript;
    }
}

// The kit's ISO in Bochs (its BIOS, its ATAPI CD): the BIOS loader reads
// ISO 9660 there too. The test image's kernel with `test=boot exit` (in
// /boot/cmdline) ends the run once it has booted.
[TestFixture]
public class BochsIsoTests
{
    [Test]
    public void TheKitsIsoBootsInBochs()
    {
        using var media = BiosLoaderMedia.FromImage(GuestRun.TestImage, "test=boot exit");
        string iso = media.MakeIso();
        var options = new BootOptions { Emulator = Emulator.Bochs, Headless = true, Timeout = TimeSpan.FromSeconds(240) };
        BootResult run = Bochs.Boot(GuestRun.TestImage, options, "", null, cdImage: iso);
        TestContext.Out.WriteLine(run.SerialLog);
        Assert.That(run.TimedOut, Is.False, "the scenario ended the run");
        Assert.That(run.SerialLog, Does.Contain("loader: ISO 9660 file system"));
        Assert.That(run.SerialLog, Does.Contain("boot: Multiboot1 from Minix3.Cosmos loader (BIOS), "));
        Assert.That(run.SerialLog, Does.Contain("scenario: boot"));
    }
}

// Under UEFI the keyboard works as under a BIOS (PS/2 as QEMU and OVMF
// provide it) and the console is TTY's framebuffer console: a command typed
// at the console shell of the kit's ISO booted by OVMF runs (RS's restart of
// hello, asked for from the keyboard, shows in the kernel log).
[TestFixture]
public class UefiConsoleTests
{
    [Test]
    public void UnderOvmfTheConsoleShellRunsWhatIsTypedOnTheKeyboard()
    {
        using var scratch = new GuestScratch("uefi-keyboard");
        string iso = Path.Combine(scratch.Directory, "minix3.iso");
        File.Copy(GuestRun.Image.Iso, iso);
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(170), MonitorSocket = scratch.Monitor, SerialLogPath = scratch.Log,
            MemoryMiB = 384, DiskImage = scratch.Disk,
        };
        Task<BootResult> run = Task.Run(() => UefiBoot.Boot(GuestRun.Image, options, iso, null));
        DateTime deadline = DateTime.UtcNow.AddSeconds(160);
        try
        {
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[tty\] tty: console 80x25 on a \d+x\d+ framebuffer", deadline), Is.True,
                "TTY drew on the loader's framebuffer");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[sh\] sh: prompting on a terminal", deadline), Is.True, "the console shell prompted");
            using HostConsole monitor = HostConsole.Connect(scratch.Monitor, deadline);
            Assert.That(monitor.TypeText("service fi hello crash\n", deadline), Is.True, "sendkey");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[rs\] rs: restarted hello \(reason panic", deadline), Is.True,
                "the typed command ran:\n" + File.ReadAllText(scratch.Log));
            monitor.Command("quit", deadline);
        }
        finally
        {
            run.Wait();
        }
    }
}
