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
                byte* start = s_blocks + ((nuint)block << BlockShift);
                if (kind == KindSmall)
                    SweepSmall(block, start);
                else if (kind == KindLargeStart)
                    SweepLarge(block, start);
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
            for (nuint offset = (BlockSize / slotSize - 1) * slotSize; ; offset -= slotSize)
            {
                byte* slot = start + offset;
                if (TestBit(s_allocatedBits, slot) && TestBit(s_markedBits, slot))
                {
                    anyLive = true;
                    s_liveBytes += slotSize;
                }
                else
                {
                    ClearBit(s_allocatedBits, slot);
                    *(byte**)slot = blockList;
                    blockList = slot;
                }
                if (offset == 0)
                    break;
            }
            ClearBitmap(s_markedBits, block);
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
            bool live = TestBit(s_markedBits, start);
            ClearBitmap(s_markedBits, block);
            if (live)
            {
                s_liveBytes += (ulong)blocks << BlockShift;
                return;
            }
            ClearBitmap(s_allocatedBits, block);
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
                byte* start = s_blocks + ((nuint)block << BlockShift);
                if (kind == KindLargeStart)
                {
                    if (TestBit(s_markedBits, start))
                        GcMarker.Retrace(start);
                }
                else if (kind == KindSmall)
                {
                    nuint slotSize = ClassSize(s_classes[block]);
                    for (nuint offset = 0; offset + slotSize <= BlockSize; offset += slotSize)
                    {
                        if (TestBit(s_markedBits, start + offset))
                            GcMarker.Retrace(start + offset);
                    }
                }
                GcMarker.Drain();
            }
        }
    }
}
