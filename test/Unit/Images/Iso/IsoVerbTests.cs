using System.IO;
using Minix3.Cosmos.Build;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// The build tool's iso and vmdk verbs (src/Build/Tool/IsoVerb.cs).
public class IsoVerbTests : IsoTestImages
{
    private string Tree()
    {
        string tree = Path.Combine(Directory, "tree");
        System.IO.Directory.CreateDirectory(Path.Combine(tree, "boot"));
        File.WriteAllBytes(Path.Combine(tree, "boot", "kernel.elf"), TestBytes.Random(9000, 5));
        File.WriteAllBytes(Path.Combine(tree, "boot", "cdboot.bin"), TestBytes.Random(2048, 6));
        return tree;
    }

    [Test]
    public void TheIsoVerbWritesABootableHybridIsoOfAFolder()
    {
        string tree = Tree();
        string mbr = Path.Combine(Directory, "mbr.bin");
        File.WriteAllBytes(mbr, TestBytes.Random(300, 7));
        string iso = Path.Combine(Directory, "out.iso");
        int code = Program.Main(new[] { "iso", iso, tree, "--bios-boot", "boot/cdboot.bin", "--bios-load-sectors", "4",
            "--boot-info-table", "--efi-image", EspImage(1440), "--mbr", mbr });
        Assert.That(code, Is.EqualTo(0));
        Assert.That(File.Exists(iso + ".partial"), Is.False);
        string report = Xorriso(iso, "-report_el_torito", "plain");
        Assert.That(report, Does.Match(@"boot img :\s+1\s+BIOS\s+y\s+none\s+0x07c0\s+0x00\s+4\s"));
        Assert.That(report, Does.Match(@"boot img :\s+2\s+UEFI\s+y\s+none\s+0x0000\s+0x00\s+2880\s"));
        Assert.That(report, Does.Contain("boot-info-table"));
        Assert.That(HostTool.MustRun("sfdisk", "fdisk", "-d", iso), Does.Contain("type=ef"));
        Assert.That(Extract(iso, "/BOOT/KERNEL.ELF;1"), Is.EqualTo(TestBytes.Random(9000, 5)));
    }

    [Test]
    public void ANameWithoutAnIsoFormIsABuildErrorAndLeavesNoFile()
    {
        string tree = Tree();
        File.WriteAllBytes(Path.Combine(tree, "boot", "bad-name"), new byte[1]);
        string iso = Path.Combine(Directory, "out.iso");
        var e = Assert.Throws<BuildToolException>(() => IsoVerb.Run(new[] { "iso", iso, tree }, TextWriter.Null))!;
        Assert.That(e.File, Is.EqualTo(iso));
        Assert.That(e.Message, Does.StartWith("/boot/bad-name: '-' has no ISO 9660 form"));
        Assert.That(File.Exists(iso) || File.Exists(iso + ".partial"), Is.False);
    }

    [Test]
    public void AnUnknownOptionIsAUsageError() =>
        Assert.That(IsoVerb.Run(new[] { "iso", Path.Combine(Directory, "x.iso"), Tree(), "--joliet", "yes" }, TextWriter.Null), Is.EqualTo(2));

    [Test]
    public void TheVmdkVerbNamesTheFinalFileInItsDescriptor()
    {
        string raw = Path.Combine(Directory, "root.img");
        File.WriteAllBytes(raw, TestBytes.Random(1 << 20, 8));
        string vmdk = Path.Combine(Directory, "minix3.vmdk");
        Assert.That(Program.Main(new[] { "vmdk", vmdk, raw }), Is.EqualTo(0));
        Assert.That(File.Exists(vmdk + ".partial"), Is.False);
        Assert.That(File.ReadAllText(vmdk, System.Text.Encoding.Latin1), Does.Contain("RW 2048 SPARSE \"minix3.vmdk\"\n"));
        Assert.That(HostTool.MustRun("qemu-img", "qemu-utils", "check", vmdk), Does.Contain("No errors"));
    }
}
