using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Hog
{
    // Builds an ever-growing live list: the collector can free nothing, so
    // the heap runs out. That must end this component cleanly (a panic with
    // a message, reported to its manager), not corrupt anything.
    public static class Program
    {
        private sealed class Cell
        {
            public Cell? Next;
            public byte[] Payload = new byte[200];
        }

        public static int Main()
        {
            Diagnostics.Print("hog: allocating until the heap is full");
            Cell? list = null;
            long cells = 0;
            while (true)
            {
                list = new Cell { Next = list };
                cells++;
            }
        }
    }
}
