using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// The El Torito boot record and catalog as xorriso and isoinfo report them.
public class ElToritoTests : IsoTestImages
{
    // xorriso's "El Torito boot img :   N  Pltf  B  Emul  Ld_seg  Hdpt  Ldsiz  LBA" rows.
    private static string[][] BootImages(string iso) =>
        Xorriso(iso, "-report_el_torito", "plain").Split('\n')
            .Where(l => l.StartsWith("El Torito boot img :", StringComparison.Ordinal))
            .Select(l => l["El Torito boot img :".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();

    [Test]
    public void TheBiosAndUefiEntriesHaveTheirFilesLbasAndSizes()
    {
        string esp = EspImage(1440);
        var options = new IsoOptions { BiosBootFile = "boot/cdboot.bin", EfiImage = IsoFile.FromHostFile("esp.img", esp) };
        IsoImage image = IsoImage.Plan(BootTree(), options);
        string iso = WriteIso(BootTree(), options);

        string[][] entries = BootImages(iso);
        Assert.That(entries, Has.Length.EqualTo(2));
        Assert.That(entries[0], Is.EqualTo(new[] { "1", "BIOS", "y", "none", "0x07c0", "0x00", "8", image.Extent("/boot/cdboot.bin").Lba.ToString() }),
            "4,000 bytes: 8 sectors of 512");
        Assert.That(image.EfiImage!.Value.Length, Is.EqualTo(1440 * 1024));
        Assert.That(entries[1], Is.EqualTo(new[] { "2", "UEFI", "y", "none", "0x0000", "0x00", "2880", image.EfiImage.Value.Lba.ToString() }));
        Assert.That(image.BiosBootFile, Is.EqualTo(image.Extent("boot/cdboot.bin")));

        string info = IsoInfo("-d", "-i", iso);
        Assert.That(info, Does.Contain($"El Torito VD version 1 found, boot catalog is in sector {image.BootCatalogLba}\n"));
        Assert.That(info, Does.Contain("Load segment 7C0\n"));
        Assert.That(info, Does.Contain($"Bootoff {image.BiosBootFile!.Value.Lba:X} {image.BiosBootFile.Value.Lba}\n"));

        byte[] all = File.ReadAllBytes(iso);
        Assert.That(all.AsSpan((int)image.EfiImage.Value.Lba * 2048, 1440 * 1024).SequenceEqual(File.ReadAllBytes(esp)), Is.True, "the ESP's bytes at its LBA");
        Assert.That(IsoInfo("-l", "-R", "-i", iso), Does.Not.Contain("esp"), "the ESP has no directory record");
    }

    [Test]
    public void TheBiosLoadSizeIsTheGivenOne()
    {
        var options = new IsoOptions { BiosBootFile = "/boot/cdboot.bin", BiosLoadSectors = 4 };
        string[][] entries = BootImages(WriteIso(BootTree(), options));
        Assert.That(entries.Single()[1..7], Is.EqualTo(new[] { "BIOS", "y", "none", "0x07c0", "0x00", "4" }));
    }

    [Test]
    public void WithoutBootOptionsThereIsNoBootRecord()
    {
        string iso = WriteIso(BootTree(), new IsoOptions());
        Assert.That(BootImages(iso), Is.Empty);
        Assert.That(File.ReadAllBytes(iso)[17 * 2048], Is.EqualTo(255), "sector 17 is the set terminator");
    }

    [Test]
    public void AnEspAloneIsTheDefaultEntryForUefi()
    {
        string esp = EspImage(2048);
        var options = new IsoOptions { EfiImage = IsoFile.FromHostFile("esp.img", esp) };
        IsoImage image = IsoImage.Plan(BootTree(), options);
        string[][] entries = BootImages(WriteIso(BootTree(), options));
        Assert.That(entries.Single(), Is.EqualTo(new[] { "1", "UEFI", "y", "none", "0x0000", "0x00", "4096", image.EfiImage!.Value.Lba.ToString() }));
    }

    [Test]
    public void AnEspTooLargeForTheSectorCountSaysZero()
    {
        Assert.That(ElTorito.EspSectorCount(new IsoExtent(30, 65535 * 512)), Is.EqualTo(65535));
        Assert.That(ElTorito.EspSectorCount(new IsoExtent(30, 65536 * 512)), Is.EqualTo(0));
    }

    // mkisofs's layout at offset 8: PVD LBA, file LBA, length, and the sum of
    // the words from offset 64; the rest of the file is unchanged.
    [Test]
    public void TheBootInfoTableIsPatchedIntoTheIsosCopyOnly()
    {
        IsoDirectory tree = BootTree();
        byte[] original = (byte[])tree.FindFile("boot/cdboot.bin")!.ReadAll().Clone();
        var options = new IsoOptions { BiosBootFile = "boot/cdboot.bin", BootInfoTable = true };
        IsoImage image = IsoImage.Plan(tree, options);
        string iso = WriteIso(tree, options);
        uint lba = image.BiosBootFile!.Value.Lba;
        byte[] copy = File.ReadAllBytes(iso).AsSpan((int)lba * 2048, original.Length).ToArray();

        uint sum = 0;
        for (int i = 64; i < original.Length; i += 4)
            sum += BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(i));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(8)), Is.EqualTo(16));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(12)), Is.EqualTo(lba));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(16)), Is.EqualTo(4000));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(20)), Is.EqualTo(sum));
        Assert.That(copy.AsSpan(24, 40).ToArray(), Is.All.EqualTo(0));
        Assert.That(copy.AsSpan(0, 8).SequenceEqual(original.AsSpan(0, 8)) && copy.AsSpan(64).SequenceEqual(original.AsSpan(64)), Is.True);
        Assert.That(tree.FindFile("boot/cdboot.bin")!.ReadAll(), Is.EqualTo(original), "the tree's bytes stay as they were");
        Assert.That(Xorriso(iso, "-report_el_torito", "plain"), Does.Match(@"El Torito img opts :\s+1\s+boot-info-table"), "xorriso checks the table and recognises it");
    }

    [Test]
    public void TheBootInfoTableSumCoversAPartialLastWord()
    {
        byte[] file = Enumerable.Range(0, 70).Select(i => (byte)i).ToArray();
        ElTorito.PatchBootInfoTable(file, 99);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(new byte[] { 64, 65, 66, 67 }) + BinaryPrimitives.ReadUInt32LittleEndian(new byte[] { 68, 69, 0, 0 });
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)), Is.EqualTo(expected));
    }

    [TestCase("boot/missing.bin", null, false, "not in the ISO's tree")]
    [TestCase("boot/cdboot.bin", 0, false, "1 to 65535 sectors")]
    [TestCase("boot/cdboot.bin", 65536, false, "1 to 65535 sectors")]
    [TestCase("boot/tiny.bin", null, true, "at least 64 bytes")]
    [TestCase("boot/none.bin", null, false, "empty")]
    public void ABootFileTheBiosCannotUseIsRefused(string path, int? sectors, bool table, string why)
    {
        IsoDirectory tree = BootTree();
        tree.Directory("boot").AddBytes("tiny.bin", new byte[63]);
        tree.Directory("boot").AddBytes("none.bin", Array.Empty<byte>());
        var e = Assert.Throws<IsoFormatException>(() => IsoImage.Plan(tree, new IsoOptions { BiosBootFile = path, BiosLoadSectors = sectors, BootInfoTable = table }))!;
        Assert.That(e.Message, Does.Contain(why));
    }
}
