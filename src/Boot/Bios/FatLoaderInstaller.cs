using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Makes a partitionless FAT32 volume (the USB image) boot with this loader: stage 1 around
/// the volume's BPB in sector 0 (and in the backup boot sector), stage 2 in the reserved
/// sectors from <see cref="BiosLoader.FatStage2Sector"/> on, which FAT never allocates.
/// FAT32 fields read: 0x0b u16 bytes per sector, 0x0e u16 reserved sectors, 0x16 u16 (0 on
/// FAT32), 0x30 u16 FSInfo sector, 0x32 u16 backup boot sector, "FAT32   " at 0x52.
/// </summary>
public static class FatLoaderInstaller
{
    private const int SectorSize = 512;

    public static void Install(Stream volume, LoaderFiles files)
    {
        var sector = new byte[SectorSize];
        volume.Position = 0;
        volume.ReadExactly(sector);
        int stage2Sectors = files.Stage2Sectors512;
        Check(sector, stage2Sectors);

        Array.Copy(files.Fat32BootSector, 0, sector, 0, 3);
        Array.Copy(files.Fat32BootSector, BiosLoader.FatCodeOffset, sector, BiosLoader.FatCodeOffset, SectorSize - BiosLoader.FatCodeOffset);
        BiosLoader.PatchStage1(sector, BiosLoader.FatStage2Sector, stage2Sectors);
        Write(volume, 0, sector);
        // The backup stays a copy of the boot sector, or fsck.fat reports the difference.
        ushort backup = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x32));
        if (backup != 0 && backup != 0xFFFF)
            Write(volume, backup, sector);
        Write(volume, BiosLoader.FatStage2Sector, files.Stage2);
    }

    private static void Check(byte[] sector, int stage2Sectors)
    {
        bool fat32 = sector[510] == 0x55 && sector[511] == 0xAA
            && BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x0b)) == SectorSize
            && BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x16)) == 0
            && Encoding.ASCII.GetString(sector, 0x52, 8) == "FAT32   ";
        if (!fat32)
            throw new InvalidDataException($"not a FAT32 file system with {SectorSize}-byte sectors at sector 0");
        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x0e));
        int end = BiosLoader.FatStage2Sector + stage2Sectors;
        if (end > reserved)
            throw new InvalidDataException($"stage 2 needs sectors {BiosLoader.FatStage2Sector}-{end - 1}, but the file system reserves only {reserved}");
        foreach (int offset in new[] { 0x30, 0x32 })
        {
            ushort used = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(offset));
            // The backup boot record is three sectors (boot, FSInfo, spare).
            if (used != 0 && used != 0xFFFF && used + (offset == 0x32 ? 3 : 1) > BiosLoader.FatStage2Sector)
                throw new InvalidDataException($"the file system keeps a boot record copy at sector {used}, where stage 2 goes (sector {BiosLoader.FatStage2Sector} on)");
        }
    }

    private static void Write(Stream volume, long lba, byte[] data)
    {
        volume.Position = lba * SectorSize;
        volume.Write(data, 0, data.Length);
    }
}
