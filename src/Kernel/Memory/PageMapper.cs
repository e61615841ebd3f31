// Builds and edits one x86-64 4-level page-table tree (one address space).
// Tables are frames from the FrameAllocator, reached through the direct map, so
// the same code edits live tables in the kernel and fake RAM in host tests.
// Entry format: see PageTableEntry.
//
// Invariants kept for every tree this class edits:
//  - intermediate entries are Present, carry Writable/User when any page below
//    needed them (the most permissive child wins), and never NoExecute, so that
//    the leaf alone decides the access a page gets;
//  - a table left with no entries by Unmap is freed and its parent entry cleared
//    (the root is never freed).
// The caller flushes the TLB (invlpg / CR3 reload) after Unmap or a remap: this
// class never touches the CPU.
namespace Minix3.Cosmos.Kernel.Memory;

public sealed unsafe class PageMapper
{
    private const ulong LowHalfEnd = 0x0000_8000_0000_0000;
    private const ulong HighHalfStart = 0xFFFF_8000_0000_0000;
    private const ulong LinearMask = 0x0000_FFFF_FFFF_FFFF;
    private const ulong PageMask = PageTableEntry.PageSize - 1;
    private const ulong LargeMask = PageTableEntry.LargePageSize - 1;

    /// <summary>Flags a caller may pass to Map.</summary>
    private const ulong MapFlagMask = PageTableEntry.Present | PageTableEntry.Writable | PageTableEntry.User
        | PageTableEntry.WriteThrough | PageTableEntry.CacheDisable | PageTableEntry.Global | PageTableEntry.NoExecute;

    /// <summary>Flags Translate reports (Accessed/Dirty are the CPU's business).</summary>
    private const ulong ReportedMask = MapFlagMask | PageTableEntry.LargePage;

    private readonly FrameAllocator frames;
    private readonly DirectMap memory;
    private ulong root;

    /// <summary>
    /// Edits the tree whose PML4 is at physical <paramref name="rootTable"/>. A raw CR3 value may
    /// be passed: its low 12 bits (PCID / PWT / PCD) are ignored.
    /// </summary>
    public PageMapper(FrameAllocator frames, DirectMap memory, ulong rootTable)
    {
        this.frames = frames;
        this.memory = memory;
        root = rootTable & PageTableEntry.AddressMask;
    }

    /// <summary>Allocates an empty (zeroed) PML4 for a new address space.</summary>
    public static bool TryCreateRoot(FrameAllocator frames, out ulong rootTable)
    {
        return frames.TryAllocate(true, out rootTable);
    }

    /// <summary>Physical address of the PML4.</summary>
    public ulong RootTable => root;

    /// <summary>
    /// Edits another tree from now on (an address space object reused for a new process: the
    /// kernel heap is never collected, so it recycles rather than allocates).
    /// </summary>
    public void Retarget(ulong rootTable) => root = rootTable & PageTableEntry.AddressMask;

    /// <summary>True for addresses whose bits 63..47 are all equal.</summary>
    public static bool IsCanonical(ulong virtualAddress) => virtualAddress < LowHalfEnd || virtualAddress >= HighHalfStart;

    /// <summary>
    /// Maps [virtualAddress, +length) to [physicalAddress, +length) with <paramref name="flags"/>
    /// (Present implied). Everything is checked before anything changes: on AlreadyMapped or
    /// LargePageConflict the tree is untouched.
    /// </summary>
    public MapResult Map(ulong virtualAddress, ulong physicalAddress, ulong length, PageFlags flags, MapOptions options)
    {
        MapResult check = CheckRange(virtualAddress, length);
        if (check != MapResult.Success)
            return check;
        if ((physicalAddress & PageMask) != 0)
            return MapResult.Misaligned;
        if (physicalAddress >= PageTableEntry.PhysicalLimit || length > PageTableEntry.PhysicalLimit - physicalAddress)
            return MapResult.PhysicalTooLarge;
        if (((ulong)flags & ~MapFlagMask) != 0)
            return MapResult.InvalidArgument;
        bool remap = (options & MapOptions.AllowRemap) != 0;
        bool large = (options & MapOptions.AllowLargePages) != 0;
        ulong leaf = (ulong)flags | PageTableEntry.Present;

        for (ulong done = 0; done < length;)
        {
            ulong size = StepSize(virtualAddress + done, physicalAddress + done, length - done, large);
            MapResult step = CheckStep(virtualAddress + done, size, remap);
            if (step != MapResult.Success)
                return step;
            done += size;
        }
        for (ulong done = 0; done < length;)
        {
            ulong size = StepSize(virtualAddress + done, physicalAddress + done, length - done, large);
            if (!MapStep(virtualAddress + done, physicalAddress + done, size, leaf))
            {
                // Without remap nothing here was mapped before, so unmapping restores it
                // (and frees the tables this call created).
                if (!remap)
                    Unmap(virtualAddress, done + size);
                return MapResult.OutOfMemory;
            }
            done += size;
        }
        return MapResult.Success;
    }

    /// <summary>
    /// Removes every mapping in [virtualAddress, +length); unmapped holes are fine. Refuses,
    /// changing nothing, when the range covers only part of a large page.
    /// </summary>
    public MapResult Unmap(ulong virtualAddress, ulong length)
    {
        MapResult check = CheckRange(virtualAddress, length);
        if (check != MapResult.Success)
            return check;
        ulong start = virtualAddress & LinearMask;
        ulong end = start + length;
        if (CutsLargePage(Table(root), 4, 0, start, end))
            return MapResult.LargePageConflict;
        UnmapIn(Table(root), 4, 0, start, end);
        return MapResult.Success;
    }

    /// <summary>
    /// Walks the tree for <paramref name="virtualAddress"/>: the physical address it reaches
    /// and the leaf entry's flags (LargePage set for a 2 MiB or 1 GiB page). False when unmapped.
    /// </summary>
    public bool Translate(ulong virtualAddress, out ulong physicalAddress, out PageFlags flags)
    {
        physicalAddress = 0;
        flags = PageFlags.None;
        if (!IsCanonical(virtualAddress))
            return false;
        ulong* table = Table(root);
        for (int level = 4; level >= 1; level--)
        {
            ulong entry = table[PageTableEntry.Index(virtualAddress, level)];
            if ((entry & PageTableEntry.Present) == 0)
                return false;
            if (level == 1 || (entry & PageTableEntry.LargePage) != 0)
            {
                ulong mask = level == 1 ? PageTableEntry.AddressMask
                    : level == 2 ? PageTableEntry.LargeAddressMask : PageTableEntry.HugeAddressMask;
                ulong offsetMask = (1UL << PageTableEntry.Shift(level)) - 1;
                physicalAddress = (entry & mask) | (virtualAddress & offsetMask);
                flags = (PageFlags)(entry & ReportedMask);
                return true;
            }
            table = Table(entry & PageTableEntry.AddressMask);
        }
        return false;
    }

    private static MapResult CheckRange(ulong virtualAddress, ulong length)
    {
        if (length == 0)
            return MapResult.InvalidArgument;
        if (((virtualAddress | length) & PageMask) != 0)
            return MapResult.Misaligned;
        ulong last = virtualAddress + (length - 1);
        if (last < virtualAddress)
            return MapResult.InvalidArgument;
        // Two canonical ends in different halves would span the non-canonical hole.
        if (!IsCanonical(virtualAddress) || !IsCanonical(last) || (virtualAddress < LowHalfEnd) != (last < LowHalfEnd))
            return MapResult.NotCanonical;
        return MapResult.Success;
    }

    private static ulong StepSize(ulong virtualAddress, ulong physicalAddress, ulong remaining, bool large)
    {
        bool fits = large && ((virtualAddress | physicalAddress) & LargeMask) == 0 && remaining >= PageTableEntry.LargePageSize;
        return fits ? PageTableEntry.LargePageSize : PageTableEntry.PageSize;
    }

    /// <summary>Would mapping one page of <paramref name="size"/> at <paramref name="virtualAddress"/> be allowed?</summary>
    private MapResult CheckStep(ulong virtualAddress, ulong size, bool remap)
    {
        ulong* table = Table(root);
        for (int level = 4; level >= 1; level--)
        {
            ulong entry = table[PageTableEntry.Index(virtualAddress, level)];
            if ((entry & PageTableEntry.Present) == 0)
                return MapResult.Success;
            if (level == 1)
                return remap ? MapResult.Success : MapResult.AlreadyMapped;
            if ((entry & PageTableEntry.LargePage) != 0)
            {
                if (!remap)
                    return MapResult.AlreadyMapped;
                // Only an exact 2 MiB-for-2 MiB replacement avoids splitting.
                return level == 2 && size == PageTableEntry.LargePageSize ? MapResult.Success : MapResult.LargePageConflict;
            }
            if (level == 2 && size == PageTableEntry.LargePageSize)
            {
                bool used = HasPresent(Table(entry & PageTableEntry.AddressMask));
                return used && !remap ? MapResult.AlreadyMapped : MapResult.Success;
            }
            table = Table(entry & PageTableEntry.AddressMask);
        }
        return MapResult.Success;
    }

    /// <summary>Installs one checked page, creating zeroed tables on the way. False when out of frames.</summary>
    private bool MapStep(ulong virtualAddress, ulong physicalAddress, ulong size, ulong leaf)
    {
        int leafLevel = size == PageTableEntry.LargePageSize ? 2 : 1;
        ulong inherited = leaf & PageTableEntry.InheritedMask;
        ulong* table = Table(root);
        for (int level = 4; level > leafLevel; level--)
        {
            ulong* entry = table + PageTableEntry.Index(virtualAddress, level);
            if ((*entry & PageTableEntry.Present) == 0)
            {
                if (!frames.TryAllocate(true, out ulong newTable))
                    return false;
                *entry = newTable | PageTableEntry.Present | inherited;
            }
            else
            {
                *entry = (*entry | inherited) & ~PageTableEntry.NoExecute;
            }
            table = Table(*entry & PageTableEntry.AddressMask);
        }
        ulong* slot = table + PageTableEntry.Index(virtualAddress, leafLevel);
        if (leafLevel == 2)
        {
            // A page table under this slot is replaced by the large page (CheckStep allowed it).
            if ((*slot & PageTableEntry.Present) != 0 && (*slot & PageTableEntry.LargePage) == 0)
                frames.Free(*slot & PageTableEntry.AddressMask);
            leaf |= PageTableEntry.LargePage;
        }
        *slot = physicalAddress | leaf;
        return true;
    }

    /// <summary>True when a large page in the subtree overlaps [start, end) without lying inside it.</summary>
    private bool CutsLargePage(ulong* table, int level, ulong tableBase, ulong start, ulong end)
    {
        int shift = PageTableEntry.Shift(level);
        ulong span = 1UL << shift;
        EntryRange(tableBase, shift, start, end, out int first, out int last);
        for (int i = first; i <= last; i++)
        {
            ulong entry = table[i];
            if ((entry & PageTableEntry.Present) == 0 || level == 1)
                continue;
            ulong entryBase = tableBase + (ulong)i * span;
            if ((entry & PageTableEntry.LargePage) != 0)
            {
                if (entryBase < start || entryBase + span > end)
                    return true;
            }
            else if (CutsLargePage(Table(entry & PageTableEntry.AddressMask), level - 1, entryBase, start, end))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Clears leaves in [start, end) below <paramref name="table"/>; frees child tables left empty.</summary>
    private void UnmapIn(ulong* table, int level, ulong tableBase, ulong start, ulong end)
    {
        int shift = PageTableEntry.Shift(level);
        EntryRange(tableBase, shift, start, end, out int first, out int last);
        for (int i = first; i <= last; i++)
        {
            ulong entry = table[i];
            if ((entry & PageTableEntry.Present) == 0)
                continue;
            if (level == 1 || (entry & PageTableEntry.LargePage) != 0)
            {
                table[i] = 0;
                continue;
            }
            ulong childPhysical = entry & PageTableEntry.AddressMask;
            ulong* child = Table(childPhysical);
            UnmapIn(child, level - 1, tableBase + ((ulong)i << shift), start, end);
            if (IsEmpty(child))
            {
                table[i] = 0;
                // Tables we did not allocate (a loader's) are refused by the allocator: harmless.
                frames.Free(childPhysical);
            }
        }
    }

    /// <summary>Indexes [first, last] of the entries of a table at <paramref name="tableBase"/> that overlap [start, end).</summary>
    private static void EntryRange(ulong tableBase, int shift, ulong start, ulong end, out int first, out int last)
    {
        ulong tableEnd = tableBase + (512UL << shift);
        ulong low = start > tableBase ? start : tableBase;
        ulong high = end < tableEnd ? end : tableEnd;
        first = (int)((low - tableBase) >> shift);
        last = (int)((high - 1 - tableBase) >> shift);
    }

    private static bool HasPresent(ulong* table)
    {
        for (int i = 0; i < PageTableEntry.EntriesPerTable; i++)
        {
            if ((table[i] & PageTableEntry.Present) != 0)
                return true;
        }
        return false;
    }

    private static bool IsEmpty(ulong* table)
    {
        for (int i = 0; i < PageTableEntry.EntriesPerTable; i++)
        {
            if (table[i] != 0)
                return false;
        }
        return true;
    }

    private ulong* Table(ulong physical) => (ulong*)memory.Pointer(physical);
}
