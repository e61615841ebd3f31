namespace Minix3.Cosmos.Servers.Iommu.VtD
{
    // The root table (one 16-byte entry per bus, pointing at that bus's
    // context table) and the context tables (one 16-byte entry per device
    // and function: its domain id, address width and second-level table),
    // legacy mode (VT-d ch. 9.1-9.3). An absent context entry blocks the
    // function's DMA entirely (fault: context entry not present), which is
    // what every function gets until pci hands it to a driver.
    public sealed unsafe class ContextTables
    {
        private const ulong Present = 1;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

        private readonly ITablePages _pages;

        public ContextTables(ITablePages pages)
        {
            _pages = pages;
            Root = pages.Allocate();
        }

        public ulong Root { get; }

        // Points the function at `address` (bus << 8 | devfn) at `table`
        // in domain `domain`; false when no page was left for its bus.
        // Translation type 0 (untranslated requests only, through the
        // second-level table); address width 1 (39 bits, 3 levels) or 2
        // (48 bits, 4 levels); fault processing on.
        public bool Set(int address, int domain, SecondLevelTable table)
        {
            ulong* entry = Entry(address, true);
            if (entry == null || Root == 0 || table.Root == 0)
                return false;
            // The high half first: the entry is not present until the low
            // half says so.
            entry[1] = (ulong)(uint)(table.Levels - 2) | (ulong)(uint)(domain & 0xFFFF) << 8;
            entry[0] = (table.Root & AddressMask) | Present;
            return true;
        }

        public void Clear(int address)
        {
            ulong* entry = Entry(address, false);
            if (entry != null)
            {
                entry[0] = 0;
                entry[1] = 0;
            }
        }

        public bool IsSet(int address, out int domain)
        {
            ulong* entry = Entry(address, false);
            domain = entry == null ? 0 : (int)((entry[1] >> 8) & 0xFFFF);
            return entry != null && (entry[0] & Present) != 0;
        }

        private ulong* Entry(int address, bool make)
        {
            if (Root == 0 || (uint)address > 0xFFFF)
                return null;
            ulong* root = _pages.At(Root) + 2 * (address >> 8);
            if ((root[0] & Present) == 0)
            {
                if (!make)
                    return null;
                ulong page = _pages.Allocate();
                if (page == 0)
                    return null;
                root[1] = 0;
                root[0] = page | Present;
            }
            return _pages.At(root[0] & AddressMask) + 2 * (address & 0xFF);
        }
    }
}
