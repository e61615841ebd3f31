// The physical memory map as the boot loader reported it, cleaned so that later
// code can trust it: sorted, no overlaps, no empty entries.
using System;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// Holds at most <see cref="Capacity"/> regions. Invariants after every <see cref="Add"/>:
/// regions are sorted by base, pairwise disjoint, non-empty, and adjacent regions of the
/// same type are merged.
///
/// Overlaps are resolved in the safe direction: where a non-available entry overlaps
/// available memory, the non-available entry wins (the available region is trimmed or
/// split); otherwise the earlier entry wins and the later one only fills the gaps.
/// Every overlap is reported. If a non-available region had to be dropped for lack of
/// room, later available entries are refused too, since they might cover it.
/// </summary>
public sealed class BootMemoryMap
{
    public const int Capacity = 64;

    private readonly MemoryRegion[] regions;
    private int count;
    private bool refuseAvailable;

    public BootMemoryMap()
    {
        regions = new MemoryRegion[Capacity];
    }

    public int Count => count;

    public ReadOnlySpan<MemoryRegion> Regions => new ReadOnlySpan<MemoryRegion>(regions).Slice(0, count);

    public MemoryRegion this[int index] => regions[index];

    public void Clear()
    {
        count = 0;
        refuseAvailable = false;
    }

    /// <summary>
    /// Adds one raw entry. <paramref name="rawType"/> is the loader's number; unknown
    /// numbers become <see cref="MemoryRegionType.Reserved"/>. Problems go to <paramref name="info"/>.
    /// </summary>
    public void Add(ulong baseAddress, ulong length, uint rawType, BootInfo info)
    {
        if (length == 0)
        {
            info.Report(BootProblemKind.ZeroLengthRegion, baseAddress);
            return;
        }
        ulong end = baseAddress + length;
        if (end < baseAddress)
        {
            info.Report(BootProblemKind.RegionWraps, baseAddress);
            return;
        }
        MemoryRegionType type = rawType >= 1 && rawType <= 5 ? (MemoryRegionType)rawType : MemoryRegionType.Reserved;
        bool available = type == MemoryRegionType.Available;
        if (available && refuseAvailable)
        {
            info.Report(BootProblemKind.TooManyRegions, baseAddress);
            return;
        }
        if (OverlapsAny(baseAddress, end))
        {
            info.Report(BootProblemKind.OverlappingRegion, baseAddress);
            if (!available)
                TrimAvailable(baseAddress, end, info);
        }
        FillGaps(baseAddress, end, type, info);
    }

    private bool OverlapsAny(ulong start, ulong end)
    {
        for (int i = 0; i < count; i++)
        {
            if (regions[i].Base < end && start < regions[i].End)
                return true;
        }
        return false;
    }

    /// <summary>Removes [start, end) from every available region, splitting where needed.</summary>
    private void TrimAvailable(ulong start, ulong end, BootInfo info)
    {
        for (int i = 0; i < count; i++)
        {
            MemoryRegion r = regions[i];
            ulong rEnd = r.End;
            if (r.Type != MemoryRegionType.Available || rEnd <= start || end <= r.Base)
                continue;
            if (start <= r.Base && rEnd <= end)
            {
                RemoveAt(i);
                i--;
            }
            else if (r.Base < start && end < rEnd)
            {
                regions[i].Length = start - r.Base;
                // Losing the tail for lack of room only loses usable memory: safe.
                if (count == Capacity)
                    info.Report(BootProblemKind.TooManyRegions, end);
                else
                    InsertAt(i + 1, new MemoryRegion(end, rEnd - end, MemoryRegionType.Available));
            }
            else if (r.Base < start)
            {
                regions[i].Length = start - r.Base;
            }
            else
            {
                regions[i].Base = end;
                regions[i].Length = rEnd - end;
            }
        }
    }

    /// <summary>Inserts the parts of [start, end) that no accepted region covers.</summary>
    private void FillGaps(ulong start, ulong end, MemoryRegionType type, BootInfo info)
    {
        ulong cursor = start;
        while (cursor < end)
        {
            int i = 0;
            while (i < count && regions[i].End <= cursor)
                i++;
            if (i == count || regions[i].Base >= end)
            {
                Insert(cursor, end, type, info);
                return;
            }
            // Read the blocker before inserting: insertion may shift or merge it.
            ulong blockerBase = regions[i].Base;
            ulong blockerEnd = regions[i].End;
            if (blockerBase > cursor)
                Insert(cursor, blockerBase, type, info);
            cursor = blockerEnd;
        }
    }

    /// <summary>Inserts a piece known to overlap nothing, merging with same-type neighbours.</summary>
    private void Insert(ulong start, ulong end, MemoryRegionType type, BootInfo info)
    {
        int at = 0;
        while (at < count && regions[at].Base < start)
            at++;
        bool joinPrevious = at > 0 && regions[at - 1].Type == type && regions[at - 1].End == start;
        bool joinNext = at < count && regions[at].Type == type && regions[at].Base == end;
        if (joinPrevious && joinNext)
        {
            regions[at - 1].Length = regions[at].End - regions[at - 1].Base;
            RemoveAt(at);
        }
        else if (joinPrevious)
        {
            regions[at - 1].Length = end - regions[at - 1].Base;
        }
        else if (joinNext)
        {
            regions[at].Length = regions[at].End - start;
            regions[at].Base = start;
        }
        else if (count == Capacity)
        {
            info.Report(BootProblemKind.TooManyRegions, start);
            if (type != MemoryRegionType.Available)
                refuseAvailable = true;
        }
        else
        {
            InsertAt(at, new MemoryRegion(start, end - start, type));
        }
    }

    private void InsertAt(int at, MemoryRegion region)
    {
        for (int j = count; j > at; j--)
            regions[j] = regions[j - 1];
        regions[at] = region;
        count++;
    }

    private void RemoveAt(int at)
    {
        for (int j = at; j < count - 1; j++)
            regions[j] = regions[j + 1];
        count--;
    }
}
