using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // Network byte order (big-endian) reads and writes, and the Internet
    // checksum (RFC 1071). The corelib has no BinaryPrimitives, so these
    // stand in; every read is bounds-checked by the span.
    public static class NetBytes
    {
        public static ushort U16(ReadOnlySpan<byte> b, int at) => (ushort)((b[at] << 8) | b[at + 1]);

        public static uint U32(ReadOnlySpan<byte> b, int at) =>
            ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3];

        public static void Put16(Span<byte> b, int at, int value)
        {
            b[at] = (byte)(value >> 8);
            b[at + 1] = (byte)value;
        }

        public static void Put32(Span<byte> b, int at, uint value)
        {
            b[at] = (byte)(value >> 24);
            b[at + 1] = (byte)(value >> 16);
            b[at + 2] = (byte)(value >> 8);
            b[at + 3] = (byte)value;
        }

        // MAC addresses are kept as the low 48 bits of a ulong, first octet
        // most significant, so they compare and hash as plain numbers.
        public static ulong Mac(ReadOnlySpan<byte> b, int at) =>
            ((ulong)U16(b, at) << 32) | U32(b, at + 2);

        public static void PutMac(Span<byte> b, int at, ulong mac)
        {
            Put16(b, at, (int)(mac >> 32));
            Put32(b, at + 2, (uint)mac);
        }

        // One's-complement sum of 16-bit words, not yet folded or inverted,
        // so pseudo headers and payloads can be summed separately.
        public static uint Sum(ReadOnlySpan<byte> b, uint sum)
        {
            int i = 0;
            for (; i + 1 < b.Length; i += 2)
                sum += (uint)((b[i] << 8) | b[i + 1]);
            if (i < b.Length)
                sum += (uint)(b[i] << 8);
            // Fold now and then so a long buffer cannot overflow 32 bits.
            return (sum & 0xFFFF) + (sum >> 16);
        }

        public static ushort Fold(uint sum)
        {
            while ((sum >> 16) != 0)
                sum = (sum & 0xFFFF) + (sum >> 16);
            return (ushort)~sum;
        }

        public static ushort Checksum(ReadOnlySpan<byte> b) => Fold(Sum(b, 0));

        // The TCP/UDP pseudo header: source, destination, zero, protocol, length.
        public static uint PseudoSum(uint src, uint dst, int protocol, int length)
        {
            uint sum = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF);
            sum += (uint)protocol + (uint)length;
            return sum;
        }
    }
}
