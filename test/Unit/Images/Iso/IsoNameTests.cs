using System.Linq;
using Minix3.Cosmos.Images.Iso;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// The primary identifiers the BIOS loader matches (src/Images/Iso/README.md).
public class IsoNameTests
{
    [TestCase("kernel.elf", "KERNEL.ELF;1")]
    [TestCase("vm", "VM.;1")]
    [TestCase("modules.txt", "MODULES.TXT;1")]
    [TestCase("BOOTX64.EFI", "BOOTX64.EFI;1")]
    [TestCase("a_1.b2", "A_1.B2;1")]
    [TestCase(".profile", ".PROFILE;1")]
    [TestCase("abcdefghijklmnopqrstuvwxyz0123", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123.;1")]
    public void AFileNameIsUpperCasedWithItsSeparatorAndVersion(string name, string identifier) =>
        Assert.That(IsoName.File(name, "/" + name), Is.EqualTo(identifier));

    [TestCase("boot", "BOOT")]
    [TestCase("EFI", "EFI")]
    public void ADirectoryNameIsUpperCased(string name, string identifier) =>
        Assert.That(IsoName.Directory(name, "/" + name), Is.EqualTo(identifier));

    [TestCase("KERNEL.ELF;1", "KERNEL.ELF")]
    [TestCase("VM.;1", "VM")]
    [TestCase("BOOT", "BOOT")]
    public void TheBareNameIsWhatTheLoaderCompares(string identifier, string bare) =>
        Assert.That(IsoName.Bare(identifier), Is.EqualTo(bare));

    [TestCase("root.img.gz", "at most one '.'")]
    [TestCase("x-y", "'-' has no ISO 9660 form")]
    [TestCase("caf\u00e9", "has no ISO 9660 form")]
    [TestCase("a b", "' ' has no ISO 9660 form")]
    [TestCase(".", "needs a name or an extension")]
    [TestCase("abcdefghijklmnopqrstuvwxyz01234", "longer than ISO 9660's 30")]
    [TestCase("abcdefghijklmnopqrstuvwxyz.01234", "longer than ISO 9660's 30")]
    public void AFileNameWithoutAnIsoFormIsRefusedNamingItsPath(string name, string why)
    {
        var e = Assert.Throws<IsoFormatException>(() => IsoName.File(name, "/boot/" + name))!;
        Assert.That(e.Message, Does.StartWith("/boot/" + name + ":").And.Contain(why));
    }

    [TestCase("a.b")]
    [TestCase("a-b")]
    [TestCase("")]
    [TestCase("abcdefghijklmnopqrstuvwxyz012345")]
    public void ADirectoryNameWithoutAnIsoFormIsRefused(string name) =>
        Assert.Throws<IsoFormatException>(() => IsoName.Directory(name, "/" + name));

    [Test]
    public void NamesEqualButForCaseAreRefused()
    {
        IsoDirectory boot = IsoDirectory.Root().Directory("boot");
        boot.AddBytes("vm", new byte[1]);
        var file = Assert.Throws<IsoFormatException>(() => boot.AddBytes("VM", new byte[1]))!;
        Assert.That(file.Message, Does.StartWith("/boot/VM:").And.Contain("VM.;1"));
        Assert.Throws<IsoFormatException>(() => boot.Directory("Vm"), "a directory VM beside a file VM.;1: one name to the loader");
        Assert.Throws<IsoFormatException>(() => boot.AddBytes("vm", new byte[1]), "the same real name twice");
    }

    [Test]
    public void AFileBesideADirectoryOfADifferentNameIsFine()
    {
        IsoDirectory root = IsoDirectory.Root();
        root.Directory("disk1");
        root.AddBytes("disk", new byte[1]);
        Assert.That(root.Files.Single().Identifier, Is.EqualTo("DISK.;1"));
    }

    // ECMA-119 9.3: by name, then extension, each as if padded with spaces.
    [Test]
    public void RecordsSortByNameThenExtension()
    {
        string[] sorted = new[] { "A_.;1", "AB.C;1", "A.Z;1", "A.;1", "B", "A0.;1" }
            .OrderBy(i => i, System.Collections.Generic.Comparer<string>.Create(IsoName.Compare)).ToArray();
        Assert.That(sorted, Is.EqualTo(new[] { "A.;1", "A.Z;1", "A0.;1", "AB.C;1", "A_.;1", "B" }));
    }
}
