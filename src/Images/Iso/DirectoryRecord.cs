using System;
using System.Text;

namespace Minix3.Cosmos.Images.Iso;

// One ECMA-119 directory record (9.1):
//   0 length  1 extended attribute length (0)  2 extent LBA (both-endian)
//  10 data length (both-endian)  18 recording time (7 bytes)  25 flags
//  26 file unit size, 27 interleave gap (0: not interleaved)
//  28 volume sequence number (both-endian 16, 1)  32 identifier length
//  33 identifier, a pad byte when its length is even, then System Use.
// The record's length is kept even, so every record starts at an even offset.
internal static class DirectoryRecord
{
    public const byte DirectoryFlag = 0x02;
    public const int MaxLength = 255;

    public static readonly byte[] Self = { 0 };
    public static readonly byte[] Parent = { 1 };

    public static int Length(int identifierLength, int systemUseLength)
    {
        int length = 33 + identifierLength + (identifierLength % 2 == 0 ? 1 : 0) + systemUseLength;
        return length + length % 2;
    }

    public static byte[] Build(byte[] identifier, uint lba, uint dataLength, bool directory, DateTime time, byte[] systemUse, string path)
    {
        int length = Length(identifier.Length, systemUse.Length);
        if (length > MaxLength)
            throw new IsoFormatException($"{path}: the name is too long for one ISO 9660 directory record with its Rock Ridge name ({length} > {MaxLength} bytes)");
        var record = new byte[length];
        record[0] = (byte)length;
        BothEndian.Write32(record.AsSpan(2), lba);
        BothEndian.Write32(record.AsSpan(10), dataLength);
        WriteTime(record.AsSpan(18), time);
        record[25] = directory ? DirectoryFlag : (byte)0;
        BothEndian.Write16(record.AsSpan(28), 1);
        record[32] = (byte)identifier.Length;
        identifier.CopyTo(record, 33);
        systemUse.CopyTo(record, 33 + identifier.Length + (identifier.Length % 2 == 0 ? 1 : 0));
        return record;
    }

    public static byte[] Identifier(string identifier) => Encoding.ASCII.GetBytes(identifier);

    // 9.1.5: years since 1900, month, day, hour, minute, second, and the
    // offset from GMT in 15-minute steps (0: the time is UTC).
    private static void WriteTime(Span<byte> to, DateTime time)
    {
        to[0] = (byte)(time.Year - 1900);
        to[1] = (byte)time.Month;
        to[2] = (byte)time.Day;
        to[3] = (byte)time.Hour;
        to[4] = (byte)time.Minute;
        to[5] = (byte)time.Second;
        to[6] = 0;
    }
}
