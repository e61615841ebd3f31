using System;
using System.Buffers.Binary;

namespace Minix3.Cosmos.Images.Iso;

// The MBR that makes the ISO a disk too (written to a USB stick): the
// caller's boot code (at most 440 bytes: the BIOS runs it from the stick),
// the disk signature at 440, and two partition entries at 446:
//   1  active, type 0x00, from sector 0 over the whole image. The active
//      flag is for BIOSes that boot a stick only when one entry has it.
//      Type 0x00 rather than isohybrid's 0x17: EDK2-based UEFI firmware
//      rejects an MBR whose used entries overlap, and this one holds entry 2;
//      a type-0 entry is skipped there, so UEFI still finds the ESP
//      (grub-mkrescue's ISOs make the same choice).
//   2  type 0xEF (EFI system partition), the ESP image inside the ISO.
// then 55 AA. The image is padded to whole cylinders of 64 heads x 32
// sectors (1 MiB), the geometry BIOSes give a USB disk of this size, so the
// disk size and the partition's end agree with a cylinder boundary.
public static class HybridMbr
{
    public const int MaxCodeLength = 440;
    public const byte IsoType = 0x00, EspType = 0xEF, Active = 0x80;
    public const int Heads = 64, SectorsPerTrack = 32;
    private const int CylinderSectors512 = Heads * SectorsPerTrack;
    private const int CylinderSectors = CylinderSectors512 * 512 / IsoImage.SectorSize;

    public static uint PaddedSectors(uint isoSectors) =>
        (uint)((isoSectors + (long)CylinderSectors - 1) / CylinderSectors * CylinderSectors);

    public static byte[] Build(ReadOnlySpan<byte> code, uint diskSignature, ulong totalSectors512, IsoExtent? esp)
    {
        if (code.Length > MaxCodeLength)
            throw new IsoFormatException($"the MBR boot code is {code.Length} bytes; at most {MaxCodeLength} fit before the disk signature");
        if (totalSectors512 > uint.MaxValue)
            throw new IsoFormatException("the image is larger than an MBR partition can describe (2 TiB)");
        var mbr = new byte[512];
        code.CopyTo(mbr);
        BinaryPrimitives.WriteUInt32LittleEndian(mbr.AsSpan(440), diskSignature);
        Partition(mbr.AsSpan(446, 16), Active, IsoType, 0, (uint)totalSectors512);
        if (esp is IsoExtent e)
            Partition(mbr.AsSpan(462, 16), 0, EspType, (uint)e.Lba512, e.Sectors512);
        mbr[510] = 0x55;
        mbr[511] = 0xAA;
        return mbr;
    }

    private static void Partition(Span<byte> entry, byte status, byte type, uint start, uint count)
    {
        entry[0] = status;
        Chs(entry[1..4], start);
        entry[4] = type;
        Chs(entry[5..8], start + count - 1);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], count);
    }

    // Head, then sector (1-based; bits 6-7 are cylinder bits 8-9), then
    // cylinder bits 0-7, in the 64 x 32 geometry; past cylinder 1023 the
    // last addressable one (readers then use the LBA fields).
    private static void Chs(Span<byte> to, uint lba)
    {
        uint cylinder = lba / CylinderSectors512;
        uint head = lba / SectorsPerTrack % Heads;
        uint sector = lba % SectorsPerTrack + 1;
        if (cylinder > 1023)
            (cylinder, head, sector) = (1023, Heads - 1, SectorsPerTrack);
        to[0] = (byte)head;
        to[1] = (byte)(sector | ((cylinder >> 2) & 0xC0));
        to[2] = (byte)cylinder;
    }
}
