using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// The ISO 9660 + Rock Ridge image as the host's isoinfo and xorriso read it.
public class IsoWriterTests : IsoTestImages
{
    [Test]
    public void IsoinfoReadsThePrimaryVolumeDescriptorAndRockRidge()
    {
        IsoImage image = IsoImage.Plan(BootTree(), new IsoOptions { VolumeId = "MINIX3_TEST" });
        string iso = WriteIso(BootTree(), new IsoOptions { VolumeId = "MINIX3_TEST" });
        string info = IsoInfo("-d", "-i", iso);
        Assert.That(info, Does.Contain("Volume id: MINIX3_TEST\n"));
        Assert.That(info, Does.Contain("Logical block size is: 2048\n"));
        Assert.That(info, Does.Contain($"Volume size is: {image.SectorCount}\n"));
        Assert.That(info, Does.Contain("Rock Ridge signatures version 1 found"));
        Assert.That(info, Does.Not.Contain("El Torito"), "no boot entry was asked for");
    }

    [Test]
    public void RockRidgeGivesTheRealNamesModesAndSizes()
    {
        string listing = IsoInfo("-l", "-R", "-i", WriteIso(BootTree(), new IsoOptions()));
        Assert.That(listing, Does.Contain("Directory listing of /boot/\n"));
        Assert.That(listing, Does.Contain("Directory listing of /EFI/BOOT/\n"));
        Assert.That(Line(listing, "kernel.elf"), Does.StartWith("-r--r--r--   1    0    0          200000 "));
        Assert.That(Line(listing, "modules.txt"), Does.Contain(" 6 "));
        Assert.That(Line(listing, "BOOTX64.EFI"), Does.Contain(" 3000 "));
        Assert.That(Line(listing, "boot"), Does.StartWith("dr-xr-xr-x   2 "), "a directory with no subdirectory has 2 links");
    }

    [Test]
    public void ThePrimaryNamesAreUpperCaseWithSeparatorAndVersion()
    {
        string listing = IsoInfo("-l", "-i", WriteIso(BootTree(), new IsoOptions()));
        foreach (string name in new[] { "KERNEL.ELF;1", "VM.;1", "MODULES.TXT;1", "CDBOOT.BIN;1", "BOOTX64.EFI;1" })
            Assert.That(listing, Does.Contain("  " + name + " \n"), name);
        Assert.That(listing, Does.Contain("Directory listing of /BOOT/\n"));
        Assert.That(listing, Does.Not.Contain("kernel"));
    }

    [Test]
    public void EveryFileReadsBackByteForByteAtTheExtentThePlanGives()
    {
        IsoDirectory tree = BootTree();
        IsoImage image = IsoImage.Plan(tree, new IsoOptions());
        string iso = WriteIso(tree, new IsoOptions());
        string listing = IsoInfo("-l", "-R", "-i", iso);
        byte[] all = File.ReadAllBytes(iso);
        foreach (var (path, extent) in image.FileExtents())
        {
            byte[] expected = tree.FindFile(path)!.ReadAll();
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            string isoPath = "/" + string.Join('/', parts[..^1].Select(p => IsoName.Directory(p, path)).Append(IsoName.File(parts[^1], path)));
            Assert.That(Extract(iso, isoPath), Is.EqualTo(expected), isoPath);
            Assert.That(all.AsSpan((int)extent.Lba * 2048, expected.Length).ToArray(), Is.EqualTo(expected), path + " at its planned LBA");
            Assert.That(Line(listing, path.Split('/')[^1]), Does.Contain($"[{extent.Lba,7} 00]"), path);
        }
    }

    [Test]
    public void ADirectoryLargerThanASectorKeepsEveryRecordWhole()
    {
        IsoDirectory root = IsoDirectory.Root();
        IsoDirectory many = root.Directory("many");
        for (int i = 0; i < 150; i++)
            many.AddBytes($"file{i:000}.dat", TestBytes.Random(100 + i, (uint)(i + 10)));
        string iso = WriteIso(root, new IsoOptions());
        string listing = IsoInfo("-l", "-R", "-i", iso);
        Assert.That(Regex.Matches(listing, @" file\d\d\d\.dat \n").Count, Is.EqualTo(150));
        Assert.That(Regex.Match(listing, @"(\d+) Jan  1 2000 \[ +\d+ 02\]  many ").Groups[1].Value, Is.Not.EqualTo("2048"), "more than one sector");
        foreach (int i in new[] { 0, 57, 149 })
            Assert.That(Extract(iso, $"/MANY/FILE{i:000}.DAT;1"), Is.EqualTo(TestBytes.Random(100 + i, (uint)(i + 10))));
    }

    // isoinfo -p prints the L path table: number, parent, LBA (hex), name;
    // by level, then parent, then name.
    [Test]
    public void ThePathTableListsDirectoriesBreadthFirstInNameOrder()
    {
        IsoDirectory root = IsoDirectory.Root();
        root.Directory("zeta").Directory("inner").AddBytes("f", new byte[1]);
        root.Directory("alpha").Directory("deep").Directory("deeper");
        IsoImage image = IsoImage.Plan(root, new IsoOptions());
        string table = IsoInfo("-p", "-i", WriteIso(root, new IsoOptions()));
        string[] rows = table.Split('\n').Where(l => Regex.IsMatch(l, @"^\s+\d+:")).Select(l => Regex.Replace(l.Trim(), @"\s+", " ")).ToArray();
        Assert.That(rows.Select(r => string.Join(' ', r.Split(' ').Where((_, i) => i != 2))),
            Is.EqualTo(new[] { "1: 1", "2: 1 ALPHA", "3: 1 ZETA", "4: 2 DEEP", "5: 3 INNER", "6: 4 DEEPER" }));
        Assert.That(rows[0].Split(' ')[2], Is.EqualTo(image.RootDirectory.Lba.ToString("x")), "the root's LBA in hex");
        Assert.That(IsoInfo("-f", "-R", "-i", WriteIso(root, new IsoOptions(), name: "y.iso")), Does.Contain("/zeta/inner/f\n"));
    }

    [Test]
    public void TheSameTreeGivesTheSameBytesAndTheGivenDate()
    {
        var options = new IsoOptions { Timestamp = new DateTime(2021, 3, 15, 10, 20, 30, DateTimeKind.Utc) };
        string first = WriteIso(BootTree(), options, name: "a.iso");
        string second = WriteIso(BootTree(), options, name: "b.iso");
        Assert.That(File.ReadAllBytes(first), Is.EqualTo(File.ReadAllBytes(second)));
        Assert.That(Line(IsoInfo("-l", "-R", "-i", first), "kernel.elf"), Does.Contain("Mar 15 2021"));
    }

    [Test]
    public void AHostFolderIsTheSameImageAsTheSameTreeInMemory()
    {
        string folder = Path.Combine(Directory, "tree");
        System.IO.Directory.CreateDirectory(Path.Combine(folder, "boot"));
        System.IO.Directory.CreateDirectory(Path.Combine(folder, "EFI", "BOOT"));
        IsoDirectory memory = BootTree();
        foreach (var (path, _) in IsoImage.Plan(memory, new IsoOptions()).FileExtents())
            File.WriteAllBytes(folder + path, memory.FindFile(path)!.ReadAll());
        Assert.That(File.ReadAllBytes(WriteIso(IsoDirectory.FromHost(folder), new IsoOptions(), name: "host.iso")),
            Is.EqualTo(File.ReadAllBytes(WriteIso(BootTree(), new IsoOptions(), name: "memory.iso"))));
    }

    [Test]
    public void AnEmptyFileAndAnEmptyDirectoryAreListed()
    {
        IsoDirectory root = IsoDirectory.Root();
        root.AddBytes("empty", Array.Empty<byte>());
        root.Directory("nothing");
        string iso = WriteIso(root, new IsoOptions());
        string listing = IsoInfo("-l", "-R", "-i", iso);
        Assert.That(Line(listing, "empty"), Does.Contain(" 0 Jan  1 2000"));
        Assert.That(listing, Does.Contain("Directory listing of /nothing/"));
        Assert.That(Extract(iso, "/EMPTY.;1"), Is.Empty);
    }

    [Test]
    public void ABadVolumeIdentifierIsRefused() =>
        Assert.Throws<IsoFormatException>(() => IsoImage.Plan(BootTree(), new IsoOptions { VolumeId = "minix-3" }));

    private static string Line(string listing, string name) =>
        listing.Split('\n').FirstOrDefault(l => l.EndsWith("  " + name + " ", StringComparison.Ordinal))
            ?? throw new AssertionException($"no line for {name} in:\n{listing}");
}
