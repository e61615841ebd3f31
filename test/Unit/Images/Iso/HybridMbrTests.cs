using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Images.Iso;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Iso;

// The ISO as a disk: the MBR's code and partitions as sfdisk and xorriso read them.
public class HybridMbrTests : IsoTestImages
{
    private static readonly byte[] Code = TestBytes.Random(HybridMbr.MaxCodeLength, 77);

    private (IsoImage Image, string Iso) Hybrid(bool withEsp = true)
    {
        var options = new IsoOptions
        {
            BiosBootFile = "boot/cdboot.bin",
            Hybrid = true,
            DiskSignature = 0x12345678,
            EfiImage = withEsp ? IsoFile.FromHostFile("esp.img", EspImage(1440)) : null,
        };
        return (IsoImage.Plan(BootTree(), options), WriteIso(BootTree(), options, Code));
    }

    [Test]
    public void SfdiskSeesTheWholeIsoActiveAndTheEspAsAnEfiPartition()
    {
        var (image, iso) = Hybrid();
        string dump = HostTool.MustRun("sfdisk", "fdisk", "-d", iso);
        Assert.That(dump, Does.Contain("label: dos\n"));
        Assert.That(dump, Does.Contain("label-id: 0x12345678\n"));
        Assert.That(dump, Does.Contain($"{iso}1 : start=           0, size= {image.SectorCount * 4,11}, type=0, bootable\n"));
        IsoExtent esp = image.EfiImage!.Value;
        Assert.That(dump, Does.Contain($"{iso}2 : start= {esp.Lba512,11}, size= {1440 * 2,11}, type=ef\n"));
        Assert.That(esp.Lba512, Is.EqualTo(esp.Lba * 4UL));
    }

    [Test]
    public void TheCodeComesFirstAndTheImageIsWholeCylinders()
    {
        var (image, iso) = Hybrid();
        byte[] all = File.ReadAllBytes(iso);
        Assert.That(all.AsSpan(0, Code.Length).SequenceEqual(Code), Is.True);
        Assert.That(all[510] == 0x55 && all[511] == 0xAA, Is.True);
        Assert.That(all.Length % (64 * 32 * 512), Is.EqualTo(0), "1 MiB cylinders");
        Assert.That(IsoInfo("-d", "-i", iso), Does.Contain($"Volume size is: {all.Length / 2048}\n"), "the padding is part of the volume");
        string area = Xorriso(iso, "-report_system_area", "plain");
        Assert.That(area, Does.Match(@"MBR heads per cyl\s+:\s+64\n"));
        Assert.That(area, Does.Match(@"MBR secs per head\s+:\s+32\n"));
        Assert.That(area, Does.Match($@"MBR partition\s+:\s+1\s+0x80\s+0x00\s+0\s+{all.Length / 512}\n"));
    }

    [Test]
    public void WithoutAnEspThereIsOnePartition()
    {
        var (_, iso) = Hybrid(withEsp: false);
        string dump = HostTool.MustRun("sfdisk", "fdisk", "-d", iso);
        Assert.That(dump, Does.Contain(iso + "1 :"));
        Assert.That(dump, Does.Not.Contain(iso + "2 :"));
    }

    // What the BIOS loader's MBR code is patched with: where its files are,
    // in the stick's 512-byte sectors.
    [Test]
    public void TheExtentsAreKnownBeforeTheImageIsWritten()
    {
        var (image, iso) = Hybrid();
        IsoExtent kernel = image.Extent("/boot/kernel.elf");
        byte[] all = File.ReadAllBytes(iso);
        Assert.That(all.AsSpan((int)kernel.Lba512 * 512, (int)kernel.Length).SequenceEqual(BootTree().FindFile("boot/kernel.elf")!.ReadAll()), Is.True);
        Assert.That(kernel.Sectors512, Is.EqualTo((200_000 + 511) / 512));
        Assert.Throws<IsoFormatException>(() => image.Extent("/boot/nothing"));
    }

    [Test]
    public void CodeTooLongOrForANonHybridIsoIsRefused()
    {
        IsoImage hybrid = IsoImage.Plan(BootTree(), new IsoOptions { Hybrid = true });
        var e = Assert.Throws<IsoFormatException>(() => hybrid.Write(Stream.Null, new byte[441]))!;
        Assert.That(e.Message, Does.Contain("at most 440"));
        IsoImage plain = IsoImage.Plan(BootTree(), new IsoOptions());
        Assert.Throws<IsoFormatException>(() => plain.Write(Stream.Null, new byte[10]));
    }

    [Test]
    public void TheChsFieldsFollowTheGeometry()
    {
        byte[] mbr = HybridMbr.Build(ReadOnlySpan<byte>.Empty, 0, 4096, new IsoExtent(26, 1440 * 1024));
        Assert.That(mbr.AsSpan(446, 4).ToArray(), Is.EqualTo(new byte[] { 0x80, 0, 1, 0 }), "active, C/H/S 0/0/1");
        Assert.That(mbr.AsSpan(451, 3).ToArray(), Is.EqualTo(new byte[] { 63, 32, 1 }), "sector 4095: cylinder 1, head 63, sector 32");
        Assert.That(mbr.AsSpan(462 + 1, 3).ToArray(), Is.EqualTo(new byte[] { 3, 9, 0 }), "sector 104: head 3, sector 9");
        byte[] big = HybridMbr.Build(ReadOnlySpan<byte>.Empty, 0, 3_000_000, null);
        Assert.That(big.AsSpan(451, 3).ToArray(), Is.EqualTo(new byte[] { 63, 32 | 0xC0, 0xFF }), "past cylinder 1023: the last one");
    }
}
