using System.IO;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --disk: a raw image as the primary IDE master, in QEMU and Bochs; nothing
// changes without it.
public class DiskOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    [Test]
    public void ParsesTheDiskOptionToAFullPath()
    {
        Assert.That(Program.TryParse(new[] { "--disk", "disk.img" }, out BootOptions options, out _, out string? error), Is.True, error);
        Assert.That(options.DiskImage, Is.EqualTo(Path.GetFullPath("disk.img")));
        Assert.That(Program.TryParse(new[] { "--disk" }, out _, out _, out error), Is.False);
        Assert.That(error, Does.Contain("--disk"));
    }

    [Test]
    public void QemuAttachesTheImageAsPrimaryIdeMaster()
    {
        // pc: the PIIX3's own IDE; q35 (the default): see MachineOptionTests.
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, DiskImage = "/tmp/a,b.img", Machine = MachineType.Pc }, "/tmp/s.log", "");
        int drive = arguments.IndexOf("-drive");
        Assert.That(drive, Is.GreaterThanOrEqualTo(0));
        Assert.That(arguments[drive + 1], Is.EqualTo("file=/tmp/a,,b.img,format=raw,if=ide,index=0,media=disk"));
    }

    [Test]
    public void WithoutTheOptionNoDriveIsAttached()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true }, "/tmp/s.log", "");
        Assert.That(arguments, Does.Not.Contain("-drive"));
        Assert.That(arguments, Does.Contain(QemuMachine.IdeController), "q35: the IDE function is there, as on pc");
        Assert.That(arguments, Does.Not.Contain("ide-hd,drive=disk0,bus=ide.0,unit=0"));
        Assert.That(Bochs.Configuration("/tmp/x.iso", "/tmp/s.log", 128), Does.Contain("ata0-master: type=cdrom, path=\"/tmp/x.iso\""));
    }

    [Test]
    public void BochsGetsTheGeometryAndMovesTheCdromToTheSecondChannel()
    {
        string disk = Bochs.DiskLine("/tmp/d.img", 16 * 16 * 63 * 512);
        Assert.That(disk, Is.EqualTo("ata0-master: type=disk, path=\"/tmp/d.img\", mode=flat, cylinders=16, heads=16, spt=63"));
        string configuration = Bochs.Configuration("/tmp/x.iso", "/tmp/s.log", 128, disk);
        Assert.That(configuration, Does.Contain(disk + "\n"));
        Assert.That(configuration, Does.Contain("ata1-master: type=cdrom, path=\"/tmp/x.iso\""));
        Assert.That(configuration, Does.Not.Contain("ata0-master: type=cdrom"));
    }

    [Test]
    public void BochsRefusesAnImageOfPartialCylinders()
    {
        var refusal = Assert.Throws<LauncherException>(() => Bochs.DiskLine("/tmp/d.img", 8 << 20));
        Assert.That(refusal!.Message, Does.Contain("whole cylinders"));
    }
}
