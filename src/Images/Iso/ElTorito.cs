using System;
using System.Buffers.Binary;

namespace Minix3.Cosmos.Images.Iso;

// The El Torito boot catalog (one sector of 32-byte entries) and the boot
// info table.
//   validation entry  header id 1, platform, id string, a checksum that
//                     makes the entry's 16 words sum to 0, key 55 AA
//   default entry     BIOS: bootable (0x88), no emulation, load segment
//                     0x07C0, load size in 512-byte sectors, the file's LBA
//   section header    0x91 (the last section), platform 0xEF (UEFI), 1 entry
//   section entry     the ESP image, bootable, no emulation
// With only the ESP, it is the default entry and the validation entry names
// platform 0xEF (a catalog has no section without a default entry).
public static class ElTorito
{
    public const byte PlatformX86 = 0x00, PlatformEfi = 0xEF;
    public const ushort LoadSegment = 0x07C0;
    public const int BootInfoTableOffset = 8, BootInfoTableEnd = 64;
    private const byte Bootable = 0x88, NoEmulation = 0, LastSection = 0x91;

    internal static byte[] Catalog(IsoImage image)
    {
        var catalog = new byte[IsoImage.SectorSize];
        Span<byte> c = catalog;
        bool bios = image.BiosBootFile != null;
        Validation(c[..32], bios ? PlatformX86 : PlatformEfi);
        if (bios)
            Entry(c.Slice(32, 32), LoadSegment, image.BiosLoadSectors, image.BiosBootFile!.Value.Lba);
        if (image.EfiImage is IsoExtent esp)
        {
            Span<byte> entry = c.Slice(32, 32);
            if (bios)
            {
                c[64] = LastSection;
                c[65] = PlatformEfi;
                BinaryPrimitives.WriteUInt16LittleEndian(c[66..], 1);
                entry = c.Slice(96, 32);
            }
            Entry(entry, 0, EspSectorCount(esp), esp.Lba);
        }
        return catalog;
    }

    // The sector count is 16 bits of 512-byte sectors. An ESP larger than
    // that says 0: EDK2-based firmware then takes the image to run to the
    // end of the CD (which holds its FAT), where a truncated count would cut
    // the file system short.
    public static ushort EspSectorCount(IsoExtent esp) =>
        esp.Sectors512 <= ushort.MaxValue ? (ushort)esp.Sectors512 : (ushort)0;

    private static void Validation(Span<byte> entry, byte platform)
    {
        entry[0] = 1;
        entry[1] = platform;
        entry[30] = 0x55;
        entry[31] = 0xAA;
        ushort sum = 0;
        for (int i = 0; i < 32; i += 2)
            sum += BinaryPrimitives.ReadUInt16LittleEndian(entry[i..]);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[28..], (ushort)(0x10000 - sum));
    }

    private static void Entry(Span<byte> entry, ushort loadSegment, ushort sectors, uint lba)
    {
        entry[0] = Bootable;
        entry[1] = NoEmulation;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], loadSegment);
        entry[4] = 0; // system type: no partition table to copy (no emulation)
        BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], sectors);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], lba);
    }

    // mkisofs's -boot-info-table layout, so a loader written for it finds
    // itself: at offset 8 of the boot file, little-endian,
    //   8 the primary volume descriptor's LBA (16)  12 the boot file's LBA
    //  16 the boot file's length in bytes  20 the 32-bit sum of the file's
    //     little-endian words from offset 64 to its end (zero-padded to 4)
    //  24-63 zero
    public static void PatchBootInfoTable(byte[] file, uint fileLba)
    {
        if (file.Length < BootInfoTableEnd)
            throw new IsoFormatException($"a boot info table needs a boot file of at least {BootInfoTableEnd} bytes; it has {file.Length}");
        uint sum = 0;
        Span<byte> word = stackalloc byte[4];
        for (int i = BootInfoTableEnd; i < file.Length; i += 4)
        {
            word.Clear();
            file.AsSpan(i, Math.Min(4, file.Length - i)).CopyTo(word);
            sum += BinaryPrimitives.ReadUInt32LittleEndian(word);
        }
        Span<byte> table = file.AsSpan(BootInfoTableOffset, BootInfoTableEnd - BootInfoTableOffset);
        table.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(table, IsoImage.PrimaryVolumeDescriptorLba);
        BinaryPrimitives.WriteUInt32LittleEndian(table[4..], fileLba);
        BinaryPrimitives.WriteUInt32LittleEndian(table[8..], (uint)file.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(table[12..], sum);
    }
}
