using Minix3.Cosmos.Kernel.Arch.X64;

namespace Minix3.Cosmos.Kernel.Diagnostics
{
    // A fatal software error in the kernel (an unhandled exception, heap
    // exhaustion, a broken invariant): message, backtrace, stop.
    internal static class Panic
    {
        private static bool s_inPanic;

        internal static void Fail(string message)
        {
            Cpu.DisableInterrupts();
            if (s_inPanic)
            {
                // A panic while panicking (e.g. the backtrace faulted): the
                // message is all we can trust ourselves to print.
                Log.Line("KERNEL PANIC (nested)");
                Power.Stop(Power.StatusKernelFault);
            }
            s_inPanic = true;
            Log.Line();
            Log.Write("KERNEL PANIC: ");
            Log.Line(message);
            Backtrace.Print(0, Cpu.ReadFramePointer());
            Power.Stop(Power.StatusKernelFault);
        }
    }
}
