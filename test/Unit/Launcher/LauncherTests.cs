using System;
using System.IO;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

public class LauncherTests
{
    private static readonly ImageLayout Image = new("/repo");

    [Test]
    public void ParsesEveryOption()
    {
        bool ok = Program.TryParse(new[] { "--bochs", "--headless", "--timeout", "30", "--append", "test=timer timer_hz=250", "--memory", "256", "--icount", "--no-build" },
            out BootOptions options, out bool build, out string? error);
        Assert.That(ok, Is.True, error);
        Assert.That(options.Emulator, Is.EqualTo(Emulator.Bochs));
        Assert.That(options.Headless, Is.True);
        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.KernelArguments, Is.EqualTo("test=timer timer_hz=250"));
        Assert.That(options.MemoryMiB, Is.EqualTo(256));
        Assert.That(options.InstructionCounting, Is.True);
        Assert.That(build, Is.False);
    }

    [TestCase("--timeout", "0")]
    [TestCase("--timeout", "soon")]
    [TestCase("--memory", "1")]
    [TestCase("--append")]
    [TestCase("--frobnicate")]
    public void RejectsBadArgumentsWithAMessage(params string[] args)
    {
        Assert.That(Program.TryParse(args, out _, out _, out string? error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void QemuDirectBootPassesKernelModulesAndCommandLine()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, InstructionCounting = true }, "/tmp/serial.log", "test=boot exit");
        string line = string.Join(" ", arguments);
        Assert.That(line, Does.Contain("-kernel /repo/iso/out/image/boot/kernel.elf"));
        Assert.That(line, Does.Contain("-append test=boot exit"));
        Assert.That(line, Does.Contain("-device isa-debug-exit,iobase=0xf4,iosize=0x04"));
        Assert.That(line, Does.Contain("-serial file:/tmp/serial.log"));
        Assert.That(line, Does.Contain("-icount shift=0,sleep=off"));
        Assert.That(line, Does.Contain("-no-reboot"));
    }

    [Test]
    public void ExtraModulesFollowTheImagesNamedAfterTheirFiles()
    {
        bool ok = Program.TryParse(new[] { "--module", "/tmp/m3/faults", "--module", "/tmp/m3/notes" }, out BootOptions options, out _, out string? error);
        Assert.That(ok, Is.True, error);
        Assert.That(options.ExtraModules, Is.EqualTo(new[] { "/tmp/m3/faults", "/tmp/m3/notes" }));
        var arguments = Qemu.Arguments(Image, options, "/tmp/serial.log", "");
        string modules = arguments[arguments.IndexOf("-initrd") + 1];
        Assert.That(modules, Does.EndWith("/tmp/m3/faults faults,/tmp/m3/notes notes"));
        Assert.That(Program.TryParse(new[] { "--module" }, out _, out _, out error), Is.False);
        Assert.That(error, Does.Contain("--module"));
        Assert.Throws<LauncherException>(() => Qemu.Arguments(Image, options with { BootIso = true }, "/tmp/s.log", "", "/tmp/x.iso"));
    }

    [Test]
    public void QemuIsoBootUsesTheCdrom()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { BootIso = true }, "/tmp/s.log", "", "/tmp/x.iso");
        // q35: the CD is the secondary master of the PIIX3 IDE function.
        Assert.That(string.Join(" ", arguments), Does.Contain("-drive if=none,id=cd0,file=/tmp/x.iso,format=raw,media=cdrom,readonly=on -device ide-cd,drive=cd0,bus=ide.1,unit=0"));
        Assert.That(string.Join(" ", arguments), Does.Contain("-boot d"));
        Assert.That(arguments, Does.Not.Contain("-kernel"));
        var pc = Qemu.Arguments(Image, new BootOptions { BootIso = true, Machine = MachineType.Pc }, "/tmp/s.log", "", "/tmp/x.iso");
        Assert.That(string.Join(" ", pc), Does.Contain("-cdrom /tmp/x.iso"));
    }

    [Test]
    public void ReadsTheGuestStatusFromTheExitMarker()
    {
        Assert.That(ImageLayout.ParseExitMarker("x\n*** MINIX3-COSMOS EXIT 2 ***\n"), Is.EqualTo(2));
        Assert.That(ImageLayout.ParseExitMarker("no marker here"), Is.Null);
    }

    [Test]
    public void ModuleListIsReadFromTheImage()
    {
        string root = Path.Combine(Path.GetTempPath(), "m3-layout-" + Guid.NewGuid().ToString("N"));
        var image = new ImageLayout(root);
        Directory.CreateDirectory(image.BootDirectory);
        File.WriteAllLines(image.ModuleList, new[] { "rs rs", "malformed-line" });
        try
        {
            var modules = image.Modules();
            Assert.That(modules, Has.Count.EqualTo(1));
            Assert.That(modules[0].Name, Is.EqualTo("rs"));
            Assert.That(modules[0].Path, Is.EqualTo(Path.Combine(image.BootDirectory, "rs")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
