using System;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // On-disk FAT structures are little-endian; the corelib has no
    // BinaryPrimitives, so these few helpers stand in.
    internal static class LittleEndian
    {
        public static ushort U16(ReadOnlySpan<byte> b, int at) => (ushort)(b[at] | (b[at + 1] << 8));

        public static uint U32(ReadOnlySpan<byte> b, int at) =>
            (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

        public static void Put16(Span<byte> b, int at, int value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }

        public static void Put32(Span<byte> b, int at, uint value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
            b[at + 2] = (byte)(value >> 16);
            b[at + 3] = (byte)(value >> 24);
        }
    }
}
