// The physical frame allocator: hands out 4 KiB frames of RAM that nothing else
// (firmware, kernel image, boot modules, loader data) owns.
//
// Life cycle: Build takes the boot memory map and does its arithmetic in the
// bitmap itself (every Available region freed, then every other region taken
// out, so that where entries overlap the unavailable one wins); Reserve then
// takes out what the kernel knows is in use (its image, modules, loader data,
// low memory) before the first allocation.
//
// Bitmap format: one bit per frame, starting at frame number firstFrame (the
// lowest available frame): bit i is bit (i % 64) of 64-bit word i / 64. In
// `free`, 1 = free; in `usable`, 1 = RAM nothing else owns (what Free accepts
// back). Both live on the kernel's heap, which never moves or frees them.
using System;

namespace Minix3.Cosmos.Kernel.Memory;

public sealed unsafe class FrameAllocator
{
    public const ulong FrameSize = 4096;
    public const int FrameShift = 12;

    private const ulong FrameMask = FrameSize - 1;

    private readonly DirectMap memory;
    private ulong[] free = Array.Empty<ulong>();
    private ulong[] usable = Array.Empty<ulong>();
    // 0 until Build succeeds: empty bitmaps hold no frame, so before Build
    // nothing can be allocated, freed or reserved.
    private ulong wordCount;
    private ulong firstFrame;
    // Invariant: bitmap words [0, hintWord) hold no free frame. Allocation scans up
    // from here, frees move it down, so repeated allocation costs O(1) amortized.
    private ulong hintWord;
    private ulong totalFrames;
    private ulong freeFrames;

    public FrameAllocator(DirectMap memory)
    {
        this.memory = memory;
    }

    /// <summary>Frames the allocator manages (usable memory).</summary>
    public ulong TotalFrames => totalFrames;

    public ulong FreeFrames => freeFrames;

    /// <summary>
    /// Sizes the bitmaps to the whole frames of the map's Available regions below the direct
    /// map's limit (the allocator must be able to zero what it hands out), frees those frames,
    /// then takes out every frame any other region touches. False when already built or when
    /// no whole frame is available.
    /// </summary>
    public bool Build(ReadOnlySpan<MemoryRegion> map)
    {
        if (wordCount != 0)
            return false;
        ulong low = ulong.MaxValue, high = 0;
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i].Type == MemoryRegionType.Available && Frames(map[i], true, out ulong from, out ulong to))
            {
                low = from < low ? from : low;
                high = to > high ? to : high;
            }
        }
        if (high == 0)
            return false;
        firstFrame = low;
        wordCount = (high - low + 63) / 64;
        free = new ulong[wordCount];
        usable = new ulong[wordCount];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < map.Length; i++)
            {
                bool available = map[i].Type == MemoryRegionType.Available;
                if (available == (pass == 0) && Frames(map[i], available, out ulong from, out ulong to))
                    Mark(from, to, available);
            }
        }
        return true;
    }

    /// <summary>
    /// Takes [start, start + length), widened to whole frames, out of usable memory for good
    /// (kernel image, modules, loader data, low memory...). After <see cref="Build"/>, before
    /// the first allocation. False before Build.
    /// </summary>
    public bool Reserve(ulong start, ulong length)
    {
        if (wordCount == 0)
            return false;
        if (Frames(new MemoryRegion(start, length, MemoryRegionType.Reserved), false, out ulong from, out ulong to))
            Mark(from, to, false);
        return true;
    }

    /// <summary>
    /// Frame numbers [from, to) of a region below the direct map's limit: the whole frames
    /// inside it, or every frame it touches. False when none.
    /// </summary>
    private bool Frames(MemoryRegion region, bool inside, out ulong from, out ulong to)
    {
        ulong end = region.Base + region.Length;
        if (end < region.Base || end > memory.Limit)
            end = memory.Limit;
        from = (inside ? AlignUp(region.Base) : region.Base & ~FrameMask) >> FrameShift;
        to = (inside ? end & ~FrameMask : AlignUp(end)) >> FrameShift;
        return from < to;
    }

    /// <summary>Makes the frames of [from, to) in the bitmap usable and free, or neither, keeping the counts.</summary>
    private void Mark(ulong from, ulong to, bool available)
    {
        ulong limit = firstFrame + wordCount * 64;
        for (ulong frame = from > firstFrame ? from : firstFrame; frame < to && frame < limit; frame++)
        {
            ulong index = frame - firstFrame;
            // Whole words at once where all 64 frames change (most of RAM, at boot).
            ulong before = available ? 0 : ulong.MaxValue;
            if ((index & 63) == 0 && to - frame >= 64 && usable[index >> 6] == before && free[index >> 6] == before)
            {
                usable[index >> 6] = free[index >> 6] = ~before;
                totalFrames = available ? totalFrames + 64 : totalFrames - 64;
                freeFrames = available ? freeFrames + 64 : freeFrames - 64;
                frame += 63;
                continue;
            }
            if (IsSet(usable, index) == available)
                continue;
            SetBit(usable, index, available);
            totalFrames = available ? totalFrames + 1 : totalFrames - 1;
            if (IsSet(free, index) != available)
                freeFrames = available ? freeFrames + 1 : freeFrames - 1;
            SetBit(free, index, available);
        }
    }

    /// <summary>Takes one free frame (the lowest one at or after the hint). False when memory is exhausted.</summary>
    public bool TryAllocate(bool zero, out ulong physical)
    {
        physical = 0;
        ulong w = hintWord;
        while (w < wordCount && free[w] == 0)
            w++;
        hintWord = w;
        if (w == wordCount)
            return false;
        // The lowest free frame of the word (no BitOperations in our corelib).
        int bit = 0;
        while ((free[w] & (1UL << bit)) == 0)
            bit++;
        free[w] &= ~(1UL << bit);
        freeFrames--;
        physical = (firstFrame + w * 64 + (ulong)bit) << FrameShift;
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
        if (count == 0 || count > freeFrames || alignment < FrameSize || (alignment & (alignment - 1)) != 0)
            return false;
        ulong alignFrames = alignment >> FrameShift;
        ulong bitLimit = wordCount * 64;
        ulong candidate = AlignUp(firstFrame + hintWord * 64, alignFrames);
        while (candidate - firstFrame <= bitLimit && count <= bitLimit - (candidate - firstFrame))
        {
            ulong index = candidate - firstFrame, run = 0;
            while (run < count && IsSet(free, index + run))
                run++;
            if (run == count)
            {
                for (ulong k = index; k < index + count; k++)
                    SetBit(free, k, false);
                freeFrames -= count;
                physical = candidate << FrameShift;
                if (zero)
                    Zero(physical, count);
                return true;
            }
            // The next candidate lies past the frame that was in the way.
            candidate = AlignUp(candidate + run + 1, alignFrames);
        }
        return false;
    }

    public FreeResult Free(ulong physical) => FreeContiguous(physical, 1);

    /// <summary>Returns <paramref name="count"/> frames from <paramref name="physical"/>; all or nothing.</summary>
    public FreeResult FreeContiguous(ulong physical, ulong count)
    {
        if ((physical & FrameMask) != 0 || count == 0 || count > (ulong.MaxValue - physical) >> FrameShift)
            return FreeResult.Invalid;
        // Reserved memory, holes and frames beyond the bitmap were never usable.
        ulong frame = physical >> FrameShift;
        if (frame < firstFrame || count > wordCount * 64 || frame - firstFrame > wordCount * 64 - count)
            return FreeResult.NotUsable;
        ulong index = frame - firstFrame;
        for (ulong k = index; k < index + count; k++)
        {
            if (!IsSet(usable, k))
                return FreeResult.NotUsable;
            if (IsSet(free, k))
                return FreeResult.DoubleFree;
        }
        for (ulong k = index; k < index + count; k++)
            SetBit(free, k, true);
        freeFrames += count;
        if (index / 64 < hintWord)
            hintWord = index / 64;
        return FreeResult.Freed;
    }

    /// <summary>True when the frame holding <paramref name="physical"/> is usable and currently free.</summary>
    public bool IsFree(ulong physical)
    {
        if ((physical >> FrameShift) < firstFrame)
            return false;
        ulong index = (physical >> FrameShift) - firstFrame;
        return index < wordCount * 64 && IsSet(free, index);
    }

    private static bool IsSet(ulong[] bits, ulong index) => (bits[index >> 6] & (1UL << (int)(index & 63))) != 0;

    private static void SetBit(ulong[] bits, ulong index, bool value)
    {
        ulong mask = 1UL << (int)(index & 63);
        if (value)
            bits[index >> 6] |= mask;
        else
            bits[index >> 6] &= ~mask;
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
}
