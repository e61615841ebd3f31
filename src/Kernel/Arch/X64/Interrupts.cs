using System.Runtime;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Where every interrupt and exception arrives (called by the asm stubs
    // with the saved register frame). Vectors 0-31 are CPU exceptions,
    // 32-47 the legacy PIC's IRQ lines, the rest unused so far.
    internal static unsafe class Interrupts
    {
        internal const int FirstIrqVector = 32;
        internal const int TimerIrq = 0;

        [RuntimeExport("kernel_interrupt")]
        private static InterruptFrame* Dispatch(InterruptFrame* frame)
        {
            ulong vector = frame->Vector;
            if (vector < 32)
            {
                // Until user components exist (issue 3), every exception is the
                // kernel's own: report it and stop.
                Faults.KernelFault(frame);
                return frame;
            }
            if (vector < FirstIrqVector + 16)
            {
                int irq = (int)vector - FirstIrqVector;
                if (Pic.IsSpurious(irq))
                    return frame;
                if (irq == TimerIrq)
                    Timer.Tick();
                Pic.EndOfInterrupt(irq);
                return frame;
            }
            Log.Write("interrupt: unexpected vector ");
            Log.Decimal(vector);
            Log.Line();
            return frame;
        }
    }
}
