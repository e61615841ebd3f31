using System;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Runtime;

namespace Minix3.Cosmos.Tests.Components.GcTest
{
    // Runs the corelib regression suite in a ring-3 component (with the
    // collected heap), then stresses the collector: allocates far more than
    // the heap holds while a linked structure stays alive and must come
    // through intact; many live small objects; large objects; mixed churn.
    public static unsafe class Program
    {
        private sealed class Node
        {
            public Node? Next;
            public long Value;
            public string Label;
            public Node(long value, Node? next) { Value = value; Next = next; Label = value.ToString(); }
        }

        private static void Report(string line) => Diagnostics.Print(line);

        public static int Main()
        {
            int failed = RuntimeSelfTest.Run(&Report);
            long heap = HeapBytes();
            Node? list = BuildList(2000);
            long expected = Sum(list);
            long allocated = 0;
            ulong seed = 12345;
            while (allocated < heap * 110)
            {
                seed = seed * 6364136223846793005 + 1442695040888963407;
                int size = 16 + (int)(seed >> 52) % 3000;
                byte[] garbage = new byte[size];
                garbage[size - 1] = (byte)seed;
                object small = new Node((long)seed, null);
                allocated += size + 64;
                GC.KeepAlive(small);
            }
            bool listOk = Sum(list) == expected && CheckLabels(list);
            Report(string.Concat("gctest: allocated ", (allocated >> 20).ToString(), " MiB through a ", (heap >> 10).ToString(),
                " KiB heap; ", GC.CollectionCount(0).ToString(), " collections; live list ", listOk ? "intact" : "CORRUPTED"));

            // Many live objects at once.
            var many = new Node[8000];
            for (int i = 0; i < many.Length; i++)
                many[i] = new Node(i, i > 0 ? many[i - 1] : null);
            GC.Collect();
            long manySum = 0;
            for (Node? n = many[many.Length - 1]; n != null; n = n.Next)
                manySum += n.Value;
            bool manyOk = manySum == (long)many.Length * (many.Length - 1) / 2;
            many = null!;

            // Large objects, each bigger than a heap block.
            long largeChecksum = 0;
            for (int i = 0; i < 300; i++)
            {
                var large = new long[20000 + i];
                large[large.Length - 1] = i;
                largeChecksum += large[large.Length - 1];
            }
            bool largeOk = largeChecksum == 299 * 300 / 2 && Sum(list) == expected;

            // More live data than the initial heap holds: the heap must grow
            // (the kernel maps more memory within the quota).
            Node? big = BuildList(6 * 1024 * 1024 / 64);
            long grownLive = GC.GetTotalMemory(true);
            bool grewOk = grownLive > heap && Sum(big) == 7L * (6 * 1024 * 1024 / 64) * (6 * 1024 * 1024 / 64 - 1) / 2;
            Report(string.Concat("gctest: live data beyond the initial heap: ", (grownLive >> 10).ToString(), " KiB live, ", grewOk ? "intact" : "WRONG"));
            big = null;
            long live = GC.GetTotalMemory(true);
            Report(string.Concat("gctest: many objects ", manyOk ? "ok" : "WRONG", "; large objects ", largeOk ? "ok" : "WRONG",
                "; live after collect ", (live >> 10).ToString(), " KiB"));
            return failed == 0 && listOk && manyOk && largeOk && grewOk ? 0 : 1;
        }

        private static long HeapBytes() => 4 << 20;   // Minix3HeapSize in the project

        private static Node? BuildList(int count)
        {
            Node? head = null;
            for (int i = 0; i < count; i++)
                head = new Node(i * 7, head);
            return head;
        }

        private static long Sum(Node? node)
        {
            long sum = 0;
            for (; node != null; node = node.Next)
                sum += node.Value;
            return sum;
        }

        private static bool CheckLabels(Node? node)
        {
            for (; node != null; node = node.Next)
            {
                if (node.Label != node.Value.ToString())
                    return false;
            }
            return true;
        }
    }
}
