using System;
using Minix3.Cosmos.Runtime;

namespace Internal.Runtime.Gc
{
    // The collected heap: non-moving, mark-sweep, with size-classed blocks.
    //
    // The heap region is cut into 64 KiB blocks (aligned to 64 KiB, so a
    // pointer's block is found by masking). A block is free, holds small
    // objects of one size class in equal slots, or is part of one large
    // object (which takes whole blocks). Each block starts with a 1 KiB
    // header: an "allocated" and a "marked" bitmap, one bit per 16-byte
    // granule of the block's data (so any slot size fits); out of line, per
    // block, only its kind and class. Free slots of a class form a list
    // threaded through their first word; sweeping rebuilds the lists. The
    // heap can grow (the host maps more memory right after it) by up to
    // MaxGrowthBlocks blocks.
    //
    // Finding the object an arbitrary (interior) pointer falls in — what
    // conservative stack scanning needs — is: block by mask, slot by
    // division, then the allocated bit says whether an object lives there.
    internal static unsafe partial class GcHeap
    {
        internal const int BlockShift = 16;
        internal const nuint BlockSize = (nuint)1 << BlockShift;
        private const int GranuleShift = 4;                       // 16 bytes
        private const int BitmapBytes = 512;                      // covers the block's data
        private const nuint AllocatedBitsOffset = 0;
        private const nuint MarkedBitsOffset = BitmapBytes;
        internal const nuint HeaderBytes = 2 * BitmapBytes;
        private const nuint DataBytes = BlockSize - HeaderBytes;
        private const int MaxGrowthBlocks = 4096;                // 256 MiB

        private const byte KindFree = 0;
        private const byte KindSmall = 1;
        private const byte KindLargeStart = 2;
        private const byte KindLargeRest = 3;

        // Slot sizes; objects above the last class take whole blocks. (A
        // switch, not a static array: the heap runs before statics exist.)
        private const int ClassCount = 19;

        private static nuint ClassSize(int sizeClass) => sizeClass switch
        {
            0 => 16, 1 => 32, 2 => 48, 3 => 64, 4 => 80, 5 => 96, 6 => 128, 7 => 160, 8 => 192,
            9 => 256, 10 => 320, 11 => 384, 12 => 512, 13 => 768, 14 => 1024, 15 => 1536,
            16 => 2048, 17 => 4096, _ => 8192,
        };
        internal const nuint LargeThreshold = 8192;

        private static byte* s_blocks;         // first block (64 KiB aligned)
        private static int s_blockCount;
        private static byte* s_kinds;          // per block: Kind*
        private static byte* s_classes;        // per block: size class (small) or block count (large start)
        private static int* s_largeBlocks;     // per large-start block: how many blocks
        private static int s_maxBlocks;
        private static byte** s_freeLists;     // per class
        private static ulong s_liveBytes;
        private static ulong s_allocatedSinceCollection;

        internal static ulong Collections;
        internal static ulong LiveBytesAfterLastCollection => s_liveBytes;
        internal static int BlockCount => s_blockCount;

        // Sets the heap up in [start, start+size): metadata first (carved with
        // `raw`, the runtime's own never-freed allocator), blocks after.
        internal static byte* BlocksStart => s_blocks;

        internal static void Initialize(byte* start, nuint size, delegate*<nuint, byte*> raw, nuint rawPool)
        {
            byte* end = start + size;
            // Upper bound on blocks, growth included; their metadata first.
            int maximum = (int)(size >> BlockShift) + MaxGrowthBlocks;
            s_maxBlocks = maximum;
            s_kinds = raw((nuint)maximum);
            s_classes = raw((nuint)maximum);
            s_largeBlocks = (int*)raw((nuint)(maximum * sizeof(int)));
            s_freeLists = (byte**)raw((nuint)(ClassCount * sizeof(nint)));
            GcMarker.Initialize(raw);
            // What is left of the runtime's own pool starts here; blocks follow it.
            byte* first = raw(0) + rawPool;
            s_blocks = (byte*)(((nuint)first + BlockSize - 1) & ~(BlockSize - 1));
            s_blockCount = s_blocks >= end ? 0 : (int)((nuint)(end - s_blocks) >> BlockShift);
            if (s_blockCount < 2)
                RuntimeEnvironment.Fail("garbage collector: heap too small");
        }

        internal static bool Contains(nuint address) =>
            address >= (nuint)s_blocks && address < (nuint)s_blocks + ((nuint)s_blockCount << BlockShift);

        private static int ClassFor(nuint size)
        {
            for (int c = 0; c < ClassCount; c++)
            {
                if (size <= ClassSize(c))
                    return c;
            }
            return -1;
        }

        // A zeroed object of `size` bytes, or null when the heap is full even
        // after a collection and the host gives no more memory.
        internal static byte* Allocate(nuint size, delegate*<nuint, byte*> grow)
        {
            byte* result = TryAllocate(size);
            if (result != null)
                return result;
            GcCollector.Collect();
            if (grow != null)
                KeepRoomAfterCollection(grow);
            result = TryAllocate(size);
            if (result != null || grow == null)
                return result;
            // Grow by what this object needs, and at least 1 MiB.
            nuint wanted = ((size + HeaderBytes + BlockSize - 1) & ~(BlockSize - 1));
            if (wanted < 16 * BlockSize)
                wanted = 16 * BlockSize;
            if (!Extend(grow(wanted), wanted))
                return null;
            return TryAllocate(size);
        }

        // After a collection, the heap should have at least as much free
        // as it has live: a heap nearly full of live objects would collect
        // again after a few allocations, each collection marking and
        // sweeping all of it (FS listing a directory of 10,000 files, its
        // index live, collected every few hundred entries). Growing to
        // twice the live size makes collections rarer the more is live, so
        // their cost per allocated byte stays flat. Best effort: a host
        // that gives no more memory (the quota) leaves the heap as it is.
        private static void KeepRoomAfterCollection(delegate*<nuint, byte*> grow)
        {
            nuint capacity = (nuint)s_blockCount << BlockShift;
            nuint live = (nuint)s_liveBytes;
            if (live <= capacity / 2 || s_blockCount >= s_maxBlocks)
                return;
            nuint wanted = (2 * live - capacity + 16 * BlockSize - 1) & ~(16 * BlockSize - 1);
            if ((int)(wanted >> BlockShift) > s_maxBlocks - s_blockCount)
                wanted = (nuint)(s_maxBlocks - s_blockCount) << BlockShift;
            Extend(grow(wanted), wanted);
        }

        // New memory from the host: usable only if it continues the blocks.
        private static bool Extend(byte* memory, nuint size)
        {
            if (memory == null || memory != s_blocks + ((nuint)s_blockCount << BlockShift))
                return false;
            int added = (int)(size >> BlockShift);
            if (s_blockCount + added > s_maxBlocks)
                return false;
            for (int i = 0; i < added; i++)
                s_kinds[s_blockCount + i] = KindFree;
            s_blockCount += added;
            return true;
        }

        private static byte* TryAllocate(nuint size)
        {
            size = (size + 15) & ~(nuint)15;
            s_allocatedSinceCollection += size;
            if (size > LargeThreshold)
                return AllocateLarge(size);
            int sizeClass = ClassFor(size);
            byte* slot = s_freeLists[sizeClass];
            if (slot == null && !RefillClass(sizeClass))
                return null;
            slot = s_freeLists[sizeClass];
            s_freeLists[sizeClass] = *(byte**)slot;
            nuint slotSize = ClassSize(sizeClass);
            Buffer.ZeroMemory(slot, slotSize);
            SetBit(AllocatedBitsOffset, slot);
            return slot;
        }

        // Turns a free block into slots of the class, all on the free list.
        private static bool RefillClass(int sizeClass)
        {
            int block = FindFreeBlocks(1);
            if (block < 0)
                return false;
            s_kinds[block] = KindSmall;
            s_classes[block] = (byte)sizeClass;
            byte* blockStart = s_blocks + ((nuint)block << BlockShift);
            Buffer.ZeroMemory(blockStart, HeaderBytes);
            nuint slotSize = ClassSize(sizeClass);
            byte* start = blockStart + HeaderBytes;
            byte* list = s_freeLists[sizeClass];
            for (nuint offset = (DataBytes / slotSize - 1) * slotSize; ; offset -= slotSize)
            {
                *(byte**)(start + offset) = list;
                list = start + offset;
                if (offset == 0)
                    break;
            }
            s_freeLists[sizeClass] = list;
            return true;
        }

        private static byte* AllocateLarge(nuint size)
        {
            int blocks = (int)((size + HeaderBytes + BlockSize - 1) >> BlockShift);
            int first = FindFreeBlocks(blocks);
            if (first < 0)
                return null;
            s_kinds[first] = KindLargeStart;
            s_largeBlocks[first] = blocks;
            for (int i = 1; i < blocks; i++)
                s_kinds[first + i] = KindLargeRest;
            byte* blockStart = s_blocks + ((nuint)first << BlockShift);
            Buffer.ZeroMemory(blockStart, (nuint)blocks << BlockShift);
            byte* start = blockStart + HeaderBytes;
            SetBit(AllocatedBitsOffset, start);
            return start;
        }

        private static int FindFreeBlocks(int count)
        {
            int run = 0;
            for (int i = 0; i < s_blockCount; i++)
            {
                run = s_kinds[i] == KindFree ? run + 1 : 0;
                if (run == count)
                    return i - count + 1;
            }
            return -1;
        }

        // The start of the live object containing `address`, or null.
        internal static byte* FindObject(nuint address)
        {
            if (!Contains(address))
                return null;
            int block = (int)((address - (nuint)s_blocks) >> BlockShift);
            byte kind = s_kinds[block];
            while (kind == KindLargeRest && block > 0)
                kind = s_kinds[--block];
            byte* data = s_blocks + ((nuint)block << BlockShift) + HeaderBytes;
            byte* start;
            if (kind == KindSmall)
            {
                if (address < (nuint)data)
                    return null;
                nuint slotSize = ClassSize(s_classes[block]);
                nuint index = (address - (nuint)data) / slotSize;
                if (index >= DataBytes / slotSize)
                    return null;
                start = data + index * slotSize;
            }
            else if (kind == KindLargeStart)
            {
                if (address < (nuint)data)
                    return null;
                start = data;
            }
            else
            {
                return null;
            }
            return TestBit(AllocatedBitsOffset, start) ? start : null;
        }

        // A data address's bit in its block's bitmap at `bitmap` (offset in
        // the block header).
        private static void Bit(nuint bitmap, byte* address, out byte* word, out byte mask)
        {
            byte* blockStart = (byte*)((nuint)address & ~(BlockSize - 1));
            nuint granule = (nuint)(address - blockStart - (nint)HeaderBytes) >> GranuleShift;
            word = blockStart + bitmap + (granule >> 3);
            mask = (byte)(1 << (int)(granule & 7));
        }

        internal static bool TestBit(nuint bitmap, byte* address)
        {
            Bit(bitmap, address, out byte* word, out byte mask);
            return (*word & mask) != 0;
        }

        internal static void SetBit(nuint bitmap, byte* address)
        {
            Bit(bitmap, address, out byte* word, out byte mask);
            *word |= mask;
        }

        private static void ClearBit(nuint bitmap, byte* address)
        {
            Bit(bitmap, address, out byte* word, out byte mask);
            *word &= (byte)~mask;
        }

        private static void ClearBitmap(nuint bitmap, int block) =>
            Buffer.ZeroMemory(s_blocks + ((nuint)block << BlockShift) + bitmap, BitmapBytes);

        internal static bool IsMarked(byte* address) => TestBit(MarkedBitsOffset, address);
        internal static void SetMarked(byte* address) => SetBit(MarkedBitsOffset, address);
    }
}
