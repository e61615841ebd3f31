using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Faulty
{
    // Reads kernel memory directly. The kernel is mapped in every address
    // space but supervisor-only, so this is a page fault: the component must
    // be stopped and reported while everything else keeps running.
    public static unsafe class Program
    {
        public static int Main()
        {
            Diagnostics.Print("faulty: reading kernel memory at 0x100000");
            long stolen = *(long*)0x100000;
            Diagnostics.Print(string.Concat("faulty: READ KERNEL MEMORY ", stolen.ToString()));
            return 0;
        }
    }
}
