using System;
using System.Buffers.Binary;

namespace Minix3.Cosmos.Images.Iso;

// ECMA-119 7.2.3 / 7.3.3: "both-byte orders" numbers are written twice,
// little-endian then big-endian, so either kind of machine reads them
// without swapping.
internal static class BothEndian
{
    public static void Write16(Span<byte> to, int value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(to, (ushort)value);
        BinaryPrimitives.WriteUInt16BigEndian(to[2..], (ushort)value);
    }

    public static void Write32(Span<byte> to, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(to, value);
        BinaryPrimitives.WriteUInt32BigEndian(to[4..], value);
    }
}
