using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --disk-bus ahci: the disk on q35's own AHCI controller (the ahci driver's)
// instead of the PIIX3 IDE function, which stays; the default is unchanged.
public class DiskBusOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    [Test]
    public void ParsesTheBusAndRefusesAnUnknownOne()
    {
        Assert.That(Program.TryParse(new[] { "--disk-bus", "ahci" }, out BootOptions options, out _, out string? error), Is.True, error);
        Assert.That(options.DiskBus, Is.EqualTo(DiskBus.Ahci));
        Assert.That(Program.TryParse(new string[0], out options, out _, out _), Is.True);
        Assert.That(options.DiskBus, Is.EqualTo(DiskBus.Ide), "the default stays IDE");
        Assert.That(Program.TryParse(new[] { "--disk-bus", "scsi" }, out _, out _, out error), Is.False);
        Assert.That(error, Does.Contain("--disk-bus"));
    }

    [Test]
    public void TheDiskGoesOnTheAhciControllersPortAndNotOnTheIdeController()
    {
        var arguments = Qemu.Arguments(Image, new BootOptions { Headless = true, DiskImage = "/tmp/a,b.img", DiskBus = DiskBus.Ahci }, "/tmp/s.log", "");
        Assert.That(arguments, Does.Contain("if=none,id=sata0,file=/tmp/a,,b.img,format=raw,media=disk"));
        Assert.That(arguments, Does.Contain("ide-hd,drive=sata0,bus=ide.2"));
        Assert.That(arguments, Does.Contain(QemuMachine.IdeController), "the IDE function stays: the PCI layout does not change");
        Assert.That(string.Join(" ", arguments), Does.Not.Contain("drive=disk0"));
    }

    [Test]
    public void ThePcMachineHasNoAhciController()
    {
        var options = new BootOptions { Headless = true, DiskImage = "/tmp/a.img", DiskBus = DiskBus.Ahci, Machine = MachineType.Pc };
        var refusal = Assert.Throws<LauncherException>(() => Qemu.Arguments(Image, options, "/tmp/s.log", ""));
        Assert.That(refusal!.Message, Does.Contain("q35"));
    }
}
