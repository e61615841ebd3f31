using System;
using System.Buffers.Binary;
using System.Text;

namespace Minix3.Cosmos.Images.Fat;

// A directory's entries as bytes. Short entry (32 bytes): 0 name (8+3),
// 11 attributes, 12 NT case flags, 13 creation tenths, 14 creation time,
// 16 creation date, 18 access date, 20 cluster high half (FAT32),
// 22 write time, 24 write date, 26 cluster low half, 28 size.
// Long-name entry: 0 sequence (0x40 on the last, which is stored first),
// 1 five UTF-16 units, 11 attribute 0x0F, 12 type 0, 13 checksum of the
// short name, 14 six units, 26 cluster 0, 28 two units; the name ends with
// 0x0000 if room is left, the rest is 0xFFFF.
internal static class FatDirectoryBytes
{
    private const byte Directory = 0x10, Archive = 0x20, VolumeLabel = 0x08, LongName = 0x0F;

    public static byte[] Encode(FatDirectoryPlan plan, int size, string? label, DateTime timestamp)
    {
        var bytes = new byte[size];
        var (time, date) = DosTime(timestamp);
        int slot = 0;
        void Short(ReadOnlySpan<byte> name, byte attributes, byte caseFlags, uint cluster, uint length)
        {
            Span<byte> e = bytes.AsSpan(slot++ * 32, 32);
            name.CopyTo(e);
            e[11] = attributes;
            e[12] = caseFlags;
            BinaryPrimitives.WriteUInt16LittleEndian(e[14..], time);
            BinaryPrimitives.WriteUInt16LittleEndian(e[16..], date);
            BinaryPrimitives.WriteUInt16LittleEndian(e[18..], date);
            BinaryPrimitives.WriteUInt16LittleEndian(e[20..], (ushort)(cluster >> 16));
            BinaryPrimitives.WriteUInt16LittleEndian(e[22..], time);
            BinaryPrimitives.WriteUInt16LittleEndian(e[24..], date);
            BinaryPrimitives.WriteUInt16LittleEndian(e[26..], (ushort)cluster);
            BinaryPrimitives.WriteUInt32LittleEndian(e[28..], length);
        }
        if (plan.IsRoot && label != null)
            Short(Encoding.ASCII.GetBytes(label.PadRight(11)), VolumeLabel, 0, 0, 0);
        if (!plan.IsRoot)
        {
            Short(Encoding.ASCII.GetBytes(".          "), Directory, 0, plan.FirstCluster, 0);
            // ".." of a root's child names cluster 0, on FAT32 too.
            Short(Encoding.ASCII.GetBytes("..         "), Directory, 0, plan.Parent!.IsRoot ? 0 : plan.Parent.FirstCluster, 0);
        }
        foreach (FatDirectoryPlan.Entry entry in plan.Entries)
        {
            if (entry.LongName != null)
            {
                WriteLongName(bytes, slot, entry.LongName, FatNames.Checksum(entry.ShortName));
                slot += FatNames.LongSlots(entry.LongName);
            }
            bool directory = entry.Directory != null;
            Short(entry.ShortName, directory ? Directory : Archive, entry.CaseFlags, entry.FirstCluster,
                directory ? 0 : (uint)entry.File!.Length);
        }
        return bytes;
    }

    private static void WriteLongName(byte[] bytes, int firstSlot, string name, byte checksum)
    {
        int slots = FatNames.LongSlots(name);
        for (int i = 0; i < slots; i++)
        {
            int sequence = slots - i;       // stored last part first
            Span<byte> e = bytes.AsSpan((firstSlot + i) * 32, 32);
            e[0] = (byte)(sequence | (i == 0 ? 0x40 : 0));
            e[11] = LongName;
            e[13] = checksum;
            for (int k = 0; k < 13; k++)
            {
                int index = (sequence - 1) * 13 + k;
                ushort unit = index < name.Length ? name[index] : index == name.Length ? (ushort)0 : (ushort)0xFFFF;
                int offset = k < 5 ? 1 + 2 * k : k < 11 ? 14 + 2 * (k - 5) : 28 + 2 * (k - 11);
                BinaryPrimitives.WriteUInt16LittleEndian(e[offset..], unit);
            }
        }
    }

    // DOS time (hours << 11 | minutes << 5 | seconds / 2) and date
    // ((year - 1980) << 9 | month << 5 | day).
    public static (ushort Time, ushort Date) DosTime(DateTime t)
    {
        if (t.Year < 1980 || t.Year > 2107)
            throw new FatImageException("timestamp", $"FAT dates run from 1980 to 2107, not {t.Year}");
        return ((ushort)(t.Hour << 11 | t.Minute << 5 | t.Second / 2), (ushort)((t.Year - 1980) << 9 | t.Month << 5 | t.Day));
    }
}
