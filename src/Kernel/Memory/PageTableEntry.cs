// x86-64 4-level paging entry format (Intel SDM vol. 3A, 4.5; AMD APM vol. 2, 5.3).
//
// A virtual address (48 bits, sign-extended to 64: "canonical") splits into
//   bits 47..39 PML4 index, 38..30 PDPT index, 29..21 PD index, 20..12 PT index,
//   11..0 offset.
// Each table is one 4 KiB frame of 512 little-endian u64 entries. An entry holds
// flag bits plus the physical address of the next table or of the page:
//   bit 0 P, 1 R/W, 2 U/S, 3 PWT, 4 PCD, 5 A, 6 D, 7 PS (in PDPT/PD: maps a
//   1 GiB/2 MiB page directly), 8 G (leaf only), bits 51..12 address
//   (51..21 for a 2 MiB page; bit 12 there is PAT, which we never set), 63 XD/NX.
// Effective access is the AND of R/W and U/S along the walk and the OR of NX.
namespace Minix3.Cosmos.Kernel.Memory;

public static class PageTableEntry
{
    public const ulong Present = 1UL << 0;
    public const ulong Writable = 1UL << 1;
    public const ulong User = 1UL << 2;
    public const ulong WriteThrough = 1UL << 3;
    public const ulong CacheDisable = 1UL << 4;

    /// <summary>PS: the PDPT/PD entry maps a 1 GiB/2 MiB page instead of pointing at a table.</summary>
    public const ulong LargePage = 1UL << 7;

    public const ulong Global = 1UL << 8;

    /// <summary>Bit 9, ignored by the MMU: the space owns the page's frame (AddressSpace.MapFresh).</summary>
    public const ulong Owned = 1UL << 9;
    public const ulong NoExecute = 1UL << 63;

    /// <summary>Physical address bits of a table pointer or 4 KiB page (52-bit physical space).</summary>
    public const ulong AddressMask = 0x000F_FFFF_FFFF_F000;

    public const int EntriesPerTable = 512;
    public const ulong LargePageSize = 2UL << 20;

    /// <summary>One past the largest physical address an entry can hold.</summary>
    public const ulong PhysicalLimit = 1UL << 52;

    /// <summary>Index into the level-<paramref name="level"/> table (4: PML4 .. 1: PT) for <paramref name="virtualAddress"/>.</summary>
    public static int Index(ulong virtualAddress, int level) => (int)((virtualAddress >> (12 + 9 * (level - 1))) & 511);
}
