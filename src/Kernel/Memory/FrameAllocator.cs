// The physical frame allocator: hands out 4 KiB frames of RAM that nothing else
// (firmware, kernel image, boot modules, loader data) owns.
//
// Life cycle: AddAvailable/AddMemoryMap and Reserve describe memory, then Build
// carves a bitmap out of usable memory and switches to allocating. After Build,
// only allocate/free calls are accepted.
//
// Bitmap format: one bit per frame, starting at frame number FirstFrame (the
// lowest usable frame): bit i is bit (i % 64) of 64-bit word i / 64; 1 = free,
// 0 = allocated or never usable. The bitmap lives in RAM at BitmapRange, reached
// through the direct map, and its frames are excluded from the usable set.
using System;

namespace Minix3.Cosmos.Kernel.Memory;

public sealed unsafe class FrameAllocator
{
    public const ulong FrameSize = 4096;
    public const int FrameShift = 12;
    public const int MaxUsableRanges = 128;

    private const ulong FrameMask = FrameSize - 1;

    private readonly DirectMap memory;
    private readonly PhysicalRangeSet usable;
    private ulong* bitmap;
    private ulong wordCount;
    private ulong firstFrame;
    // Invariant: bitmap words [0, hintWord) hold no free frame. Allocation scans up
    // from here, frees move it down, so repeated allocation costs O(1) amortized.
    private ulong hintWord;
    private ulong totalFrames;
    private ulong freeFrames;
    private PhysicalRange bitmapRange;
    private bool ready;

    public FrameAllocator(DirectMap memory)
    {
        this.memory = memory;
        usable = new PhysicalRangeSet(MaxUsableRanges);
    }

    /// <summary>True once <see cref="Build"/> succeeded.</summary>
    public bool IsReady => ready;

    /// <summary>Frames the allocator manages (usable memory minus its bitmap).</summary>
    public ulong TotalFrames => totalFrames;

    public ulong FreeFrames => freeFrames;

    /// <summary>Where the bitmap lives (empty before <see cref="Build"/>).</summary>
    public PhysicalRange BitmapRange => bitmapRange;

    /// <summary>Usable memory, frame-aligned, sorted, disjoint: for printing and for checks.</summary>
    public ReadOnlySpan<PhysicalRange> UsableRanges => usable.Ranges;

    /// <summary>
    /// Declares [start, start + length) as RAM. Partial frames at the edges and anything at
    /// or above the direct map's limit are ignored (the allocator must be able to zero what it
    /// hands out). False when refused: after <see cref="Build"/>, or no room in the range table.
    /// </summary>
    public bool AddAvailable(ulong start, ulong length)
    {
        if (ready)
            return false;
        ulong end = start + length;
        if (end < start || end > memory.Limit)
            end = memory.Limit;
        if (start >= end)
            return true;
        return usable.Add(AlignUp(start), end & ~FrameMask);
    }

    /// <summary>Adds every <see cref="MemoryRegionType.Available"/> region of a boot memory map.</summary>
    public void AddMemoryMap(ReadOnlySpan<MemoryRegion> regions)
    {
        for (int i = 0; i < regions.Length; i++)
        {
            if (regions[i].Type == MemoryRegionType.Available)
                AddAvailable(regions[i].Base, regions[i].Length);
        }
    }

    /// <summary>
    /// Removes [start, start + length), widened to whole frames, from usable memory (kernel
    /// image, modules, loader data, low memory...). Only before <see cref="Build"/>.
    /// </summary>
    public bool Reserve(ulong start, ulong length)
    {
        if (ready)
            return false;
        ulong end = start + length;
        if (end < start || end > memory.Limit)
            end = memory.Limit;
        if (start >= end)
            return true;
        return usable.Remove(start & ~FrameMask, AlignUp(end));
    }

    /// <summary>
    /// Places the bitmap at the top of the highest usable range that can hold it, marks every
    /// usable frame free and starts allocating. False when already built, when there is no
    /// usable memory, or when no range can hold the bitmap.
    /// </summary>
    public bool Build()
    {
        if (ready || usable.Count == 0)
            return false;
        firstFrame = usable[0].Start >> FrameShift;
        ulong frames = (usable[usable.Count - 1].End >> FrameShift) - firstFrame;
        wordCount = (frames + 63) / 64;
        ulong bitmapBytes = AlignUp(wordCount * 8);
        int host = usable.Count - 1;
        while (host >= 0 && usable[host].Length < bitmapBytes)
            host--;
        if (host < 0)
            return false;
        ulong bitmapStart = usable[host].End - bitmapBytes;
        bitmapRange = new PhysicalRange(bitmapStart, bitmapStart + bitmapBytes);
        usable.Remove(bitmapStart, bitmapStart + bitmapBytes); // trims an end: never splits

        bitmap = (ulong*)memory.Pointer(bitmapStart);
        for (ulong w = 0; w < wordCount; w++)
            bitmap[w] = 0;
        totalFrames = 0;
        for (int i = 0; i < usable.Count; i++)
        {
            ulong from = (usable[i].Start >> FrameShift) - firstFrame;
            ulong to = (usable[i].End >> FrameShift) - firstFrame;
            SetBits(from, to, true);
            totalFrames += to - from;
        }
        freeFrames = totalFrames;
        hintWord = 0;
        ready = true;
        return true;
    }

    /// <summary>Takes one free frame (the lowest one at or after the hint). False when memory is exhausted.</summary>
    public bool TryAllocate(bool zero, out ulong physical)
    {
        physical = 0;
        if (!ready)
            return false;
        ulong w = hintWord;
        while (w < wordCount && bitmap[w] == 0)
            w++;
        hintWord = w;
        if (w == wordCount)
            return false;
        ulong word = bitmap[w];
        bitmap[w] = word & (word - 1); // clears the lowest set bit
        freeFrames--;
        physical = (firstFrame + w * 64 + (ulong)LowestSetBit(word)) << FrameShift;
        if (zero)
            Zero(physical, 1);
        return true;
    }

    /// <summary>
    /// Takes <paramref name="count"/> physically contiguous frames whose first address is a
    /// multiple of <paramref name="alignment"/> (a power of two, at least 4096). First fit
    /// from the hint upwards. False when no such run exists or the arguments are invalid.
    /// </summary>
    public bool TryAllocateContiguous(ulong count, ulong alignment, bool zero, out ulong physical)
    {
        physical = 0;
        if (!ready || count == 0 || count > freeFrames || alignment < FrameSize || (alignment & (alignment - 1)) != 0)
            return false;
        if (count == 1 && alignment == FrameSize)
            return TryAllocate(zero, out physical);
        ulong alignFrames = alignment >> FrameShift;
        ulong bitLimit = wordCount * 64;
        ulong candidate = AlignUp(firstFrame + hintWord * 64, alignFrames);
        while (candidate - firstFrame <= bitLimit && count <= bitLimit - (candidate - firstFrame))
        {
            ulong index = candidate - firstFrame;
            ulong blocked = FirstClearBit(index, index + count);
            if (blocked == ulong.MaxValue)
            {
                SetBits(index, index + count, false);
                freeFrames -= count;
                physical = candidate << FrameShift;
                if (zero)
                    Zero(physical, count);
                return true;
            }
            candidate = AlignUp(firstFrame + blocked + 1, alignFrames);
        }
        return false;
    }

    public FreeResult Free(ulong physical) => FreeContiguous(physical, 1);

    /// <summary>Returns <paramref name="count"/> frames from <paramref name="physical"/>; all or nothing.</summary>
    public FreeResult FreeContiguous(ulong physical, ulong count)
    {
        if (!ready)
            return FreeResult.NotReady;
        if ((physical & FrameMask) != 0 || count == 0 || count > (ulong.MaxValue - physical) >> FrameShift)
            return FreeResult.Invalid;
        // Usable ranges exclude reserved memory, holes and the bitmap, and an allocation
        // never spans two ranges (the frames between them are never free).
        if (!usable.ContainsAll(physical, physical + (count << FrameShift)))
            return FreeResult.NotUsable;
        ulong index = (physical >> FrameShift) - firstFrame;
        for (ulong k = 0; k < count; k++)
        {
            if (IsSet(index + k))
                return FreeResult.DoubleFree;
        }
        SetBits(index, index + count, true);
        freeFrames += count;
        if (index / 64 < hintWord)
            hintWord = index / 64;
        return FreeResult.Freed;
    }

    /// <summary>True when the frame holding <paramref name="physical"/> is usable and currently free.</summary>
    public bool IsFree(ulong physical)
    {
        if (!ready || (physical >> FrameShift) < firstFrame)
            return false;
        ulong index = (physical >> FrameShift) - firstFrame;
        return index < wordCount * 64 && IsSet(index);
    }

    private bool IsSet(ulong index) => (bitmap[index >> 6] & (1UL << (int)(index & 63))) != 0;

    /// <summary>Sets (free) or clears (allocated) bits [from, to), whole words at a time where possible.</summary>
    private void SetBits(ulong from, ulong to, bool value)
    {
        while (from < to && (from & 63) != 0)
            SetBit(from++, value);
        while (to - from >= 64)
        {
            bitmap[from >> 6] = value ? ulong.MaxValue : 0;
            from += 64;
        }
        while (from < to)
            SetBit(from++, value);
    }

    private void SetBit(ulong index, bool value)
    {
        ulong mask = 1UL << (int)(index & 63);
        if (value)
            bitmap[index >> 6] |= mask;
        else
            bitmap[index >> 6] &= ~mask;
    }

    /// <summary>First index in [from, to) whose bit is clear, or ulong.MaxValue.</summary>
    private ulong FirstClearBit(ulong from, ulong to)
    {
        ulong i = from;
        while (i < to)
        {
            if ((i & 63) == 0 && to - i >= 64 && bitmap[i >> 6] == ulong.MaxValue)
            {
                i += 64;
                continue;
            }
            if (!IsSet(i))
                return i;
            i++;
        }
        return ulong.MaxValue;
    }

    private void Zero(ulong physical, ulong frames)
    {
        ulong* words = (ulong*)memory.Pointer(physical);
        ulong n = frames * (FrameSize / 8);
        for (ulong i = 0; i < n; i++)
            words[i] = 0;
    }

    /// <summary>Rounds up to a multiple of <paramref name="unit"/> (a power of two), saturating instead of wrapping.</summary>
    private static ulong AlignUp(ulong value, ulong unit)
    {
        ulong mask = unit - 1;
        return value > ulong.MaxValue - mask ? ulong.MaxValue & ~mask : (value + mask) & ~mask;
    }

    private static ulong AlignUp(ulong value) => AlignUp(value, FrameSize);

    /// <summary>Index of the lowest set bit of a non-zero word (no BitOperations in our corelib).</summary>
    private static int LowestSetBit(ulong word)
    {
        int n = 0;
        if ((word & 0xFFFF_FFFF) == 0) { n += 32; word >>= 32; }
        if ((word & 0xFFFF) == 0) { n += 16; word >>= 16; }
        if ((word & 0xFF) == 0) { n += 8; word >>= 8; }
        if ((word & 0xF) == 0) { n += 4; word >>= 4; }
        if ((word & 0x3) == 0) { n += 2; word >>= 2; }
        if ((word & 0x1) == 0) { n += 1; }
        return n;
    }
}
