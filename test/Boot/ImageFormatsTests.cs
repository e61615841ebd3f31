using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The images the build makes for other machines (src/Build/Minix3.Cosmos.Image.targets):
// the USB disk image boots in QEMU from the IDE disk (with its own root
// file system) and from a USB stick (as on a PC); the VMware pair is
// well-formed; the generated bochsrc boots the ISO in Bochs. These images
// carry the build's grub.cfg, with no `exit` on the kernel command line, so
// the guest never powers off: each run stops once its last marker is in the
// serial log.
[TestFixture]
public class ImageFormatsTests
{
    private static ImageLayout Image => GuestRun.Image;
    private static string UsbImage => DiskBoot.UsbImage(Image);

    private const string Banner = @"^Minix3\.Cosmos kernel \(tsc \d+\)";
    private const string FromGrub = @"^boot: Multiboot1 from GRUB";
    private const string Prompt = @"^\[sh\] sh: prompting on a terminal";

    [Test]
    public void TheUsbImageBootsAsTheIdeDiskAndMountsItsOwnRootFileSystem()
    {
        string log = BootUsbImage(DiskBoot.Attachment.Ide);
        AssertInOrder(log, Banner, FromGrub, @"^\[fs\] fs: mounted FAT32", Prompt);
        Assert.That(log, Does.Not.Contain("using boot modules"), "/bin/sh came from the disk's /bin");
    }

    // A PC with the image dd'ed to a stick: the BIOS boots GRUB from USB;
    // the system has no USB driver, so it finds no root disk and runs its
    // programs from the boot modules.
    [Test]
    public void TheUsbImageBootsFromAUsbStickToTheShell()
    {
        string log = BootUsbImage(DiskBoot.Attachment.UsbStick);
        AssertInOrder(log, Banner, FromGrub, @"^\[pm\] pm: reading /bin through vfs failed .*using boot modules", Prompt);
    }

    // GRUB went into the FAT's reserved sectors: the file system is intact,
    // and its /boot is what the build packed.
    [Test]
    public void TheUsbImageIsACleanFat32FileSystemHoldingTheBootFilesAndBin()
    {
        var (code, report) = HostTool.Run("fsck.fat", "dosfstools", "-n", UsbImage);
        Assert.That(code, Is.EqualTo(0), report);
        var image = new HostFatImage(CopyOf(UsbImage));
        Assert.That(image.Get("/boot/kernel.elf"), Is.EqualTo(File.ReadAllBytes(Image.Kernel)));
        Assert.That(image.Get("/boot/grub/grub.cfg"), Is.EqualTo(File.ReadAllBytes(Path.Combine(Image.BootDirectory, "grub", "grub.cfg"))));
        Assert.That(image.Get("/bin/sh"), Is.Not.Null);
        byte[] sector = new byte[512];
        using (var stream = File.OpenRead(UsbImage))
            stream.ReadExactly(sector);
        Assert.That(Encoding.ASCII.GetString(sector, 0x52, 8), Is.EqualTo("FAT32   "));
        Assert.That(BitConverter.ToUInt64(sector, 0x5c), Is.EqualTo(16UL), "GRUB's boot sector loads core.img from sector 16");
        Assert.That(new FileInfo(UsbImage).Length % (1008 * 512), Is.EqualTo(0), "whole 16x63 cylinders, so Bochs takes it too");
    }

    [Test]
    public void TheVmdkIsTheRootDiskInVmdkFormat()
    {
        string vmdk = Path.Combine(Image.OutputDirectory, "minix3.vmdk");
        using JsonDocument info = JsonDocument.Parse(HostTool.MustRun("qemu-img", "qemu-utils", "info", "--output=json", vmdk));
        Assert.That(info.RootElement.GetProperty("format").GetString(), Is.EqualTo("vmdk"));
        Assert.That(info.RootElement.GetProperty("virtual-size").GetInt64(), Is.EqualTo(new FileInfo(Image.RootDisk).Length));
        HostTool.MustRun("qemu-img", "qemu-utils", "check", vmdk);
        // Its first sector is the root disk's FAT32 boot record (the guest
        // never writes there, so this holds after boots that used root.img).
        string raw = Path.Combine(Scratch(), "vmdk.raw");
        HostTool.MustRun("qemu-img", "qemu-utils", "dd", "-f", "vmdk", "-O", "raw", "bs=512", "count=1", $"if={vmdk}", $"of={raw}");
        byte[] rootSector = new byte[512];
        using (var stream = File.OpenRead(Image.RootDisk))
            stream.ReadExactly(rootSector);
        Assert.That(File.ReadAllBytes(raw), Is.EqualTo(rootSector));
    }

    [Test]
    public void TheVmxNamesTheDiskTheIsoAndTheSerialPorts()
    {
        string vmx = Path.Combine(Image.OutputDirectory, "minix3.vmx");
        Dictionary<string, string> settings = ParseVmx(File.ReadAllLines(vmx));
        Assert.That(settings["config.version"], Is.EqualTo("8"));
        Assert.That(int.Parse(settings["virtualHW.version"]), Is.GreaterThanOrEqualTo(4));
        Assert.That(settings["guestOS"], Is.EqualTo("other-64"));
        Assert.That(int.Parse(settings["memsize"]) % 4, Is.EqualTo(0));
        Assert.That(settings["ide0:0.present"], Is.EqualTo("TRUE"));
        Assert.That(settings["ide0:0.fileName"], Is.EqualTo("minix3.vmdk"));
        Assert.That(File.Exists(Path.Combine(Image.OutputDirectory, settings["ide0:0.fileName"])), "the disk beside the .vmx");
        Assert.That(settings["ide1:0.deviceType"], Is.EqualTo("cdrom-image"));
        Assert.That(Path.Combine(Image.OutputDirectory, settings["ide1:0.fileName"]), Is.SamePath(Image.Iso));
        Assert.That(File.Exists(Image.Iso));
        Assert.That(settings["serial0.present"], Is.EqualTo("TRUE"));
        Assert.That(settings["serial0.fileType"], Is.EqualTo("file"));
        Assert.That(settings["serial1.fileType"], Is.EqualTo("pipe"));
        Assert.That(settings["bios.bootOrder"], Does.StartWith("cdrom"));
    }

    // The bochsrc the build wrote, as it is: Bochs boots the ISO (GRUB from
    // the CD) with the root disk attached, to the kernel's banner.
    [Test]
    public void BochsBootsTheIsoWithTheGeneratedBochsrc()
    {
        string bochsrc = Path.Combine(Image.OutputDirectory, "bochsrc");
        string text = File.ReadAllText(bochsrc);
        Assert.That(text, Does.Contain($"path=\"{Image.Iso}\""));
        Assert.That(text, Does.Contain($"ata0-master: type=disk, path=\"{Image.RootDisk}\""));
        string serialLog = Regex.Match(text, "^com1: .*dev=\"([^\"]+)\"", RegexOptions.Multiline).Groups[1].Value;
        Assert.That(serialLog, Is.Not.Empty, "the bochsrc sends COM1 to a file");
        File.Delete(serialLog);
        string commands = Path.Combine(Image.OutputDirectory, "bochs.commands");
        Assert.That(File.Exists(Image.RootDisk + ".lock"), Is.False, "Bochs's lock on the root disk: another Bochs uses it, or one was killed (then delete the lock)");
        string log = RunUntil(HostTool.Find("bochs", "bochs"), new[] { "-q", "-f", bochsrc, "-rc", commands }, serialLog, FromGrub, TimeSpan.FromSeconds(180), interrupt: true);
        Assert.That(File.Exists(Image.RootDisk + ".lock"), Is.False, "Bochs released the root disk");
        AssertInOrder(log, Banner, FromGrub);
    }

    // An incremental build rewrites only /boot in the last ISO and USB
    // image (src/Build/make-iso.sh, make-usb-image.sh). Both, remade so
    // after a grub.cfg change, must still boot, and show the change: GRUB
    // boots a menu entry the old grub.cfg did not have.
    [Test]
    public void AnIsoWithOnlyBootRewrittenStillBootsAndCarriesTheNewFiles()
    {
        string iso = CopyOf(Image.Iso);
        File.Copy(Image.Iso + ".made-from", iso + ".made-from");
        string imageRoot = ChangedImageRoot("incremental-iso-check");
        Assert.That(RunScript("make-iso.sh", iso, imageRoot), Does.Contain("iso: /boot rewritten in the last ISO"));
        string serialLog = Path.Combine(Scratch(), "serial.log");
        var arguments = Launcher.Qemu.Arguments(Image, new BootOptions { Headless = true, BootIso = true }, serialLog, "", iso);
        string log = RunUntil(HostTool.Find(Launcher.Qemu.Program, "qemu-system-x86"), arguments.ToArray(), serialLog, FromGrub, TimeSpan.FromSeconds(90));
        AssertInOrder(log, "Booting `incremental-iso-check'", Banner, FromGrub);
    }

    [Test]
    public void AUsbImageWithOnlyBootRewrittenIsStillCleanAndBoots()
    {
        string tree = Path.Combine(Scratch(), "tree");
        Directory.CreateDirectory(Path.Combine(tree, "etc"));
        File.WriteAllText(Path.Combine(tree, "etc", "motd"), "hello\n");
        string usb = Path.Combine(Scratch(), "usb.img");
        string tool = Directory.GetFiles(Path.Combine(Image.RepositoryRoot, "src", "Build", "Tool", "bin"), "Minix3.Cosmos.BuildTool.dll", SearchOption.AllDirectories).First();
        Assert.That(RunScript("make-usb-image.sh", usb, "64", tree, Image.ImageRoot, tool), Does.Not.Contain("rewritten"), "the first image is made whole");
        string imageRoot = ChangedImageRoot("incremental-usb-check");
        Assert.That(RunScript("make-usb-image.sh", usb, "64", tree, imageRoot, tool), Does.Contain("usb: /boot rewritten in the last image"));
        var (code, report) = HostTool.Run("fsck.fat", "dosfstools", "-n", usb);
        Assert.That(code, Is.EqualTo(0), report);
        File.Copy(usb, usb + ".read");
        var fat = new HostFatImage(usb + ".read");
        Assert.That(fat.Get("/boot/grub/grub.cfg"), Is.EqualTo(File.ReadAllBytes(Path.Combine(imageRoot, "boot", "grub", "grub.cfg"))));
        Assert.That(fat.Get("/etc/motd"), Is.EqualTo(Encoding.ASCII.GetBytes("hello\n")));
        string serialLog = Path.Combine(Scratch(), "serial.log");
        var arguments = DiskBoot.Arguments(usb, DiskBoot.Attachment.Ide, new BootOptions { Headless = true }, serialLog);
        string log = RunUntil(HostTool.Find(Launcher.Qemu.Program, "qemu-system-x86"), arguments.ToArray(), serialLog, FromGrub, TimeSpan.FromSeconds(90));
        AssertInOrder(log, "Booting `incremental-usb-check'", Banner, FromGrub);
    }

    // A copy of the image folder whose grub.cfg names its menu entry
    // `marker`, which GRUB prints as it boots it.
    private string ChangedImageRoot(string marker)
    {
        string root = Path.Combine(Scratch(), "image");
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        foreach (string file in Directory.GetFiles(Image.ImageRoot, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(root, Path.GetRelativePath(Image.ImageRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        string config = Path.Combine(root, "boot", "grub", "grub.cfg");
        string text = File.ReadAllText(config);
        Assert.That(text, Does.Contain("menuentry \"Minix3.Cosmos\""));
        File.WriteAllText(config, text.Replace("menuentry \"Minix3.Cosmos\"", $"menuentry \"{marker}\""));
        return root;
    }

    private static string RunScript(string script, params string[] arguments) =>
        HostTool.MustRun("bash", "bash", [Path.Combine(Image.RepositoryRoot, "src", "Build", script), .. arguments]);

    private string BootUsbImage(DiskBoot.Attachment attachment)
    {
        // A copy: what the guest writes must not change the build's image.
        string disk = CopyOf(UsbImage);
        string serialLog = Path.Combine(Scratch(), "serial.log");
        var options = new BootOptions { Headless = true };
        var arguments = DiskBoot.Arguments(disk, attachment, options, serialLog);
        return RunUntil(HostTool.Find(Launcher.Qemu.Program, "qemu-system-x86"), arguments.ToArray(), serialLog, Prompt, TimeSpan.FromSeconds(90));
    }

    // Runs an emulator until `pattern` appears in its serial log (then stops
    // it) or the timeout passes (a failure, with the log so far).
    // `interrupt`: stop with SIGINT first. Bochs (built with its debugger)
    // then reads a debugger command from stdin, finds it closed and quits
    // cleanly, removing the lock file it keeps beside a disk image; killed,
    // it would leave the lock, and the next Bochs would refuse the disk.
    private static string RunUntil(string program, string[] arguments, string serialLog, string pattern, TimeSpan timeout, bool interrupt = false)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string log = "";
        bool seen = false;
        while (!seen && !process.HasExited && clock.Elapsed < timeout)
        {
            process.WaitForExit(200);
            log = ReadShared(serialLog);
            seen = Regex.IsMatch(log, pattern, RegexOptions.Multiline);
        }
        if (!process.HasExited && interrupt && Kill(process.Id, SignalInterrupt) == 0)
            process.WaitForExit(10_000);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        log = ReadShared(serialLog);
        TestContext.Out.WriteLine($"{Path.GetFileName(program)}: {clock.Elapsed.TotalSeconds:0.0} s\n{log}");
        Assert.That(Regex.IsMatch(log, pattern, RegexOptions.Multiline), Is.True,
            $"no /{pattern}/ in the serial log within {timeout.TotalSeconds:0} s; emulator output:\n{output}");
        return log;
    }

    private const int SignalInterrupt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
            return "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd().Replace("\r", "");
    }

    private static void AssertInOrder(string log, params string[] patterns)
    {
        int position = 0;
        foreach (string pattern in patterns)
        {
            Match match = new Regex(pattern, RegexOptions.Multiline).Match(log, position);
            Assert.That(match.Success, Is.True, $"no line matching /{pattern}/ after offset {position} of the serial log");
            position = match.Index + match.Length;
        }
    }

    // `key = "value"` lines, as VMware writes them; anything else fails.
    private static Dictionary<string, string> ParseVmx(IEnumerable<string> lines)
    {
        var settings = new Dictionary<string, string>();
        foreach (string line in lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
        {
            Match match = Regex.Match(line, "^([A-Za-z0-9_.:]+) = \"([^\"]*)\"$");
            Assert.That(match.Success, Is.True, $"not a key = \"value\" line: {line}");
            Assert.That(settings.TryAdd(match.Groups[1].Value, match.Groups[2].Value), Is.True, $"{match.Groups[1].Value} set twice");
        }
        return settings;
    }

    private string? _scratch;

    private string Scratch()
    {
        _scratch ??= Directory.CreateTempSubdirectory("minix3-images-").FullName;
        return _scratch;
    }

    private string CopyOf(string file)
    {
        Assert.That(File.Exists(file), Is.True, $"{file} was not built (it needs grub-pc-bin, grub-common, qemu-utils: the build installs them: src/Launcher/HostPackages.cs)");
        string copy = Path.Combine(Scratch(), Path.GetFileName(file));
        File.Copy(file, copy, overwrite: true);
        return copy;
    }

    [TearDown]
    public void RemoveScratch()
    {
        if (_scratch != null && Directory.Exists(_scratch))
            Directory.Delete(_scratch, recursive: true);
        _scratch = null;
    }
}
