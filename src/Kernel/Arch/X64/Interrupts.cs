using System.Runtime;
using Minix3.Cosmos.Kernel.Clock;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Where every interrupt, exception and trap arrives (called by the asm
    // stubs with the saved register frame; returns the frame to resume).
    //   0-31   CPU exceptions: a component's stops that component only; the
    //          kernel's own are fatal (Faults)
    //   32-47  the PIC's IRQ lines: the clock, or a driver's device
    //   0x80   a component's trap (IPC or kernel call)
    internal static unsafe class Interrupts
    {
        internal const int FirstIrqVector = 32;
        internal const int TimerIrq = 0;

        [RuntimeExport("kernel_interrupt")]
        private static InterruptFrame* Dispatch(InterruptFrame* frame)
        {
            Termination.ReleaseDeferredStack((ulong)frame);
            ulong vector = frame->Vector;
            Process? current = Dispatcher.Current;
            if (vector == TrapVector.Number)
            {
                if (current == null || !frame->FromUserMode)
                    return Dispatcher.Next(frame);
                if (TrapHandler.TryFast(frame, current))
                    return Dispatcher.AfterFastTrap(frame);
                TrapHandler.Handle(frame, current);
                return Dispatcher.Next(frame);
            }
            if (vector < 32)
            {
                if (current == null || !frame->FromUserMode)
                {
                    Faults.KernelFault(frame);
                    return frame;
                }
                ulong address = vector == 14 ? Cpu.ReadCr2() : frame->Rip;
                if (HardwareExceptions.TryRedirect(current, frame, address))
                    return Dispatcher.Next(frame);
                Termination.End(current, DefectClass.CpuException, address, (long)vector);
                return Dispatcher.Next(frame);
            }
            if (vector < FirstIrqVector + 16)
            {
                int irq = (int)vector - FirstIrqVector;
                if (Pic.IsSpurious(irq))
                    return frame;
                if (irq == TimerIrq)
                    ClockTick(current);
                else if (!KernelServices.IsStarted || !IrqCtl.Deliver(irq))
                    Pic.Mask(irq); // nobody owns it: keep it quiet
                Pic.EndOfInterrupt(irq);
                return Dispatcher.Next(frame);
            }
            Log.Write("interrupt: unexpected vector ");
            Log.Decimal(vector);
            Log.Line();
            return frame;
        }

        private static void ClockTick(Process? current)
        {
            Timer.Tick();
            if (!KernelServices.IsStarted)
                return;
            SetAlarm.Expire(Timer.Ticks);
            KernelServices.Scheduler.Tick(current);
        }
    }
}
