using System;
using System.Buffers.Binary;

namespace Minix3.Cosmos.Images.Fat;

// One copy of the FAT, in memory. Entries 0 and 1 are reserved: entry 0
// holds the media byte with the other bits set, entry 1 end-of-chain
// (its top bits also say "cleanly unmounted, no I/O errors" on FAT16/32).
internal sealed class FatTableBytes
{
    private readonly FatType _type;

    public FatTableBytes(FatVolumeLayout layout)
    {
        _type = layout.Type;
        Bytes = new byte[(long)layout.FatSectors * FatVolumeLayout.SectorSize];
        Set(0, EndOfChain & ~0xFFu | FatBootRecord.Media);
        Set(1, EndOfChain);
    }

    public byte[] Bytes { get; }

    private uint EndOfChain => _type switch { FatType.Fat12 => 0xFFF, FatType.Fat16 => 0xFFFF, _ => 0x0FFFFFFF };

    // A chain over `count` consecutive clusters from `first`.
    public void Chain(uint first, int count)
    {
        for (int i = 0; i < count - 1; i++)
            Set(first + (uint)i, first + (uint)i + 1);
        Set(first + (uint)count - 1, EndOfChain);
    }

    private void Set(uint cluster, uint value)
    {
        switch (_type)
        {
            case FatType.Fat32:
                BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan((int)cluster * 4), value);
                break;
            case FatType.Fat16:
                BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)cluster * 2), (ushort)value);
                break;
            default:
                // Two 12-bit entries share three bytes: an even entry takes the
                // low 12 bits of the pair, an odd one the high 12.
                int offset = (int)(cluster + cluster / 2);
                ushort pair = BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(offset));
                uint bits = value & 0xFFF;
                pair = (cluster & 1) == 0 ? (ushort)((pair & 0xF000u) | bits) : (ushort)((pair & 0x000Fu) | bits << 4);
                BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(offset), pair);
                break;
        }
    }

    // How many bytes from the start hold anything but zeros: the rest of a
    // sparse image need not be written.
    public int UsedLength()
    {
        int end = Bytes.Length;
        while (end > 0 && Bytes[end - 1] == 0) end--;
        return (end + FatVolumeLayout.SectorSize - 1) / FatVolumeLayout.SectorSize * FatVolumeLayout.SectorSize;
    }
}
