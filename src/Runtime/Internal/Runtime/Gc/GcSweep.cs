namespace Internal.Runtime.Gc
{
    // Sweeping and the mark-stack overflow fallback.
    internal static unsafe partial class GcHeap
    {
        // Every allocated, unmarked object is freed; marks are cleared; the
        // free lists are rebuilt from scratch (small blocks left empty become
        // free blocks for any class or large object).
        internal static void Sweep()
        {
            for (int c = 0; c < ClassCount; c++)
                s_freeLists[c] = null;
            s_liveBytes = 0;
            for (int block = s_blockCount - 1; block >= 0; block--)
            {
                byte kind = s_kinds[block];
                byte* data = s_blocks + ((nuint)block << BlockShift) + HeaderBytes;
                if (kind == KindSmall)
                    SweepSmall(block, data);
                else if (kind == KindLargeStart)
                    SweepLarge(block, data);
            }
            s_allocatedSinceCollection = 0;
        }

        private static void SweepSmall(int block, byte* start)
        {
            int sizeClass = s_classes[block];
            nuint slotSize = ClassSize(sizeClass);
            byte* list = s_freeLists[sizeClass];
            byte* blockList = list;
            bool anyLive = false;
            for (nuint offset = (DataBytes / slotSize - 1) * slotSize; ; offset -= slotSize)
            {
                byte* slot = start + offset;
                if (TestBit(AllocatedBitsOffset, slot) && TestBit(MarkedBitsOffset, slot))
                {
                    anyLive = true;
                    s_liveBytes += slotSize;
                }
                else
                {
                    ClearBit(AllocatedBitsOffset, slot);
                    *(byte**)slot = blockList;
                    blockList = slot;
                }
                if (offset == 0)
                    break;
            }
            ClearBitmap(MarkedBitsOffset, block);
            if (anyLive)
            {
                s_freeLists[sizeClass] = blockList;
            }
            else
            {
                s_kinds[block] = KindFree;
                s_freeLists[sizeClass] = list;
            }
        }

        private static void SweepLarge(int block, byte* start)
        {
            int blocks = s_largeBlocks[block];
            bool live = TestBit(MarkedBitsOffset, start);
            ClearBitmap(MarkedBitsOffset, block);
            if (live)
            {
                s_liveBytes += (ulong)blocks << BlockShift;
                return;
            }
            ClearBitmap(AllocatedBitsOffset, block);
            for (int i = 0; i < blocks; i++)
                s_kinds[block + i] = KindFree;
        }

        // After a mark-stack overflow: trace every marked object again (those
        // dropped from the stack were marked but not traced). Repeats until a
        // pass overflows no more.
        internal static void RemarkFromMarked()
        {
            for (int block = 0; block < s_blockCount; block++)
            {
                byte kind = s_kinds[block];
                byte* start = s_blocks + ((nuint)block << BlockShift) + HeaderBytes;
                if (kind == KindLargeStart)
                {
                    if (TestBit(MarkedBitsOffset, start))
                        GcMarker.Retrace(start);
                }
                else if (kind == KindSmall)
                {
                    nuint slotSize = ClassSize(s_classes[block]);
                    for (nuint offset = 0; offset + slotSize <= DataBytes; offset += slotSize)
                    {
                        if (TestBit(MarkedBitsOffset, start + offset))
                            GcMarker.Retrace(start + offset);
                    }
                }
                GcMarker.Drain();
            }
        }
    }
}
