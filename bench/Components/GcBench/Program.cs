using System;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.GcBench
{
    // Measures the collector in time-stamp-counter units (guest instructions
    // under -icount): the cost of allocating a small object (collections
    // included, amortized), the pause of a full collection with 1 MiB and
    // with 16 MiB of live objects, and the heap's space overhead (size-class
    // rounding of the live objects plus the collector's own tables).
    // Prints one line bench/ parses.
    public static class Program
    {
        private sealed class Node
        {
            public Node? Next;
            public long Value;
        }

        public static int Main()
        {
            const int Objects = 200_000;
            long start = Process.TimeStampCounter();
            for (int i = 0; i < Objects; i++)
                GC.KeepAlive(new Node { Value = i });
            long perObject = (Process.TimeStampCounter() - start) / Objects;

            long pause1 = Pause(1 << 20, out long live1);
            long pause16 = Pause(16 << 20, out long live16);
            // Node objects are 32 bytes (header counted) in 32-byte slots;
            // the rest is the collector's bitmaps, per 64 KiB block.
            long overheadPermille = (live16 - (16L << 20)) * 1000 / (16L << 20) + 2 * 512 * 1000 / 65536;
            Diagnostics.Print(string.Concat("gcbench: alloc ", perObject.ToString(), " tsc/object; pause 1MiB ", pause1.ToString(),
                " tsc; pause 16MiB ", pause16.ToString(), " tsc; overhead ", overheadPermille.ToString(), " permille"));
            return 0;
        }

        // Builds a live list of `bytes` worth of nodes, then times one full
        // collection.
        private static long Pause(long bytes, out long live)
        {
            Node? list = null;
            for (long built = 0; built < bytes; built += 32)
                list = new Node { Next = list, Value = built };
            GC.Collect();
            long start = Process.TimeStampCounter();
            GC.Collect();
            long pause = Process.TimeStampCounter() - start;
            live = GC.GetTotalMemory(false);
            GC.KeepAlive(list);
            return pause;
        }
    }
}
