using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Build;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// GRUB into a FAT32 image's reserved sectors, on synthetic sectors: a boot
// record shaped as mkfs.fat writes it, a boot.img and a core.img with the
// fields GRUB's own have. (The boot test boots the real thing.)
public class FatBootInstallerTests
{
    private const int Sector = FatBootInstaller.SectorSize;

    // A FAT32 boot record: 2048 reserved sectors, FSInfo at 1, backup at 6;
    // every other BPB byte a pattern that must survive.
    private static byte[] Fat32Disk(int reserved = 2048, string type = "FAT32   ", int sectors = 4096)
    {
        var disk = new byte[sectors * Sector];
        for (int i = 3; i < 0x5a; i++)
            disk[i] = (byte)(0x40 + i);
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x0b), Sector);
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x0e), (ushort)reserved);
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x16), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x30), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x32), 6);
        Encoding.ASCII.GetBytes(type).CopyTo(disk, 0x52);
        disk[0x1fe] = 0x55;
        disk[0x1ff] = 0xAA;
        // The first FAT, after the reserved sectors: must stay as it is.
        disk.AsSpan(reserved * Sector, Sector).Fill(0xFA);
        return disk;
    }

    private static byte[] BootImage()
    {
        var boot = Enumerable.Repeat((byte)0xB0, Sector).ToArray();
        boot[0] = 0xEB;
        boot[1] = 0x63;
        boot[2] = 0x90;
        boot[0x1fe] = 0x55;
        boot[0x1ff] = 0xAA;
        return boot;
    }

    // Three sectors and a bit: diskboot's block list says 3 more follow.
    private static byte[] CoreImage()
    {
        var core = Enumerable.Range(0, 3 * Sector + 100).Select(i => (byte)(i * 7)).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(core.AsSpan(0x1f4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(0x1fc), 3);
        return core;
    }

    private static byte[] Install(byte[] disk, byte[]? boot = null, byte[]? core = null)
    {
        using var stream = new MemoryStream();
        stream.Write(disk);
        FatBootInstaller.Install(stream, boot ?? BootImage(), core ?? CoreImage(), "disk.img");
        return stream.ToArray();
    }

    [Test]
    public void TheBootSectorGetsGrubsCodeAroundTheFileSystemsBpb()
    {
        byte[] before = Fat32Disk();
        byte[] after = Install(before);
        byte[] boot = BootImage();
        Assert.That(after.AsSpan(0, 3).ToArray(), Is.EqualTo(boot.AsSpan(0, 3).ToArray()), "GRUB's jump over the BPB");
        Assert.That(after.AsSpan(3, 0x5a - 3).ToArray(), Is.EqualTo(before.AsSpan(3, 0x5a - 3).ToArray()), "the BPB, unchanged");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(after.AsSpan(0x5c)), Is.EqualTo((ulong)FatBootInstaller.CoreSector), "where boot.img loads core.img from");
        Assert.That(after.AsSpan(0x64, 0x1fe - 0x64).ToArray(), Is.EqualTo(boot.AsSpan(0x64, 0x1fe - 0x64).ToArray()));
        Assert.That(after[0x1fe] == 0x55 && after[0x1ff] == 0xAA);
        Assert.That(after.AsSpan(6 * Sector, Sector).ToArray(), Is.EqualTo(after.AsSpan(0, Sector).ToArray()), "the backup boot sector stays a copy");
    }

    [Test]
    public void CoreImageLandsInTheReservedSectorsWithItsBlockListPointingPastItsFirstSector()
    {
        byte[] after = Install(Fat32Disk());
        byte[] core = CoreImage();
        int at = FatBootInstaller.CoreSector * Sector;
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(after.AsSpan(at + 0x1f4)), Is.EqualTo((ulong)FatBootInstaller.CoreSector + 1));
        Assert.That(after.AsSpan(at + 0x1fc, 4).ToArray(), Is.EqualTo(core.AsSpan(0x1fc, 4).ToArray()), "length and segment as grub-mkimage wrote them");
        Assert.That(after.AsSpan(at + Sector, core.Length - Sector).ToArray(), Is.EqualTo(core.AsSpan(Sector).ToArray()));
        Assert.That(after.AsSpan(at + core.Length, 4 * Sector - core.Length).ToArray(), Is.All.EqualTo(0), "the last sector padded with zeros");
        Assert.That(after.AsSpan(2048 * Sector, Sector).ToArray(), Is.All.EqualTo(0xFA), "the FAT untouched");
    }

    [Test]
    public void AFileSystemThatIsNotFat32IsRefused()
    {
        byte[] fat16 = Fat32Disk(type: "FAT16   ");
        var refusal = Assert.Throws<BuildToolException>(() => Install(fat16));
        Assert.That(refusal!.Message, Does.Contain("not a FAT32 file system"));
        Assert.That(refusal.File, Is.EqualTo("disk.img"));
        Assert.Throws<BuildToolException>(() => Install(new byte[100]));
    }

    [Test]
    public void TooFewReservedSectorsForCoreImageAreRefusedWithTheMkfsOptionThatFixesIt()
    {
        var refusal = Assert.Throws<BuildToolException>(() => Install(Fat32Disk(reserved: 18, sectors: 64)));
        Assert.That(refusal!.Message, Does.Contain("reserves only 18").And.Contain("mkfs.fat -R 20"));
    }

    [Test]
    public void ABackupBootRecordWhereCoreImageGoesIsRefused()
    {
        byte[] disk = Fat32Disk();
        BinaryPrimitives.WriteUInt16LittleEndian(disk.AsSpan(0x32), 16);
        var refusal = Assert.Throws<BuildToolException>(() => Install(disk));
        Assert.That(refusal!.Message, Does.Contain("boot record copy at sector 16"));
    }

    [Test]
    public void ImagesThatAreNotGrubsAreRefused()
    {
        var longBoot = Assert.Throws<BuildToolException>(() => Install(Fat32Disk(), boot: new byte[1024]));
        Assert.That(longBoot!.Message, Does.Contain("boot.img"));
        byte[] core = CoreImage();
        BinaryPrimitives.WriteUInt16LittleEndian(core.AsSpan(0x1fc), 9);
        var badCore = Assert.Throws<BuildToolException>(() => Install(Fat32Disk(), core: core));
        Assert.That(badCore!.Message, Does.Contain("core.img"));
    }
}
