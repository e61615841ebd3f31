using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Images.Fat;

public enum FatType
{
    Auto,   // FAT32 when the size allows at least 65,541 clusters, else FAT16, else FAT12
    Fat12,
    Fat16,
    Fat32,
}

// How to make a volume. Only SizeBytes is required.
public sealed class FatVolumeOptions
{
    // The image's size. With WholeCylinders it is cut down to whole
    // 16-head, 63-sector cylinders (1,008 sectors), so Bochs takes the image
    // as a disk of the same size as QEMU sees.
    public long SizeBytes { get; set; }
    public bool WholeCylinders { get; set; } = true;

    public FatType Type { get; set; } = FatType.Auto;

    // Sectors before the first FAT. 0: 32 on FAT32 (boot record, FSInfo and
    // their backups at 6-7), 1 on FAT12/16. More leaves room for a boot
    // loader (the USB image reserves 2,048: 1 MiB).
    public int ReservedSectors { get; set; }

    // FAT12/16's fixed root directory: at least this many entries (rounded
    // up to whole sectors), more if the root needs them.
    public int RootEntries { get; set; } = 512;

    // Up to 11 characters, stored upper-case; "NO NAME" writes no label entry.
    public string Label { get; set; } = "NO NAME";

    // Every entry's creation, modification and access time, so the same tree
    // gives the same bytes. The guest's own engine stamps 2026-01-01 too.
    public DateTime Timestamp { get; set; } = new DateTime(2026, 1, 1, 0, 0, 0);

    // The volume serial number; null: derived from label and timestamp.
    public uint? VolumeId { get; set; }

    // A boot loader's code: see FatBootCode.
    public FatBootCode? BootCode { get; set; }
}

// What a BIOS boot loader puts in the volume. The BPB (boot sector bytes 3
// up to FatBootCode.CodeStart) is always the writer's; the rest is the
// loader's:
//   BootSector       512 bytes; bytes 0-2 (the jump over the BPB) and
//                    CodeStart..509 are taken, 510-511 are always 55 AA.
//                    The FAT32 backup boot sector gets the same bytes.
//   ReservedSectors  whole sectors written at a sector number inside the
//                    reserved area (after sector 0 and clear of FAT32's
//                    FSInfo at 1 and backups at 6-7), e.g. a stage 2 loader.
public sealed class FatBootCode
{
    public byte[]? BootSector { get; set; }
    public List<(int Sector, byte[] Bytes)> ReservedSectors { get; } = new();

    // Where the code area of the boot sector starts: after FAT32's 90-byte
    // BPB, or FAT12/16's 62-byte one.
    public static int CodeStart(FatType type) => type == FatType.Fat32 ? 0x5A : 0x3E;
}
