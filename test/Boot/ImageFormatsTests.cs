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
// carry no `exit` on the kernel command line, so the guest never powers
// off: each run stops once its last marker is in the serial log.
[TestFixture]
public class ImageFormatsTests
{
    private static ImageLayout Image => GuestRun.Image;
    private static string UsbImage => DiskBoot.UsbImage(Image);

    private const string Banner = @"^Minix3\.Cosmos kernel \(tsc \d+\)";
    private const string FromLoader = @"^boot: Multiboot1 from Minix3\.Cosmos loader \(BIOS\)";
    private const string Prompt = @"^\[sh\] sh: prompting on a terminal";

    [Test]
    public void TheUsbImageBootsAsTheIdeDiskAndMountsItsOwnRootFileSystem()
    {
        string log = BootUsbImage(DiskBoot.Attachment.Ide);
        AssertInOrder(log, Banner, FromLoader, @"^\[fs\] fs: mounted FAT32", Prompt);
        Assert.That(log, Does.Not.Contain("using boot modules"), "/bin/sh came from the disk's /bin");
    }

    // A PC with the image dd'ed to a stick: the BIOS boots the kit's loader
    // from USB; the system has no USB driver, so it finds no root disk and
    // mounts the live root the loader handed over.
    [Test]
    public void TheUsbImageBootsFromAUsbStickToTheShell()
    {
        string log = BootUsbImage(DiskBoot.Attachment.UsbStick);
        AssertInOrder(log, Banner, FromLoader, @"^\[fs\] fs: live mode: mounted FAT32 from the boot module rootfs", Prompt);
    }

    // The loader went into the FAT's boot sector and reserved sectors: the
    // file system is intact, and its /boot is what the build packed.
    [Test]
    public void TheUsbImageIsACleanFat32FileSystemHoldingTheBootFilesAndBin()
    {
        var (code, report) = HostTool.Run("fsck.fat", "dosfstools", "-n", UsbImage);
        Assert.That(code, Is.EqualTo(0), report);
        var image = new HostFatImage(CopyOf(UsbImage));
        Assert.That(image.Get("/boot/kernel.elf"), Is.EqualTo(File.ReadAllBytes(Image.Kernel)));
        Assert.That(image.Get("/boot/vm"), Is.EqualTo(File.ReadAllBytes(Path.Combine(Image.BootDirectory, "vm"))));
        Assert.That(image.Get("/boot/rootfs"), Is.Not.Null, "the live root");
        Assert.That(image.Get("/EFI/BOOT/BOOTX64.EFI"), Is.Not.Null, "the UEFI loader");
        Assert.That(image.Get("/bin/sh"), Is.Not.Null);
        byte[] sector = new byte[512];
        using (var stream = File.OpenRead(UsbImage))
            stream.ReadExactly(sector);
        Assert.That(Encoding.ASCII.GetString(sector, 0x52, 8), Is.EqualTo("FAT32   "));
        Assert.That(BitConverter.ToUInt64(sector, 0x1A8), Is.EqualTo(16UL), "the loader's stage 1 reads stage 2 from reserved sector 16");
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
        Assert.That(settings["firmware"], Is.EqualTo("efi"));
        Assert.That(int.Parse(settings["memsize"]), Is.GreaterThanOrEqualTo(384), "room for the live root");
    }

    // The bochsrc the build wrote, as it is: Bochs boots the ISO (the kit's
    // loader from the CD) with the root disk attached, to the kernel's banner.
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
        string log = RunUntil(HostTool.Find("bochs", "bochs"), new[] { "-q", "-f", bochsrc, "-rc", commands }, serialLog, FromLoader, TimeSpan.FromSeconds(240), interrupt: true);
        Assert.That(File.Exists(Image.RootDisk + ".lock"), Is.False, "Bochs released the root disk");
        AssertInOrder(log, Banner, FromLoader);
    }

    private string BootUsbImage(DiskBoot.Attachment attachment)
    {
        // A copy: what the guest writes must not change the build's image.
        string disk = CopyOf(UsbImage);
        string serialLog = Path.Combine(Scratch(), "serial.log");
        var options = new BootOptions { Headless = true, MemoryMiB = 384 };
        var arguments = DiskBoot.Arguments(disk, attachment, options, serialLog);
        return RunUntil(HostTool.Find(Launcher.Qemu.Program, "qemu-system-x86"), arguments.ToArray(), serialLog, Prompt, TimeSpan.FromSeconds(90));
    }

    // Runs an emulator until `pattern` appears in its serial log (then stops
    // it) or the timeout passes (a failure, with the log so far).
    // `interrupt`: stop with SIGINT first. Bochs (built with its debugger)
    // then reads a debugger command from stdin, finds it closed and quits
    // cleanly, removing the lock file it keeps beside a disk image; killed,
    // it would leave the lock, and the next Bochs would refuse the disk.
    internal static string RunUntil(string program, string[] arguments, string serialLog, string pattern, TimeSpan timeout, bool interrupt = false)
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
        Assert.That(File.Exists(file), Is.True, $"{file} was not built (the image build makes it: dotnet build iso/Minix3.Cosmos.Image.csproj)");
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
