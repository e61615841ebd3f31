using System;
using System.Buffers.Binary;
using System.Text;

namespace Minix3.Cosmos.Images.Iso;

// The volume descriptor set (ECMA-119 8): each one sector, opening with its
// type, "CD001" and version 1.
internal static class VolumeDescriptors
{
    private const byte BootRecordType = 0, PrimaryType = 1, TerminatorType = 255;
    private const string ApplicationId = "MINIX3.COSMOS BUILDTOOL";

    public static void CheckVolumeId(string id)
    {
        if (id.Length == 0 || id.Length > 32)
            throw new IsoFormatException($"volume identifier '{id}': 1 to 32 characters");
        foreach (char c in id)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
                throw new IsoFormatException($"volume identifier '{id}': only A-Z, 0-9 and '_' (ECMA-119 d-characters)");
        }
    }

    // The primary volume descriptor (8.4), by byte offset:
    //   8 system id (32)  40 volume id (32)  80 volume space size (both-endian)
    // 120 volume set size  124 volume sequence number  128 logical block size
    // 132 path table size  140 L table LBA (LE)  148 M table LBA (BE)
    // 156 root directory record (34)  190-812 set/publisher/preparer/
    // application/file identifiers  813 creation, 830 modification,
    // 847 expiration, 864 effective time (17 each)  881 structure version 1
    public static byte[] Primary(IsoImage image)
    {
        byte[] sector = Header(PrimaryType);
        Span<byte> s = sector;
        Text(s.Slice(8, 32), "");
        Text(s.Slice(40, 32), image.Options.VolumeId);
        BothEndian.Write32(s[80..], image.SectorCount);
        BothEndian.Write16(s[120..], 1);
        BothEndian.Write16(s[124..], 1);
        BothEndian.Write16(s[128..], IsoImage.SectorSize);
        BothEndian.Write32(s[132..], image.PathTableSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[140..], image.PathTableLLba);
        BinaryPrimitives.WriteUInt32BigEndian(s[148..], image.PathTableMLba);
        PlannedDirectory root = image.Directories[0];
        DirectoryRecord.Build(DirectoryRecord.Self, root.Lba, root.Size, true, image.Options.Timestamp, Array.Empty<byte>(), "/")
            .CopyTo(s[156..]);
        Text(s.Slice(190, 128), "");
        Text(s.Slice(318, 128), "");
        Text(s.Slice(446, 128), "");
        Text(s.Slice(574, 128), ApplicationId);
        Text(s.Slice(702, 37 * 3), "");
        Time(s.Slice(813, 17), image.Options.Timestamp);
        Time(s.Slice(830, 17), image.Options.Timestamp);
        Time(s.Slice(847, 17), null);
        Time(s.Slice(864, 17), image.Options.Timestamp);
        s[881] = 1;
        return sector;
    }

    // El Torito's boot record: the boot system id, then at 0x47 the boot
    // catalog's LBA (little-endian).
    public static byte[] BootRecord(uint catalogLba)
    {
        byte[] sector = Header(BootRecordType);
        Encoding.ASCII.GetBytes("EL TORITO SPECIFICATION").CopyTo(sector, 7);
        BinaryPrimitives.WriteUInt32LittleEndian(sector.AsSpan(0x47), catalogLba);
        return sector;
    }

    public static byte[] Terminator() => Header(TerminatorType);

    private static byte[] Header(byte type)
    {
        var sector = new byte[IsoImage.SectorSize];
        sector[0] = type;
        Encoding.ASCII.GetBytes("CD001").CopyTo(sector, 1);
        sector[6] = 1;
        return sector;
    }

    private static void Text(Span<byte> field, string text)
    {
        field.Fill((byte)' ');
        Encoding.ASCII.GetBytes(text).CopyTo(field);
    }

    // 8.4.26.1: "YYYYMMDDHHMMSScc" in digits and the offset from GMT in
    // 15-minute steps; all digits zero and offset 0 is "not specified".
    private static void Time(Span<byte> field, DateTime? time)
    {
        string digits = time is DateTime t ? t.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "00" : "0000000000000000";
        Encoding.ASCII.GetBytes(digits).CopyTo(field);
        field[16] = 0;
    }
}
