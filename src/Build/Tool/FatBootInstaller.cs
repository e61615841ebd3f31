using System;
using System.Buffers.Binary;
using System.IO;

namespace Minix3.Cosmos.Build;

// Makes a FAT32 file system image BIOS-bootable with GRUB, with no partition
// table: the file system starts at sector 0 (a "superfloppy", as syslinux
// installs on a stick), so the ATA driver and FS find the root file system
// at LBA 0 of the same disk GRUB booted from. Does what grub-bios-setup does
// for a file system without room to embed, without root or loop devices:
//   sector 0      GRUB's boot.img code around the file system's BPB
//   sector 16...  GRUB's core.img (diskboot.img + the compressed kernel), in
//                 the FAT's reserved sectors, which FAT never allocates
// Layout contracts (GRUB 2 include/grub/i386/pc/boot.h, boot/i386/pc/
// diskboot.S; FAT32: Microsoft's FAT specification):
//   boot.img  0x00..0x03 jump over the BPB; 0x03..0x5a the BPB (kept from
//             the file system); 0x5c u64 LBA of core.img's first sector
//   core.img  first sector's last 12 bytes: the block list of the rest,
//             0x1f4 u64 start LBA, 0x1fc u16 sectors, 0x1fe u16 segment;
//             grub-mkimage fills the length and assumes start 2
//   FAT32 BPB 0x0b u16 bytes per sector, 0x0e u16 reserved sectors, 0x16 u16
//             FAT16 FAT size (0 on FAT32), 0x30 u16 FSInfo sector, 0x32 u16
//             backup boot sector, 0x52 "FAT32   "
public static class FatBootInstaller
{
    public const int SectorSize = 512;

    // After the FAT32 boot record (0-2), its FSInfo (1) and the backups
    // mkfs.fat writes at 6-8; the 32 reserved sectors mkfs.fat leaves by
    // default are too few for core.img, so the image asks for more (-R).
    public const int CoreSector = 16;

    private const int BpbEnd = 0x5a, KernelSector = 0x5c, Signature = 0x1fe;
    private const int BlockListStart = 0x1f4, BlockListLength = 0x1fc;

    public static void Install(Stream disk, byte[] bootImage, byte[] coreImage, string name)
    {
        if (bootImage.Length != SectorSize || bootImage[Signature] != 0x55 || bootImage[Signature + 1] != 0xAA)
            throw new BuildToolException(name, $"GRUB's boot.img must be one boot sector ({SectorSize} bytes ending 55 AA); this one has {bootImage.Length} bytes");
        int coreSectors = (coreImage.Length + SectorSize - 1) / SectorSize;
        if (coreSectors < 2 || BinaryPrimitives.ReadUInt16LittleEndian(coreImage.AsSpan(BlockListLength)) != coreSectors - 1)
            throw new BuildToolException(name, "core.img is not an i386-pc image from grub-mkimage (its first sector's block list does not cover the rest)");

        var sector = new byte[SectorSize];
        disk.Position = 0;
        if (disk.Read(sector, 0, SectorSize) != SectorSize)
            throw new BuildToolException(name, "the image is shorter than one sector");
        CheckFat32(sector, coreSectors, name);

        Array.Copy(bootImage, 0, sector, 0, 3);
        Array.Copy(bootImage, BpbEnd, sector, BpbEnd, Signature - BpbEnd);
        BinaryPrimitives.WriteUInt64LittleEndian(sector.AsSpan(KernelSector), CoreSector);
        Write(disk, 0, sector);
        // The backup boot sector stays a copy, or fsck reports a difference.
        ushort backup = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x32));
        if (backup != 0 && backup != 0xFFFF)
            Write(disk, backup, sector);

        var core = new byte[coreSectors * SectorSize];
        coreImage.CopyTo(core, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(core.AsSpan(BlockListStart), CoreSector + 1);
        Write(disk, CoreSector, core);
    }

    private static void CheckFat32(byte[] sector, int coreSectors, string name)
    {
        ushort bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x0b));
        bool fat32 = sector[Signature] == 0x55 && sector[Signature + 1] == 0xAA && bytesPerSector == SectorSize
            && BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x16)) == 0
            && System.Text.Encoding.ASCII.GetString(sector, 0x52, 8) == "FAT32   ";
        if (!fat32)
            throw new BuildToolException(name, $"not a FAT32 file system with {SectorSize}-byte sectors at sector 0");
        int reserved = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(0x0e));
        if (CoreSector + coreSectors > reserved)
            throw new BuildToolException(name, $"GRUB's core.img needs sectors {CoreSector}-{CoreSector + coreSectors - 1}, but the file system reserves only {reserved} (make it with mkfs.fat -R {CoreSector + coreSectors} or more)");
        foreach (int offset in new[] { 0x30, 0x32 })
        {
            ushort used = BinaryPrimitives.ReadUInt16LittleEndian(sector.AsSpan(offset));
            // The backup boot record is three sectors (boot, FSInfo, spare).
            if (used != 0xFFFF && used + (offset == 0x32 ? 3 : 1) > CoreSector)
                throw new BuildToolException(name, $"the file system keeps a boot record copy at sector {used}, where core.img goes (sector {CoreSector} on)");
        }
    }

    private static void Write(Stream disk, long lba, byte[] data)
    {
        disk.Position = lba * SectorSize;
        disk.Write(data, 0, data.Length);
    }
}
