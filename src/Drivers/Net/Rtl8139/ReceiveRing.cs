namespace Minix3.Cosmos.Drivers.Net.Rtl8139
{
    // The RTL8139's receive ring: one buffer of Size bytes (8 KiB here; the
    // chip may write 16 more past it, so the driver allocates more) that
    // the chip fills with records [status:16][length:16][frame + CRC],
    // each starting on a 4-byte boundary. Without the WRAP bit (RCR bit 7,
    // left clear) a record that reaches the end of the buffer continues at
    // its start, so a frame may come in two pieces; headers never split
    // (offsets are multiples of 4, Size too). The driver tells the chip
    // how far it has read through CAPR, which the chip reads 16 bytes
    // ahead (its own quirk): CAPR = next record - 16.
    public static unsafe class ReceiveRing
    {
        public const int HeaderBytes = 4;
        public const int CrcBytes = 4;

        // Record status bits (low half of the header).
        public const int ReceiveOk = 1 << 0;
        public const int FrameAlignmentError = 1 << 1;
        public const int CrcError = 1 << 2;
        public const int LongPacket = 1 << 3;
        public const int RuntPacket = 1 << 4;
        public const int InvalidSymbol = 1 << 5;

        // Where the record after the one at `offset` (whose length field,
        // CRC included, is `length`) starts.
        public static int NextRecord(int offset, int length, int size) =>
            ((offset + HeaderBytes + length + 3) & ~3) % size;

        // CAPR for "read up to `next`".
        public static ushort CaprFor(int next, int size) => (ushort)((next - 16 + size) % size);

        // Reads the header at `offset`: false when the record is not a good
        // frame (status without ReceiveOk, or an error bit, or a length out
        // of range: the ring is then not to be trusted past it).
        public static bool ReadHeader(byte* ring, int offset, out int status, out int length)
        {
            status = ring[offset] | ring[offset + 1] << 8;
            length = ring[offset + 2] | ring[offset + 3] << 8;
            const int errors = FrameAlignmentError | CrcError | LongPacket | RuntPacket | InvalidSymbol;
            return (status & ReceiveOk) != 0 && (status & errors) == 0 && length >= 14 + CrcBytes && length <= 1514 + CrcBytes;
        }

        // Copies `count` bytes starting `offset` bytes into the ring (after
        // the header), wrapping at its end.
        public static void Copy(byte* ring, int size, int offset, byte* into, int count)
        {
            int position = offset % size;
            for (int i = 0; i < count; i++)
            {
                into[i] = ring[position];
                position = position + 1 == size ? 0 : position + 1;
            }
        }
    }
}
