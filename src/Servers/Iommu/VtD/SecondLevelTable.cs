namespace Minix3.Cosmos.Servers.Iommu.VtD
{
    // One domain's second-level page table (VT-d ch. 3.7 and 9.8): the
    // same radix layout as the CPU's long-mode tables, 512 entries per
    // level, 3 levels for a 39-bit domain, 4 for 48 bits. An entry holds
    // the next table's (or the page's) physical address with Read (bit 0)
    // and Write (bit 1); a zero entry maps nothing, so a new table is a
    // domain that reaches no memory. Only 4 KiB leaves are used, and
    // intermediate tables are kept when their pages are unmapped: a
    // driver's restart maps the same runs again.
    public sealed unsafe class SecondLevelTable
    {
        public const ulong Read = 1, Write = 2;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        private const int PageShift = 12, LevelBits = 9;

        private readonly ITablePages _pages;

        public SecondLevelTable(ITablePages pages, int levels)
        {
            _pages = pages;
            Levels = levels;
            Root = pages.Allocate();
        }

        // The top table's physical address (0: no page was left for it).
        public ulong Root { get; }
        public int Levels { get; }
        public ulong Limit => 1UL << (PageShift + LevelBits * Levels);
        public long MappedPages { get; private set; }

        // Maps `pages` pages from `address` (I/O virtual) to `physical`,
        // readable and writable. False when a table page could not be had
        // or the range leaves the domain (nothing is half done: a partial
        // mapping is undone).
        public bool Map(ulong address, ulong physical, ulong pages)
        {
            if (Root == 0 || ((address | physical) & ~AddressMask & 0xFFF) != 0 || address + (pages << PageShift) > Limit
                || address + (pages << PageShift) < address)
                return false;
            for (ulong i = 0; i < pages; i++)
            {
                ulong* leaf = Leaf(address + (i << PageShift), true);
                if (leaf == null)
                {
                    Unmap(address, i);
                    return false;
                }
                if (*leaf == 0)
                    MappedPages++;
                *leaf = ((physical + (i << PageShift)) & AddressMask) | Read | Write;
            }
            return true;
        }

        public void Unmap(ulong address, ulong pages)
        {
            for (ulong i = 0; i < pages; i++)
            {
                ulong* leaf = Leaf(address + (i << PageShift), false);
                if (leaf != null && *leaf != 0)
                {
                    *leaf = 0;
                    MappedPages--;
                }
            }
        }

        // Where the IOMMU sends `address`: true with the physical address
        // when a page maps it.
        public bool Translate(ulong address, out ulong physical)
        {
            physical = 0;
            ulong* leaf = address < Limit ? Leaf(address & ~0xFFFUL, false) : null;
            if (leaf == null || (*leaf & (Read | Write)) == 0)
                return false;
            physical = (*leaf & AddressMask) | (address & 0xFFF);
            return true;
        }

        // The level-1 entry for `address`; tables on the way are made when
        // `make`, else null where one is missing.
        private ulong* Leaf(ulong address, bool make)
        {
            ulong* table = _pages.At(Root);
            for (int level = Levels; level > 1; level--)
            {
                ulong* entry = table + Index(address, level);
                if (*entry == 0)
                {
                    if (!make)
                        return null;
                    ulong page = _pages.Allocate();
                    if (page == 0)
                        return null;
                    *entry = page | Read | Write;
                }
                table = _pages.At(*entry & AddressMask);
            }
            return table + Index(address, 1);
        }

        private static int Index(ulong address, int level) =>
            (int)((address >> (PageShift + LevelBits * (level - 1))) & 511);
    }
}
