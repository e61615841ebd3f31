using System;
using System.Buffers.Binary;
using System.IO;
using Minix3.Cosmos.Boot.Bios;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Boot.Bios;

// The loader's files and installers on the host: the layout contracts image writers rely
// on. Booting them is test/Boot's BiosLoaderTests.
public class BiosLoaderTests
{
    private static readonly LoaderFiles Files = BiosLoader.Build();

    [Test]
    public void StageOneFitsBeforeThePatchedFieldsAndEndsWithTheBootSignature()
    {
        foreach (byte[] sector in new[] { Files.Mbr, Files.Fat32BootSector })
        {
            Assert.That(sector, Has.Length.EqualTo(512));
            Assert.That(sector[510], Is.EqualTo(0x55));
            Assert.That(sector[511], Is.EqualTo(0xAA));
            Assert.That(sector.AsSpan(BiosLoader.Stage2LbaOffset, 10).ToArray(), Is.All.Zero, "the fields the writer patches");
        }
        Assert.That(Files.Mbr.AsSpan(BiosLoader.Stage2LbaOffset, 512 - 2 - BiosLoader.Stage2LbaOffset).ToArray(), Is.All.Zero,
            "the MBR's disk signature and partition table are the writer's");
        Assert.That(Files.Fat32BootSector[..3], Is.EqualTo(new byte[] { 0xEB, BiosLoader.FatCodeOffset - 2, 0x90 }));
        Assert.That(Files.Fat32BootSector.AsSpan(3, BiosLoader.FatCodeOffset - 3).ToArray(), Is.All.Zero, "room for the BPB");
    }

    [Test]
    public void StageTwoStartsWithItsEntryJumpAndRoomForTheBootInfoTable()
    {
        Assert.That(Files.Stage2.Length % 2048, Is.Zero, "whole CD sectors");
        Assert.That(Files.Stage2.Length, Is.LessThanOrEqualTo(0x7000));
        Assert.That(Files.Stage2[0], Is.EqualTo(0xEB));
        Assert.That(Files.Stage2[1], Is.EqualTo(0x3E), "jmp short 0x40");
        Assert.That(Files.Stage2.AsSpan(8, 56).ToArray(), Is.All.Zero, "the El Torito boot info table");
        Assert.That(Files.Stage2Sectors512, Is.EqualTo(Files.Stage2.Length / 512));
        Assert.That(System.Text.Encoding.ASCII.GetString(Files.Stage2), Does.Contain(BiosLoader.LoaderName + "\0"));
    }

    [Test]
    public void TheBuildIsDeterministic()
    {
        LoaderFiles again = BiosLoader.Build();
        Assert.That(again.Stage2, Is.EqualTo(Files.Stage2));
        Assert.That(again.Mbr, Is.EqualTo(Files.Mbr));
    }

    [Test]
    public void PatchStage1WritesTheLbaAndTheSectorCount()
    {
        byte[] sector = (byte[])Files.Mbr.Clone();
        BiosLoader.PatchStage1(sector, 0x1_2345_6789, 13);
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(sector.AsSpan(0x1A8)), Is.EqualTo(0x1_2345_6789UL));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x1B0)), Is.EqualTo(13));
        Assert.Throws<ArgumentOutOfRangeException>(() => BiosLoader.PatchStage1(sector, 1, 0));
    }

    [Test]
    public void TheFatInstallerKeepsTheVolumeValidAndPointsStageOneAtStageTwo()
    {
        string image = Path.Combine(Path.GetTempPath(), $"minix3-bios-unit-{Guid.NewGuid():N}.img");
        try
        {
            HostTool.MustRun("mkfs.fat", "dosfstools", "-F", "32", "-R", "2048", "-C", image, "40960");
            byte[] before = new byte[512];
            using (var stream = File.OpenRead(image))
                stream.ReadExactly(before);
            using (var stream = new FileStream(image, FileMode.Open, FileAccess.ReadWrite))
                FatLoaderInstaller.Install(stream, Files);
            byte[] disk = File.ReadAllBytes(image);
            Assert.That(disk.AsSpan(3, BiosLoader.FatCodeOffset - 3).ToArray(), Is.EqualTo(before.AsSpan(3, BiosLoader.FatCodeOffset - 3).ToArray()), "the BPB");
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(disk.AsSpan(BiosLoader.Stage2LbaOffset)), Is.EqualTo((ulong)BiosLoader.FatStage2Sector));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(disk.AsSpan(BiosLoader.Stage2SectorsOffset)), Is.EqualTo(Files.Stage2Sectors512));
            Assert.That(disk.AsSpan(BiosLoader.FatStage2Sector * 512, Files.Stage2.Length).ToArray(), Is.EqualTo(Files.Stage2));
            Assert.That(disk.AsSpan(6 * 512, 512).ToArray(), Is.EqualTo(disk.AsSpan(0, 512).ToArray()), "the backup boot sector");
            HostTool.MustRun("fsck.fat", "dosfstools", "-n", image);
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Test]
    public void TheFatInstallerRefusesAVolumeWithTooFewReservedSectors()
    {
        string image = Path.Combine(Path.GetTempPath(), $"minix3-bios-unit-{Guid.NewGuid():N}.img");
        try
        {
            HostTool.MustRun("mkfs.fat", "dosfstools", "-F", "32", "-R", "20", "-C", image, "40960");
            using var stream = new FileStream(image, FileMode.Open, FileAccess.ReadWrite);
            var error = Assert.Throws<InvalidDataException>(() => FatLoaderInstaller.Install(stream, Files));
            Assert.That(error!.Message, Does.Contain("reserves only 20"));
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Test]
    public void TheHybridMbrFindsTheElToritoBootImage()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-bios-unit-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, "tree", "boot"));
            File.WriteAllBytes(Path.Combine(directory, "tree", "boot", "stage2.bin"), Files.Stage2);
            File.WriteAllText(Path.Combine(directory, "tree", "boot", "modules.txt"), "vm vm\n");
            string iso = Path.Combine(directory, "cd.iso");
            HostTool.MustRun("xorriso", "xorriso", "-as", "mkisofs", "-quiet", "-R", "-b", "boot/stage2.bin", "-no-emul-boot",
                "-boot-load-size", "4", "-boot-info-table", "-c", "boot/boot.cat", "-o", iso, Path.Combine(directory, "tree"));
            using (var stream = new FileStream(iso, FileMode.Open, FileAccess.ReadWrite))
                HybridMbr.Install(stream, Files);
            byte[] bytes = File.ReadAllBytes(iso);
            ulong lba = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(BiosLoader.Stage2LbaOffset));
            Assert.That(lba % 4, Is.Zero, "an ISO sector in 512-byte sectors");
            // -boot-info-table wrote the boot image's own LBA at its offset 12: it agrees.
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)lba * 512 + 12)), Is.EqualTo(lba / 4));
            Assert.That(bytes.AsSpan(0, 0x1A8).ToArray(), Is.EqualTo(Files.Mbr.AsSpan(0, 0x1A8).ToArray()));
            Assert.That(bytes[510], Is.EqualTo(0x55));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
