using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Spinner
{
    // Burns the CPU forever without a single trap: only the clock can take
    // the processor back, so the others finishing proves preemption works.
    public static class Program
    {
        private static long s_spins;

        public static int Main()
        {
            Diagnostics.Print("spinner: spinning");
            while (true)
                s_spins++;
        }
    }
}
