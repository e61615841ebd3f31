using System;
using System.Buffers.Binary;
using System.Text;

namespace Minix3.Cosmos.Images.Fat;

// The boot sector with its BIOS parameter block, and FAT32's FSInfo sector.
// Offsets from Microsoft's FAT specification ("BPB" and "FSInfo"):
//   0x00 jump  0x03 OEM name  0x0B u16 bytes/sector  0x0D u8 sectors/cluster
//   0x0E u16 reserved  0x10 u8 FATs  0x11 u16 root entries  0x13 u16 total (small)
//   0x15 u8 media  0x16 u16 FAT size (FAT12/16)  0x18 u16 sectors/track  0x1A u16 heads
//   0x1C u32 hidden  0x20 u32 total (large)
//   FAT12/16: 0x24 drive, 0x26 0x29, 0x27 u32 serial, 0x2B label, 0x36 type; code at 0x3E
//   FAT32:    0x24 u32 FAT size, 0x28 flags, 0x2A version, 0x2C u32 root cluster,
//             0x30 u16 FSInfo, 0x32 u16 backup boot, 0x40 drive, 0x42 0x29,
//             0x43 u32 serial, 0x47 label, 0x52 type; code at 0x5A
internal static class FatBootRecord
{
    public const byte Media = 0xF8;         // fixed disk; also FAT[0]'s low byte

    // With no loader: INT 18h asks the BIOS to try the next boot device
    // (there is no OS to load from here), then halt if it returns.
    private static readonly byte[] NoLoader = [0xCD, 0x18, 0xFA, 0xF4, 0xEB, 0xFD];

    public static byte[] BootSector(FatVolumeLayout layout, string label, uint volumeId, byte[]? loader)
    {
        var s = new byte[FatVolumeLayout.SectorSize];
        Span<byte> span = s;
        bool fat32 = layout.Type == FatType.Fat32;
        int codeStart = FatBootCode.CodeStart(layout.Type);
        s[0] = 0xEB;
        s[1] = (byte)(codeStart - 2);
        s[2] = 0x90;
        // Microsoft's specification names this OEM string as the one every
        // driver takes; some old ones look at it.
        Encoding.ASCII.GetBytes("MSWIN4.1", span[3..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x0B..], FatVolumeLayout.SectorSize);
        s[0x0D] = (byte)layout.SectorsPerCluster;
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x0E..], (ushort)layout.ReservedSectors);
        s[0x10] = FatVolumeLayout.FatCount;
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x11..], (ushort)layout.RootEntries);
        bool small = !fat32 && layout.TotalSectors < 0x10000;
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x13..], small ? (ushort)layout.TotalSectors : (ushort)0);
        s[0x15] = Media;
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x16..], fat32 ? (ushort)0 : (ushort)layout.FatSectors);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x18..], 63);
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x1A..], 16);
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x20..], small ? 0u : (uint)layout.TotalSectors);
        int extended = 0x24;
        if (fat32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[0x24..], (uint)layout.FatSectors);
            BinaryPrimitives.WriteUInt32LittleEndian(span[0x2C..], layout.RootCluster);
            BinaryPrimitives.WriteUInt16LittleEndian(span[0x30..], FatVolumeLayout.Fat32FsInfoSector);
            BinaryPrimitives.WriteUInt16LittleEndian(span[0x32..], FatVolumeLayout.Fat32BackupBootSector);
            extended = 0x40;
        }
        s[extended] = 0x80;                 // BIOS drive number of a hard disk
        s[extended + 2] = 0x29;             // the serial, label and type below are present
        BinaryPrimitives.WriteUInt32LittleEndian(span[(extended + 3)..], volumeId);
        Encoding.ASCII.GetBytes(label.PadRight(11), span[(extended + 7)..]);
        Encoding.ASCII.GetBytes(fat32 ? "FAT32   " : layout.Type == FatType.Fat16 ? "FAT16   " : "FAT12   ", span[(extended + 18)..]);
        if (loader != null)
        {
            loader.AsSpan(0, 3).CopyTo(span);
            loader.AsSpan(codeStart, 510 - codeStart).CopyTo(span[codeStart..]);
        }
        else
        {
            NoLoader.CopyTo(span[codeStart..]);
        }
        s[510] = 0x55;
        s[511] = 0xAA;
        return s;
    }

    // FAT32's free-space hint: free clusters and where to look for the next.
    public static byte[] FsInfo(uint freeClusters, uint nextFree)
    {
        var s = new byte[FatVolumeLayout.SectorSize];
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x41615252);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(484), 0x61417272);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(488), freeClusters);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(492), nextFree);
        BinaryPrimitives.WriteUInt32LittleEndian(s.AsSpan(508), 0xAA550000);
        return s;
    }

    // A boot loader's sector must jump past the BPB the writer fills in.
    public static void CheckLoader(byte[] loader, FatType type, string subject)
    {
        if (loader.Length != FatVolumeLayout.SectorSize)
            throw new FatImageException(subject, $"the boot sector code must be one {FatVolumeLayout.SectorSize}-byte sector, not {loader.Length} bytes");
        int codeStart = FatBootCode.CodeStart(type);
        int target = loader[0] == 0xEB ? 2 + loader[1]
            : loader[0] == 0xE9 ? 3 + BinaryPrimitives.ReadUInt16LittleEndian(loader.AsSpan(1)) : -1;
        if (target < codeStart || target >= 510)
            throw new FatImageException(subject, $"the boot sector code must start with a jump to its code area (offset 0x{codeStart:X2}-0x1FD on {type}); it jumps to {(target < 0 ? "nowhere" : $"0x{target:X}")}");
    }
}
