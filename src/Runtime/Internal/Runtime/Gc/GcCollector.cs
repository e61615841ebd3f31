using System;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.Gc
{
    // One collection: mark from the roots, then sweep. Runs on the
    // component's only thread, inside an allocation (or GC.Collect), so
    // nothing else mutates the heap meanwhile.
    internal static unsafe class GcCollector
    {
        private const int MaxStaticRegions = 8;

        private static byte* s_stackTop;
        private static int s_regionCount;
        private static byte** s_regionStarts;
        private static int* s_regionLengths;

        internal static void Initialize(byte* stackTop, delegate*<nuint, byte*> raw)
        {
            s_stackTop = stackTop;
            s_regionStarts = (byte**)raw((nuint)(MaxStaticRegions * sizeof(nint)));
            s_regionLengths = (int*)raw((nuint)(MaxStaticRegions * sizeof(int)));
        }

        // The module start-up tells us where each module's GC static bases are.
        internal static void AddStaticRegion(byte* start, int length)
        {
            if (s_regionCount == MaxStaticRegions)
                Minix3.Cosmos.Runtime.RuntimeEnvironment.Fail("garbage collector: too many modules");
            s_regionStarts[s_regionCount] = start;
            s_regionLengths[s_regionCount++] = length;
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpCollectWithRegistersSaved")]
        private static extern void CollectWithRegistersSaved(delegate*<nuint, void> collect);

        // Entry: spill the callee-saved registers onto the stack, then Mark.
        internal static void Collect() => CollectWithRegistersSaved(&MarkAndSweep);

        // `stackPointer`: the stack below it is dead; above it (up to the top
        // of the stack) are the saved registers and every live frame.
        private static void MarkAndSweep(nuint stackPointer)
        {
            MarkStatics();
            GcMarker.ScanRange(stackPointer, (nuint)s_stackTop);
            GcMarker.Drain();
            while (GcMarker.TakeOverflow())
                GcHeap.RemarkFromMarked();
            GcHeap.Sweep();
            GcHeap.Collections++;
        }

        // Each region entry is a relative pointer to a block that now holds
        // the holder object's address (see StartupCodeHelpers).
        private static void MarkStatics()
        {
            for (int r = 0; r < s_regionCount; r++)
            {
                byte* region = s_regionStarts[r];
                for (byte* entry = region; entry < region + s_regionLengths[r]; entry += sizeof(int))
                {
                    nuint* block = (nuint*)MethodTable.FollowRelative((int*)entry);
                    GcMarker.MarkConservative(*block);
                }
            }
        }
    }
}
