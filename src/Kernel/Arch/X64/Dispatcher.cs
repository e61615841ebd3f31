using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Which register frame the interrupt stubs resume. Every process has its
    // own kernel stack; entering from ring 3 the CPU switches to it (TSS
    // RSP0) and the stubs save the frame at its top, which is therefore
    // always at Process.SavedFrame. Switching is choosing another frame,
    // loading that process's page tables and kernel stack for the next entry.
    // With nothing to run, the CPU goes back to the kernel's idle loop: the
    // frame saved when an interrupt last arrived while idle.
    internal static unsafe class Dispatcher
    {
        private static Process? s_current;
        private static InterruptFrame* s_idleFrame;

        internal static Process? Current => s_current;

        // After any interrupt, trap or fault: resume the scheduler's choice.
        internal static InterruptFrame* Next(InterruptFrame* interrupted)
        {
            if (!KernelServices.IsStarted)
                return interrupted;
            if (s_current == null && !interrupted->FromUserMode)
                s_idleFrame = interrupted;
            Process? next = KernelServices.Scheduler.PickNext();
            if (next == null)
            {
                if (s_current != null)
                    Cpu.WriteCr3(KernelServices.KernelRoot);
                s_current = null;
                return s_idleFrame != null ? s_idleFrame : interrupted;
            }
            return Resume(next);
        }

        // After a fast-path trap (IpcEngine.Fast): the kernel is started and
        // the trap came from ring 3, so only the choice itself is left.
        internal static InterruptFrame* AfterFastTrap(InterruptFrame* interrupted)
        {
            Process? next = KernelServices.Scheduler.PickNext();
            return next == null ? Next(interrupted) : Resume(next);
        }

        // Switches to next (its page tables, its kernel stack for the next
        // entry from ring 3) unless it is already current.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static InterruptFrame* Resume(Process next)
        {
            if (next != s_current)
            {
                Cpu.WriteCr3(next.AddressSpaceRoot);
                SegmentTables.SetKernelStack(next.KernelStackTop);
                s_current = next;
            }
            return (InterruptFrame*)next.SavedFrame;
        }

        // The current process is gone (its address space may already be
        // freed): run on the kernel's own tables until the next switch.
        internal static void Forget(Process process)
        {
            if (s_current != process)
                return;
            Cpu.WriteCr3(KernelServices.KernelRoot);
            s_current = null;
        }
    }
}
