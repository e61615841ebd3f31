using System.Collections.Generic;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// The machine QEMU emulates (src/Launcher/QemuMachine.cs): q35 with Intel's
// IOMMU by default, --no-iommu without it, --machine pc the old i440FX; on
// q35 the IDE disk sits on a PIIX3 IDE function the ata driver can drive.
public class MachineOptionTests
{
    private static readonly ImageLayout Image = new("/repo");

    private static List<string> Arguments(params string[] options)
    {
        Assert.That(Program.TryParse(options, out BootOptions parsed, out _, out string? error), Is.True, error);
        return Qemu.Arguments(Image, parsed with { Headless = true }, "/tmp/s.log", "");
    }

    // Where `sequence` starts in `arguments`, as consecutive elements; -1 if nowhere.
    private static int IndexOf(List<string> arguments, params string[] sequence)
    {
        for (int i = 0; i + sequence.Length <= arguments.Count; i++)
        {
            int matched = 0;
            while (matched < sequence.Length && arguments[i + matched] == sequence[matched])
                matched++;
            if (matched == sequence.Length)
                return i;
        }
        return -1;
    }

    [Test]
    public void TheDefaultIsQ35WithTheIommuBeforeEveryOtherDevice()
    {
        var arguments = Arguments();
        Assert.That(IndexOf(arguments, "-machine", "q35", "-device", "intel-iommu,intremap=off"), Is.EqualTo(0));
        Assert.That(arguments.FindAll(a => a == "-machine"), Has.Count.EqualTo(1));
        Assert.That(arguments.FindAll(a => a.StartsWith("intel-iommu")), Has.Count.EqualTo(1));
        Assert.That(arguments.IndexOf("-device", 3), Is.GreaterThan(3), "isa-debug-exit and the rest follow the IOMMU");
        Assert.That(new BootOptions().Machine, Is.EqualTo(MachineType.Q35));
        Assert.That(new BootOptions().Iommu, Is.True);
    }

    [Test]
    public void NoIommuKeepsQ35WithoutTheIommu()
    {
        var arguments = Arguments("--no-iommu");
        Assert.That(IndexOf(arguments, "-machine", "q35"), Is.EqualTo(0));
        Assert.That(arguments.Exists(a => a.Contains("intel-iommu")), Is.False);
    }

    [Test]
    public void MachinePcIsTheOldMachineWithoutAnIommu()
    {
        foreach (var options in new[] { new[] { "--machine", "pc" }, new[] { "--machine", "pc", "--no-iommu" } })
        {
            var arguments = Arguments(options);
            Assert.That(IndexOf(arguments, "-machine", "pc"), Is.EqualTo(0));
            Assert.That(arguments.Exists(a => a.Contains("intel-iommu")), Is.False);
        }
        Assert.That(IndexOf(Arguments("--machine", "q35"), "-machine", "q35", "-device", "intel-iommu,intremap=off"), Is.EqualTo(0));
    }

    [Test]
    public void AnUnknownMachineIsRefused()
    {
        Assert.That(Program.TryParse(new[] { "--machine", "isapc" }, out _, out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("q35 or pc"));
        Assert.That(Program.TryParse(new[] { "--machine" }, out _, out _, out error), Is.False);
        Assert.That(error, Does.Contain("--machine"));
    }

    [Test]
    public void OnQ35TheDiskIsThePrimaryMasterOfAPiix3IdeFunction()
    {
        foreach (var options in new[] { new[] { "--disk", "/tmp/a,b.img" }, new[] { "--disk", "/tmp/a,b.img", "--no-iommu" } })
        {
            var arguments = Arguments(options);
            int controller = IndexOf(arguments, "-device", "piix3-ide,id=ide");
            Assert.That(controller, Is.GreaterThan(0));
            Assert.That(IndexOf(arguments, "-drive", "if=none,id=disk0,file=/tmp/a,,b.img,format=raw,media=disk",
                "-device", "ide-hd,drive=disk0,bus=ide.0,unit=0"), Is.GreaterThan(controller));
            Assert.That(arguments.Exists(a => a.Contains("if=ide")), Is.False, "if=ide on q35 would be the AHCI controller");
        }
    }

    [Test]
    public void OnQ35TheIsoAndTheDiskShareOneController()
    {
        Assert.That(Program.TryParse(new[] { "--disk", "/tmp/d.img" }, out BootOptions options, out _, out string? error), Is.True, error);
        var arguments = Qemu.Arguments(Image, options with { Headless = true, BootIso = true }, "/tmp/s.log", "", "/tmp/x.iso");
        Assert.That(arguments.FindAll(a => a == "piix3-ide,id=ide"), Has.Count.EqualTo(1));
        Assert.That(arguments, Does.Contain("ide-hd,drive=disk0,bus=ide.0,unit=0"));
        Assert.That(arguments, Does.Contain("ide-cd,drive=cd0,bus=ide.1,unit=0"));
        Assert.That(arguments, Does.Not.Contain("-cdrom"));
    }

    // q35's default NIC model would be the e1000e: the launcher always names its own.
    [Test]
    public void TheNicIsTheNamedModelOnQ35()
    {
        Assert.That(Arguments("--net"), Does.Contain("e1000,netdev=net0"));
        Assert.That(Arguments("--nic", "rtl8139"), Does.Contain("rtl8139,netdev=net0"));
        Assert.That(IndexOf(Arguments(), "-nic", "none"), Is.GreaterThan(0), "-nic none without --net, not q35's default e1000e");
    }

    [Test]
    public void UsbBootsFollowTheMachineToo()
    {
        var stick = DiskBoot.Arguments("/u.img", DiskBoot.Attachment.UsbStick, new BootOptions { Headless = true, Iommu = false }, "/tmp/s.log");
        Assert.That(IndexOf(stick, "-machine", "q35", "-m"), Is.EqualTo(0));
        var pc = DiskBoot.Arguments("/u.img", DiskBoot.Attachment.Ide, new BootOptions { Headless = true, Machine = MachineType.Pc }, "/tmp/s.log");
        Assert.That(IndexOf(pc, "-machine", "pc", "-m"), Is.EqualTo(0));
    }

    [Test]
    public void TheHelpNamesTheOptions()
    {
        Assert.That(Program.TryParse(new[] { "--help" }, out _, out _, out string? error), Is.False);
        Assert.That(error, Is.Empty);
        Assert.That(Program.Usage, Does.Contain("--machine q35|pc").And.Contain("--no-iommu"));
        Assert.That(GuestNetwork.DeviceName(NicModel.E1000), Is.EqualTo("e1000"));
    }
}
