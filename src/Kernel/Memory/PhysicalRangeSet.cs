// A set of physical addresses kept as sorted, disjoint, non-adjacent ranges in a
// fixed array. The frame allocator keeps its usable memory in one.
using System;

namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>
/// Invariants: ranges[0..Count) are non-empty, sorted by Start, and for consecutive
/// ranges a, b: a.End &lt; b.Start (touching ranges are merged). When the fixed capacity
/// would be exceeded the set shrinks rather than grows (a piece is dropped and counted
/// in <see cref="Dropped"/>): for a set of usable memory, losing memory is the safe error.
/// </summary>
public sealed class PhysicalRangeSet
{
    private readonly PhysicalRange[] ranges;
    private int count;
    private int dropped;

    public PhysicalRangeSet(int capacity)
    {
        ranges = new PhysicalRange[capacity];
    }

    public int Count => count;

    public int Capacity => ranges.Length;

    /// <summary>Pieces lost because the array was full.</summary>
    public int Dropped => dropped;

    public PhysicalRange this[int index] => ranges[index];

    public ReadOnlySpan<PhysicalRange> Ranges => new ReadOnlySpan<PhysicalRange>(ranges).Slice(0, count);

    public ulong TotalLength
    {
        get
        {
            ulong total = 0;
            for (int i = 0; i < count; i++)
                total += ranges[i].Length;
            return total;
        }
    }

    public void Clear()
    {
        count = 0;
        dropped = 0;
    }

    /// <summary>Adds [start, end) (union). False if it had to be dropped for lack of room.</summary>
    public bool Add(ulong start, ulong end)
    {
        if (end <= start)
            return true;
        int first = 0;
        while (first < count && ranges[first].End < start)
            first++;
        // ranges[first..last) overlap or touch [start, end): fold them into one.
        int last = first;
        while (last < count && ranges[last].Start <= end)
        {
            if (ranges[last].Start < start)
                start = ranges[last].Start;
            if (ranges[last].End > end)
                end = ranges[last].End;
            last++;
        }
        if (last == first)
        {
            if (count == ranges.Length)
            {
                dropped++;
                return false;
            }
            for (int j = count; j > first; j--)
                ranges[j] = ranges[j - 1];
            count++;
        }
        else
        {
            RemoveRun(first + 1, last);
        }
        ranges[first] = new PhysicalRange(start, end);
        return true;
    }

    /// <summary>Removes [start, end). False if a split left a piece with no room (the piece is dropped).</summary>
    public bool Remove(ulong start, ulong end)
    {
        if (end <= start)
            return true; // an empty range would otherwise "split" a range into two touching halves
        bool kept = true;
        for (int i = 0; i < count; i++)
        {
            PhysicalRange r = ranges[i];
            if (!r.Overlaps(start, end))
                continue;
            if (start <= r.Start && r.End <= end)
            {
                RemoveRun(i, i + 1);
                i--;
            }
            else if (r.Start < start && end < r.End)
            {
                ranges[i].End = start;
                if (count == ranges.Length)
                {
                    dropped++;
                    kept = false;
                }
                else
                {
                    for (int j = count; j > i + 1; j--)
                        ranges[j] = ranges[j - 1];
                    ranges[i + 1] = new PhysicalRange(end, r.End);
                    count++;
                }
                return kept; // a range wholly inside one range touches no other
            }
            else if (r.Start < start)
            {
                ranges[i].End = start;
            }
            else
            {
                ranges[i].Start = end;
            }
        }
        return kept;
    }

    /// <summary>Index of the range holding <paramref name="address"/>, or -1 (binary search).</summary>
    public int IndexOf(ulong address)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            int mid = low + (high - low) / 2;
            if (address < ranges[mid].Start)
                high = mid - 1;
            else if (address >= ranges[mid].End)
                low = mid + 1;
            else
                return mid;
        }
        return -1;
    }

    /// <summary>True when all of [start, end) lies inside one range.</summary>
    public bool ContainsAll(ulong start, ulong end)
    {
        int i = IndexOf(start);
        return i >= 0 && end <= ranges[i].End;
    }

    private void RemoveRun(int from, int to)
    {
        int removed = to - from;
        for (int j = from; j + removed < count; j++)
            ranges[j] = ranges[j + removed];
        count -= removed;
    }
}
