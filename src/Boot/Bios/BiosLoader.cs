using System;
using System.Buffers.Binary;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>The loader's files and the contract image writers follow to place them.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>CD (El Torito, no emulation): the boot image is <see cref="LoaderFiles.Stage2"/>, loaded
/// 4 virtual sectors (2 KiB) at 0x7c00, with a boot info table (mkisofs -boot-info-table:
/// offset 8 PVD LBA, 12 the file's LBA, 16 its length, 20 checksum).</item>
/// <item>The same ISO on a stick: <see cref="LoaderFiles.Mbr"/>'s first 440 bytes in sector 0,
/// with <see cref="Stage2LbaOffset"/> = the boot image's ISO LBA x 4 and
/// <see cref="Stage2SectorsOffset"/> = its 512-byte sectors (<see cref="PatchStage1"/>).</item>
/// <item>A partitionless FAT32 volume: <see cref="LoaderFiles.Fat32BootSector"/>'s bytes 0-2 and
/// 0x5a-0x1fd over the volume's boot sector (and its backup), stage 2 in the reserved sectors
/// from <see cref="FatStage2Sector"/> on (<see cref="FatLoaderInstaller"/>).</item>
/// </list>
/// Every path reads /boot/modules.txt, /boot/cmdline (optional), /boot/kernel.elf and the
/// modules by name; the kernel is entered as Multiboot 1 loaders do.
/// </remarks>
public static class BiosLoader
{
    public const int Stage2LbaOffset = 0x1A8;
    public const int Stage2SectorsOffset = 0x1B0;
    public const int MbrCodeBytes = 440;
    public const int FatCodeOffset = 0x5A;
    public const int FatStage2Sector = 16;
    public const string LoaderName = Stage2.LoaderName;

    public static LoaderFiles Build() =>
        new(Stage1.Build(0), Stage1.Build(FatCodeOffset), Stage2.Build());

    /// <summary>Writes where stage 2 lies into a stage 1 sector (an MBR or a FAT32 boot sector).</summary>
    public static void PatchStage1(Span<byte> sector, ulong lba, int sectors)
    {
        if (sectors <= 0 || sectors > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(sectors));
        BinaryPrimitives.WriteUInt64LittleEndian(sector.Slice(Stage2LbaOffset), lba);
        BinaryPrimitives.WriteUInt16LittleEndian(sector.Slice(Stage2SectorsOffset), (ushort)sectors);
    }
}

/// <param name="Mbr">512 bytes: stage 1 from byte 0 (440 bytes may be used), 55 AA.</param>
/// <param name="Fat32BootSector">512 bytes: a jump to 0x5a, a zero BPB, stage 1, 55 AA.</param>
/// <param name="Stage2">Stage 2, in whole 2 KiB sectors.</param>
public sealed record LoaderFiles(byte[] Mbr, byte[] Fat32BootSector, byte[] Stage2)
{
    public int Stage2Sectors512 => Stage2.Length / 512;
}
