namespace Minix3.Cosmos.Servers.Iommu.Acpi
{
    // The ACPI tables' framing, apart from the hardware (the host unit
    // tests feed it bytes): the RSDP found in the BIOS's read-only area,
    // the root table's list of table addresses, and each table's header.
    // A table is trusted only when its length fits what was read and its
    // bytes sum to zero, as ACPI requires; anything else is "not there".
    public static unsafe class AcpiTables
    {
        public const int HeaderBytes = 36;
        public const ulong BiosAreaStart = 0xE0000, BiosAreaEnd = 0x100000;

        // The RSDP ("RSD PTR ", on a 16-byte boundary) in `area`, which
        // holds physical `areaStart` onwards: the root table's address and
        // whether it is the XSDT (64-bit entries, ACPI 2.0 and later).
        public static bool FindRoot(byte* area, int length, out ulong root, out bool extended)
        {
            root = 0;
            extended = false;
            for (int at = 0; at + 20 <= length; at += 16)
            {
                byte* p = area + at;
                if (!Signature(p, "RSD PTR ") || Sum(p, 20) != 0)
                    continue;
                byte revision = p[15];
                if (revision >= 2 && at + 36 <= length && *(uint*)(p + 20) >= 36 && Sum(p, 36) == 0 && *(ulong*)(p + 24) != 0)
                {
                    root = *(ulong*)(p + 24);
                    extended = true;
                    return true;
                }
                root = *(uint*)(p + 16);
                return root != 0;
            }
            return false;
        }

        // A table's length from its header, 0 when `available` bytes do
        // not hold a header.
        public static uint Length(byte* table, int available) =>
            available >= HeaderBytes ? *(uint*)(table + 4) : 0;

        // Whether the table (header and body, `available` bytes read) is
        // whole and its checksum right.
        public static bool Valid(byte* table, int available)
        {
            uint length = Length(table, available);
            return length >= HeaderBytes && length <= (uint)available && Sum(table, (int)length) == 0;
        }

        // The root table's entries (physical addresses of the other
        // tables): how many, and the index-th.
        public static int EntryCount(byte* root, bool extended) =>
            (int)((*(uint*)(root + 4) - HeaderBytes) / (extended ? 8u : 4u));

        public static ulong Entry(byte* root, bool extended, int index) =>
            extended ? *(ulong*)(root + HeaderBytes + 8 * index) : *(uint*)(root + HeaderBytes + 4 * index);

        public static bool Signature(byte* p, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (p[i] != (byte)text[i])
                    return false;
            }
            return true;
        }

        private static byte Sum(byte* p, int length)
        {
            byte sum = 0;
            for (int i = 0; i < length; i++)
                sum += p[i];
            return sum;
        }
    }
}
