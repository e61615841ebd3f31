using System;

namespace Minix3.Cosmos.Images.Iso;

// How the ISO is made besides its tree. Every boot part is optional:
//   BiosBootFile   the tree's file (real path, "boot/cdboot.bin") the BIOS
//                  loads at 0x07C0:0000 as El Torito's default no-emulation
//                  entry; BiosLoadSectors 512-byte sectors of it (default:
//                  the whole file; BIOSes differ in how much they load: a
//                  loader that reads its own rest needs only 4);
//                  BootInfoTable patches bytes 8-63 of the ISO's copy as
//                  mkisofs -boot-info-table does (ElTorito.PatchBootInfoTable).
//   EfiImage       a FAT image (the ESP) as the UEFI (platform 0xEF)
//                  no-emulation entry; it has no directory record.
//   Hybrid         an MBR in the system area (code given to IsoImage.Write)
//                  with partitions for the whole ISO and for the ESP, and the
//                  image padded to whole 1 MiB cylinders (HybridMbr).
// The timestamp is every date the image records: the same inputs give the
// same bytes.
public sealed record IsoOptions
{
    public static readonly DateTime DefaultTimestamp = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string VolumeId { get; init; } = "MINIX3_COSMOS";
    public DateTime Timestamp { get; init; } = DefaultTimestamp;
    public string? BiosBootFile { get; init; }
    public int? BiosLoadSectors { get; init; }
    public bool BootInfoTable { get; init; }
    public IsoFile? EfiImage { get; init; }
    public bool Hybrid { get; init; }
    public uint DiskSignature { get; init; }
}

// Where something lies in the ISO: its first 2048-byte sector and its
// length in bytes. Lba512 is the same place in 512-byte sectors (the ISO
// read as a disk: a USB stick, the MBR code's reads).
public readonly record struct IsoExtent(uint Lba, uint Length)
{
    public uint Sectors => (uint)((Length + (long)IsoImage.SectorSize - 1) / IsoImage.SectorSize);
    public ulong Lba512 => (ulong)Lba * (IsoImage.SectorSize / 512);
    public uint Sectors512 => (uint)((Length + 511L) / 512);
}
