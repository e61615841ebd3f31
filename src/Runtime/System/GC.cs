using Internal.Runtime;
using Internal.Runtime.Gc;

namespace System
{
    // The collector's public face. Collections happen by themselves when the
    // heap is full; Collect forces one. In the kernel (which runs without a
    // collector) Collect does nothing and the counts stay zero.
    public static class GC
    {
        public static void Collect()
        {
            if (Allocator.IsCollected)
                GcCollector.Collect();
        }

        public static int CollectionCount(int generation) => generation == 0 ? (int)GcHeap.Collections : 0;

        // Bytes in live objects after the last collection (or allocated so
        // far, without a collector); forceFullCollection collects first.
        public static long GetTotalMemory(bool forceFullCollection)
        {
            if (forceFullCollection)
                Collect();
            return Allocator.IsCollected ? (long)GcHeap.LiveBytesAfterLastCollection : (long)Allocator.AllocatedBytes;
        }

        // Keeps an object reachable up to this call.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void KeepAlive(object? obj) { }
    }
}
