using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // The end of a component, whatever the cause (exit, runtime panic, CPU
    // exception, kill): it stops running at once, its IPC partners are
    // released with DeadEndpoint, its memory, kernel stack, alarm and
    // grant table are taken back (its IRQ lines free themselves, IrqCtl),
    // and its signal manager (by label, from its policy) gets a defect
    // report. The kernel and every other component carry on.
    internal static unsafe partial class Termination
    {
        private const int KernelStackPages = ProcessLoader.KernelStackPages;
        private static ulong s_deferredStack;

        // Frees the kernel stack of the last ended process unless `inUse` (an
        // address on the stack the CPU is on now) lies inside it.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal static void ReleaseDeferredStack(ulong inUse)
        {
            if (s_deferredStack != 0)
                ReleaseDeferredStackSlow(inUse);
        }

        private static void ReleaseDeferredStackSlow(ulong inUse)
        {
            ulong stack = s_deferredStack;
            if (inUse >= stack && inUse < stack + KernelStackPages * 4096UL)
                return;
            s_deferredStack = 0;
            KernelServices.Frames.FreeContiguous(stack, KernelStackPages);
        }

        // text: the component's own reason (an Exit's, a panic's message),
        // logged and carried in the report.
        internal static void End(Process process, DefectClass reason, ulong address, long detail, byte* text = null, int textLength = 0)
        {
            if (process.IsFree)
                return;
            LogEnd(process, reason, address, detail, text, textLength);
            if ((process.Privilege.Record.Flags & PrivilegeFlags.Critical) != 0)
                StopSystem(process);
            Ended(process, reason, detail);
            Process? manager = ProcessLoader.FindByLabel(process.Privilege.SignalManager, process);
            Endpoint endpoint = process.Endpoint;
            Dispatcher.Forget(process);
            KernelServices.Ipc.ProcessExited(process);
            KernelServices.Host.Detach(process)?.Destroy();
            KernelServices.Host.TakeStaged(process)?.Destroy();
            // We may be running on this stack right now (an Exit trap): free
            // it at the next interrupt entry, which runs on another stack.
            ReleaseDeferredStack(0);
            s_deferredStack = process.KernelStackTop - KernelStackPages * 4096UL;
            if (manager != null)
            {
                // Held in the ended slot until the manager takes it: never lost,
                // however many components end while the manager is busy.
                Message report = default;
                DefectReport* defect = DefectReport.Of(&report);
                defect->Endpoint = endpoint.Value;
                defect->Class = (long)reason;
                defect->Address = (long)address;
                defect->Detail = detail;
                for (int i = 0; i < textLength && i < DefectReport.ReasonBytes; i++)
                    defect->Reason[i] = text[i];
                KernelServices.Ipc.ReportDefect(manager, process, report);
            }
        }

        // Test kernels only: exit_when= watches the ends (test/Kernel).
        static partial void Ended(Process process, DefectClass reason, long detail);

        // A critical component (its policy says `critical`: PM, VFS, DS, FS,
        // RS) holds state nothing can rebuild, and every process would
        // wait on it forever; a clear, deterministic stop is better than a
        // silent hang. The line above says why it ended.
        private static void StopSystem(Process process)
        {
            VgaText.TakeBack();
            Log.Line();
            Log.Write("SYSTEM PANIC: ");
            Denied.WriteLabel(process);
            Log.Line(", a critical component, ended; the system cannot continue");
            Power.Stop(Power.StatusFailure);
        }

        private static void LogEnd(Process process, DefectClass reason, ulong address, long detail, byte* text, int textLength)
        {
            Denied.Prefix(process);
            switch (reason)
            {
                case DefectClass.Exit:
                    Log.Write("exited with status ");
                    Log.SignedDecimal(detail);
                    break;
                case DefectClass.Panic:
                    Log.Write("panicked");
                    if (textLength > 0)
                    {
                        Log.Write(": ");
                        Log.Ascii(text, textLength);
                    }
                    break;
                case DefectClass.Killed:
                    Log.Write("killed by endpoint ");
                    Log.SignedDecimal(detail);
                    break;
                default:
                    Log.Write("stopped by CPU exception ");
                    Log.Write(Faults.Name((ulong)detail));
                    Log.Write(" at ");
                    Log.Hex(address);
                    // A fault from ring 3 saved its frame at the process's SavedFrame.
                    Log.Write(" (instruction ");
                    Log.Hex(((InterruptFrame*)process.SavedFrame)->Rip);
                    Log.Write(")");
                    break;
            }
            Log.Line();
        }
    }
}
