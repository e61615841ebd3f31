using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Build;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

public class VmwareMachineTests
{
    private static VmwareMachine Machine(int memory = 128, string disk = "minix3.vmdk") =>
        new("Minix3.Cosmos", disk, "minix3.iso", "minix3-com1.log", "/tmp/com2", memory);

    private static Dictionary<string, string> Parse(string vmx)
    {
        var settings = new Dictionary<string, string>();
        foreach (string line in vmx.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Match match = Regex.Match(line, "^([A-Za-z0-9_.:]+) = \"([^\"]*)\"$");
            Assert.That(match.Success, Is.True, line);
            Assert.That(settings.TryAdd(match.Groups[1].Value, match.Groups[2].Value), Is.True, "twice: " + line);
        }
        return settings;
    }

    [Test]
    public void TheVmxHasTheDiskAsPrimaryMasterTheIsoAsCdAndBothSerialPorts()
    {
        var settings = Parse(Machine().Format());
        Assert.That(settings["config.version"], Is.EqualTo("8"));
        Assert.That(settings["virtualHW.version"], Is.EqualTo(VmwareMachine.HardwareVersion));
        Assert.That(settings["guestOS"], Is.EqualTo("other-64"));
        Assert.That(settings["memsize"], Is.EqualTo("128"));
        Assert.That(settings["firmware"], Is.EqualTo("efi"), "the kit's ISO boots by UEFI (and BIOS); VMware's default");
        Assert.That(settings["ide0:0.fileName"], Is.EqualTo("minix3.vmdk"));
        Assert.That(settings.ContainsKey("ide0:0.deviceType"), Is.False, "a disk is the default device");
        Assert.That(settings["ide1:0.deviceType"], Is.EqualTo("cdrom-image"));
        Assert.That(settings["ide1:0.fileName"], Is.EqualTo("minix3.iso"));
        Assert.That(settings["serial0.fileType"] + " " + settings["serial0.fileName"], Is.EqualTo("file minix3-com1.log"));
        Assert.That(settings["serial1.fileType"] + " " + settings["serial1.fileName"] + " " + settings["serial1.pipe.endPoint"], Is.EqualTo("pipe /tmp/com2 server"));
        Assert.That(settings["bios.bootOrder"], Is.EqualTo("cdrom,hdd"));
    }

    // An e1000 on VMware's host-only network: never bridged to the host's
    // own network, never NAT to the outside.
    [Test]
    public void TheVmxHasAnE1000OnTheHostOnlyNetwork()
    {
        var settings = Parse(Machine().Format());
        Assert.That(settings["ethernet0.present"], Is.EqualTo("TRUE"));
        Assert.That(settings["ethernet0.virtualDev"], Is.EqualTo("e1000"));
        Assert.That(settings["ethernet0.connectionType"], Is.EqualTo("hostonly"));
        Assert.That(settings.Keys.Where(k => k.StartsWith("ethernet", StringComparison.Ordinal) && !k.StartsWith("ethernet0.", StringComparison.Ordinal)), Is.Empty, "one NIC");
        Assert.That(settings.Values, Has.None.EqualTo("bridged").And.None.EqualTo("nat"));
    }

    [Test]
    public void ValuesVmwareWouldNeedEscapedAreRefused()
    {
        var quote = Assert.Throws<ArgumentException>(() => Machine(disk: "a\"b.vmdk").Format());
        Assert.That(quote!.Message, Does.Contain("ide0:0.fileName"));
        Assert.Throws<ArgumentException>(() => Machine(disk: "").Format());
        Assert.Throws<ArgumentException>(() => Machine(disk: "a\nb").Format());
    }

    [Test]
    public void MemoryMustBeAMultipleOfFourMiB()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => Machine(memory: 130).Format())!.Message, Does.Contain("multiple of 4"));
        Assert.Throws<ArgumentException>(() => Machine(memory: 8).Format());
        Assert.That(Parse(Machine(memory: 256).Format())["memsize"], Is.EqualTo("256"));
    }

    [Test]
    public void TheVerbNamesFilesRelativeToTheVmx()
    {
        string directory = Directory.CreateTempSubdirectory("minix3-vmx-").FullName;
        try
        {
            string vmx = Path.Combine(directory, "m.vmx");
            Directory.CreateDirectory(Path.Combine(directory, "cd"));
            int code = ImageVerbs.Run(new[] { "vmware", vmx, Path.Combine(directory, "m.vmdk"), Path.Combine(directory, "cd", "x.iso") }, TextWriter.Null);
            Assert.That(code, Is.EqualTo(0));
            var settings = Parse(File.ReadAllText(vmx));
            Assert.That(settings["ide0:0.fileName"], Is.EqualTo("m.vmdk"));
            Assert.That(settings["ide1:0.fileName"], Is.EqualTo("cd/x.iso"));
            Assert.That(settings["serial0.fileName"], Is.EqualTo("m-com1.log"));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
