using System;
using System.Buffers.Binary;
using System.Text;

namespace Minix3.Cosmos.Images.Iso;

// The path tables (ECMA-119 9.4): one record per directory in path table
// order, twice: type L with little-endian numbers, type M with big-endian.
//   0 identifier length  1 extended attribute length (0)  2 extent LBA (4)
//   6 parent's directory number (2; the root is its own parent, 1)
//   8 identifier (the root's is one 0 byte), a pad byte when its length is odd
internal static class PathTable
{
    public static int RecordLength(PlannedDirectory directory)
    {
        int length = Identifier(directory).Length;
        return 8 + length + length % 2;
    }

    public static byte[] Build(IsoImage image, bool bigEndian)
    {
        var table = new byte[IsoImage.SectorsOf(image.PathTableSize) * IsoImage.SectorSize];
        int at = 0;
        foreach (PlannedDirectory directory in image.Directories)
        {
            byte[] identifier = Identifier(directory);
            Span<byte> record = table.AsSpan(at, RecordLength(directory));
            record[0] = (byte)identifier.Length;
            ushort parent = (ushort)directory.ParentOrSelf.Number;
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(record[2..], directory.Lba);
                BinaryPrimitives.WriteUInt16BigEndian(record[6..], parent);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(record[2..], directory.Lba);
                BinaryPrimitives.WriteUInt16LittleEndian(record[6..], parent);
            }
            identifier.CopyTo(record[8..]);
            at += record.Length;
        }
        return table;
    }

    private static byte[] Identifier(PlannedDirectory directory) =>
        directory.IsRoot ? new byte[] { 0 } : Encoding.ASCII.GetBytes(directory.Source.Identifier);
}
