using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Asm.Kernel;
using Minix3.Cosmos.Asm.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Asm;

/// <summary>
/// Links the kernel object with the DSL-written stand-in kmain (src/Asm/Testing) and boots it:
/// through Multiboot with QEMU's -kernel, and through Multiboot with a GRUB ISO, as the images boot. The guest
/// checks the boot state and the interrupt path itself and exits QEMU with status 33 on success.
/// Skipped when ld.lld / qemu-system-x86_64 / grub-mkrescue are not on PATH.
/// </summary>
[TestFixture]
[Category("Boot")]
public class BootTests
{
    private static readonly TimeSpan QemuTimeout = TimeSpan.FromSeconds(60);
    private const string QemuName = "qemu-system-x86_64";

    private string _dir = null!;
    private string _elf = null!;

    [OneTimeSetUp]
    public void Link()
    {
        string? lld = AsmTestHelpers.FindOnPath("ld.lld");
        if (lld is null)
            Assert.Ignore("ld.lld is not on PATH.");
        _dir = Directory.CreateTempSubdirectory("asm-boot-").FullName;
        string kernel = Path.Combine(_dir, "kernel-asm.o");
        string kmain = Path.Combine(_dir, "test-kmain.o");
        ElfObjectWriter.Write(KernelObject.Build().Assemble(), kernel);
        ElfObjectWriter.Write(TestKernelMain.Build().Assemble(), kmain);
        _elf = Path.Combine(_dir, "asm-test.elf");
        string script = Path.Combine(AsmTestHelpers.RepoRoot(), "src", "Asm", "Testing", "test.ld");
        var (status, output) = AsmTestHelpers.Run(lld!, new[]
        {
            "-T", script, "-z", "max-page-size=4096", "--fatal-warnings", "-o", _elf, kernel, kmain,
        }, TimeSpan.FromSeconds(30));
        Assert.That(status, Is.EqualTo(0), output);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (_dir is not null && TestContext.CurrentContext.Result.FailCount == 0)
            Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void BootsThroughMultiboot1WithQemuKernel()
    {
        string log = Boot("mb1", "-kernel", _elf);
        Assert.That(log, Does.Contain("kmain magic=000000002badb002"));
    }

    [Test]
    public void BootsThroughMultibootWithGrub()
    {
        string? mkrescue = AsmTestHelpers.FindOnPath("grub-mkrescue");
        if (mkrescue is null || AsmTestHelpers.FindOnPath("xorriso") is null || !Directory.Exists("/usr/lib/grub/i386-pc"))
            Assert.Ignore("grub-mkrescue, xorriso or GRUB's i386-pc modules are missing.");
        string root = Path.Combine(_dir, "iso");
        Directory.CreateDirectory(Path.Combine(root, "boot", "grub"));
        File.Copy(_elf, Path.Combine(root, "boot", "kernel.elf"), overwrite: true);
        File.WriteAllText(Path.Combine(root, "boot", "grub", "grub.cfg"),
            "set timeout=0\nserial --unit=0 --speed=115200\nterminal_output serial\n" +
            "menuentry \"asm\" {\n  multiboot /boot/kernel.elf\n  boot\n}\n");
        string iso = Path.Combine(_dir, "asm-test.iso");
        var (status, output) = AsmTestHelpers.Run(mkrescue!, new[] { "-o", iso, root }, TimeSpan.FromSeconds(120));
        Assert.That(status, Is.EqualTo(0), output);

        string log = Boot("grub", "-cdrom", iso);
        Assert.That(log, Does.Contain("kmain magic=000000002badb002"));
    }

    /// <summary>Runs QEMU headless and returns the serial log after checking the pass signals.</summary>
    private string Boot(string name, params string[] media)
    {
        string? qemu = AsmTestHelpers.FindOnPath(QemuName);
        if (qemu is null)
            Assert.Ignore($"{QemuName} is not on PATH.");
        string serial = Path.Combine(_dir, name + "-serial.log");
        string trace = Path.Combine(_dir, name + "-qemu.log");
        var arguments = media.Concat(new[]
        {
            "-display", "none", "-serial", "file:" + serial, "-no-reboot",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-d", "int,cpu_reset", "-D", trace,
        });
        var (status, output) = AsmTestHelpers.Run(qemu!, arguments, QemuTimeout);
        string log = File.Exists(serial) ? File.ReadAllText(serial) : "";
        TestContext.Out.WriteLine(log);
        Assert.That(status, Is.EqualTo(33), $"QEMU status (33 = pass); serial:\n{log}\n{output}\ntrace: {trace}");
        Assert.That(log, Does.Contain("ASM OK"));
        Assert.That(log, Does.Contain("interrupt 000000000000000d error 0000000000001230"));
        return log;
    }
}
