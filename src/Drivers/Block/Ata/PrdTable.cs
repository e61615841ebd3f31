namespace Minix3.Cosmos.Drivers.Block.Ata
{
    // The bus-master IDE controller's scatter list (Intel PIIX/PIIX3
    // datasheet, "Bus Master IDE"): a table of physical region descriptors
    // (PRDs), 8 bytes each, 4-byte aligned and not crossing a 64 KiB
    // boundary (the driver keeps it at the start of a page):
    //
    //   bytes 0-3  physical base of the region (32 bits, even)
    //   bytes 4-5  byte count, even; 0 means 64 KiB
    //   bytes 6-7  bit 15: end of table (EOT), the rest reserved (0)
    //
    // A region must not cross a 64 KiB physical boundary either, so a
    // contiguous buffer becomes one entry per 64 KiB window it touches. The
    // entries cover exactly the transfer: the controller reports an error
    // when the table ends before the drive's data does. Pure logic, tested
    // on the host (test/Unit/Drivers/PrdTableTests.cs).
    public static unsafe class PrdTable
    {
        public const int EntryBytes = 8;
        public const ushort EndOfTable = 0x8000;
        private const ulong Window = 0x10000;

        // Fills `table` (room for `capacity` entries) to move `bytes` at
        // `physical`; the number of entries, or 0 when the request cannot be
        // described: odd address or length, nothing to move, memory at or
        // above 4 GiB (the table holds 32-bit addresses), or too few entries.
        public static int Build(byte* table, int capacity, ulong physical, int bytes)
        {
            if (bytes <= 0 || (bytes & 1) != 0 || (physical & 1) != 0 || physical + (ulong)bytes > 0x1_0000_0000UL)
                return 0;
            int count = 0;
            ulong at = physical, end = physical + (ulong)bytes;
            while (at < end)
            {
                if (count == capacity)
                    return 0;
                ulong windowEnd = (at & ~(Window - 1)) + Window;
                ulong length = (windowEnd < end ? windowEnd : end) - at;
                byte* entry = table + count * EntryBytes;
                *(uint*)entry = (uint)at;
                *(ushort*)(entry + 4) = (ushort)length;     // 65536 wraps to 0: 64 KiB
                *(ushort*)(entry + 6) = 0;
                at += length;
                count++;
            }
            *(ushort*)(table + (count - 1) * EntryBytes + 6) = EndOfTable;
            return count;
        }
    }
}
