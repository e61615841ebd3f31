using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Minix3.Cosmos.Build;
using Minix3.Cosmos.Images.Fat;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Images.Fat;

// The image as a whole: the BPB mkfs.fat would choose, reproducible bytes,
// "<image>.partial" then rename, sparse and fast, a boot loader's bytes in
// the boot sector and reserved sectors, and a tree too large for the size.
[TestFixture]
public sealed class FatWriterImageTests : FatWriterTestBase
{
    private static FatDirectory SmallTree()
    {
        var root = new FatDirectory("");
        FatDirectory boot = root.AddDirectory("boot");
        FatTrees.File(boot, "kernel.elf", 70_000, 1);
        FatTrees.File(boot, "modules.txt", 40, 2);
        FatTrees.File(root.AddDirectory("etc"), "inet.conf", 254, 3);
        return root;
    }

    // 64 MiB FAT32 with 32 or 2,048 reserved sectors: the numbers mkfs.fat
    // gave the root disk and the USB image.
    [TestCase(32)]
    [TestCase(2048)]
    public void TheLayoutIsTheOneMkfsFatChose(int reserved)
    {
        string mkfs = ImagePath("mkfs.img");
        HostTool.MustRun("mkfs.fat", "dosfstools", "-C", "-F", "32", "-S", "512", "-R", reserved.ToString(), mkfs, (64 * 2048 / 1008 * 1008 / 2).ToString());
        byte[] theirs = File.ReadAllBytes(mkfs).AsSpan(0, 512).ToArray();
        FatVolumeLayout ours = FatImageWriter.WriteFile(ImagePath(), SmallTree(), new FatVolumeOptions { SizeBytes = 64 << 20, ReservedSectors = reserved });
        Assert.That(ours.SectorsPerCluster, Is.EqualTo(theirs[0x0D]));
        Assert.That(ours.ReservedSectors, Is.EqualTo(BinaryPrimitives.ReadUInt16LittleEndian(theirs.AsSpan(0x0E))));
        Assert.That(ours.FatSectors, Is.EqualTo(BinaryPrimitives.ReadUInt32LittleEndian(theirs.AsSpan(0x24))));
        Assert.That(ours.TotalSectors, Is.EqualTo(BinaryPrimitives.ReadUInt32LittleEndian(theirs.AsSpan(0x20))));
        Assert.That(new FileInfo(ImagePath()).Length, Is.EqualTo(new FileInfo(mkfs).Length));
        FatImageChecks.AssertClean(ImagePath());
    }

    [Test]
    public void TheSameTreeGivesTheSameBytes()
    {
        string a = ImagePath("a.img"), b = ImagePath("b.img");
        FatImageWriter.WriteFile(a, SmallTree(), Options(FatType.Fat32));
        FatImageWriter.WriteFile(b, SmallTree(), Options(FatType.Fat32));
        byte[] inMemory = FatImageWriter.WriteBytes(SmallTree(), Options(FatType.Fat32), out _);
        Assert.That(SHA256.HashData(File.ReadAllBytes(a)), Is.EqualTo(SHA256.HashData(File.ReadAllBytes(b))));
        Assert.That(SHA256.HashData(inMemory), Is.EqualTo(SHA256.HashData(File.ReadAllBytes(a))));
        FatVolumeOptions later = Options(FatType.Fat32);
        later.Timestamp = new DateTime(2030, 6, 1, 12, 0, 0);
        FatImageWriter.WriteFile(b, SmallTree(), later);
        Assert.That(File.ReadAllBytes(b).AsSpan().SequenceEqual(File.ReadAllBytes(a)), Is.False, "the timestamp is in the image");
        Assert.That(HostTool.MustRun("mdir", "mtools", "-i", b, "::/boot"), Does.Contain("2030-06-01  12:00"));
    }

    // The real root disk's shape (about 100 files, 64 MiB): sparse, only
    // the data written. (How long it takes is the bench's business: image
    // build time, bench/README.md.)
    [Test]
    public void A64MiBImageOfAHundredFilesIsSparse()
    {
        string tree = Path.Combine(Dir, "tree");
        for (int i = 0; i < 100; i++)
        {
            Directory.CreateDirectory(Path.Combine(tree, "d" + i % 10));
            File.WriteAllBytes(Path.Combine(tree, "d" + i % 10, $"program-{i}"), TestBytes.Random(100_000 + i, (uint)i + 1));
        }
        FatImageWriter.WriteFile(ImagePath(), FatDirectory.FromHost(tree), Options(FatType.Fat32));
        long blocks = long.Parse(HostTool.MustRun("stat", "coreutils", "-c", "%b", ImagePath()).Trim());
        Assert.That(blocks * 512, Is.LessThan(20L << 20), "only about 10 MiB of 64 is written");
        FatImageChecks.AssertClean(ImagePath());
    }

    [Test]
    public void ATreeTooLargeIsRefusedAndNothingIsWritten()
    {
        var root = new FatDirectory("");
        root.AddFile("big.bin", new byte[5 << 20]);
        string image = ImagePath();
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteFile(image, root, Options(FatType.Fat16, 4)));
        Assert.That(e!.Message, Does.Contain("the tree needs").And.Contain("make it larger"));
        Assert.That(e.Subject, Is.EqualTo(image));
        Assert.That(Directory.GetFiles(Dir), Is.Empty);
    }

    // A host file that vanishes between listing and writing: the old image
    // stays and no .partial is left.
    [Test]
    public void AFailedWriteKeepsThePreviousImage()
    {
        string tree = Path.Combine(Dir, "tree");
        Directory.CreateDirectory(tree);
        File.WriteAllBytes(Path.Combine(tree, "a"), new byte[5000]);
        string image = ImagePath();
        FatImageWriter.WriteFile(image, FatDirectory.FromHost(tree), Options(FatType.Fat32));
        byte[] before = File.ReadAllBytes(image);
        FatDirectory listed = FatDirectory.FromHost(tree);
        File.Delete(Path.Combine(tree, "a"));
        Assert.That(() => FatImageWriter.WriteFile(image, listed, Options(FatType.Fat32)), Throws.InstanceOf<IOException>());
        Assert.That(File.ReadAllBytes(image).AsSpan().SequenceEqual(before), "the previous image is intact");
        Assert.That(File.Exists(image + ".partial"), Is.False);
    }

    [Test]
    public void AFat32TooSmallOrAFat12TooLargeIsRefused()
    {
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(SmallTree(), Options(FatType.Fat32, 16), out _));
        Assert.That(e!.Message, Does.Contain("too small for FAT32"));
        e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(SmallTree(), Options(FatType.Fat12, 200), out _));
        Assert.That(e!.Message, Does.Contain("do not fit FAT12"));
    }

    private static byte[] LoaderSector(int codeStart)
    {
        var sector = Enumerable.Repeat((byte)0xC3, 512).ToArray();
        sector[0] = 0xEB;
        sector[1] = (byte)(codeStart + 4 - 2);
        sector[2] = 0x90;
        return sector;
    }

    // The loader's jump and code around our BPB, its sectors in the reserved
    // area; the FAT32 backup boot sector stays a copy (fsck compares them).
    [TestCase(FatType.Fat32, 64)]
    [TestCase(FatType.Fat16, 8)]
    [TestCase(FatType.Fat12, 2)]
    public void ABootLoadersBytesGoAroundTheBpb(FatType type, int mib)
    {
        int codeStart = FatBootCode.CodeStart(type);
        var code = new FatBootCode { BootSector = LoaderSector(codeStart) };
        byte[] stage2 = TestBytes.Random(3 * 512 + 10, 9);
        code.ReservedSectors.Add((16, stage2));
        FatVolumeOptions options = Options(type, mib);
        options.ReservedSectors = 64;
        options.BootCode = code;
        string image = ImagePath();
        FatImageWriter.WriteFile(image, SmallTree(), options);
        byte[] bytes = File.ReadAllBytes(image);
        Assert.That(bytes.AsSpan(0, 3).ToArray(), Is.EqualTo(new byte[] { 0xEB, (byte)(codeStart + 2), 0x90 }));
        Assert.That(bytes.AsSpan(codeStart, 510 - codeStart).ToArray(), Is.All.EqualTo(0xC3));
        Assert.That(bytes[510..512], Is.EqualTo(new byte[] { 0x55, 0xAA }));
        Assert.That(bytes.AsSpan(16 * 512, stage2.Length).ToArray(), Is.EqualTo(stage2));
        if (type == FatType.Fat32)
            Assert.That(bytes.AsSpan(6 * 512, 512).ToArray(), Is.EqualTo(bytes.AsSpan(0, 512).ToArray()));
        FatImageChecks.AssertClean(image);
        FatImageChecks.AssertHolds(image, SmallTree());
    }

    [Test]
    public void BootCodeThatWouldHitTheBpbOrFsInfoIsRefused()
    {
        FatVolumeOptions options = Options(FatType.Fat32);
        options.BootCode = new FatBootCode { BootSector = LoaderSector(0x3E) };   // a FAT16 loader
        var e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(SmallTree(), options, out _));
        Assert.That(e!.Message, Does.Contain("jump to its code area"));
        options.BootCode = new FatBootCode();
        options.BootCode.ReservedSectors.Add((5, new byte[1024]));
        e = Assert.Throws<FatImageException>(() => FatImageWriter.WriteBytes(SmallTree(), options, out _));
        Assert.That(e!.Message, Does.Contain("backup boot record"));
    }

    // The USB image's path today: GRUB installed by FatBootInstaller into
    // our image's 2,048 reserved sectors, as it did into mkfs.fat's.
    [Test]
    public void FatBootInstallerTakesTheImage()
    {
        string image = ImagePath();
        FatVolumeOptions options = Options(FatType.Fat32);
        options.ReservedSectors = 2048;
        FatImageWriter.WriteFile(image, SmallTree(), options);
        var boot = LoaderSector(0x5A);
        boot[1] = 0x63;
        boot[510] = 0x55;
        boot[511] = 0xAA;
        byte[] core = new byte[3 * 512 + 100];
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(0x1fc), 3);
        using (var disk = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
            FatBootInstaller.Install(disk, boot, core, image);
        FatImageChecks.AssertClean(image);
        FatImageChecks.AssertHolds(image, SmallTree());
    }
}
