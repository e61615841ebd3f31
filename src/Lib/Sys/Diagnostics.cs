using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Text on the kernel console, prefixed there with the component's label
    // (the DiagCtl kernel call). For debugging and tests; real output goes
    // through TTY once it exists.
    public static unsafe class Diagnostics
    {
        public static int Print(string text)
        {
            int length = text.Length < KernelCallLimits.MaxDiagnostic ? text.Length : KernelCallLimits.MaxDiagnostic;
            byte* ascii = stackalloc byte[KernelCallLimits.MaxDiagnostic];
            for (int i = 0; i < length; i++)
                ascii[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            Message message = default;
            DiagCtlMessage.Of(&message)->Text = (long)ascii;
            DiagCtlMessage.Of(&message)->Length = length;
            return Ipc.KernelCall(KernelCall.DiagCtl, &message);
        }
    }

    public static unsafe class Process
    {
        // Ends the component with a panic status and the reason, which the
        // kernel logs and reports to the signal manager. Allocation-free: the
        // reason may be that the heap is full.
        public static void Panic(string reason)
        {
            int length = reason.Length < KernelCallLimits.MaxDiagnostic ? reason.Length : KernelCallLimits.MaxDiagnostic;
            byte* ascii = stackalloc byte[KernelCallLimits.MaxDiagnostic];
            for (int i = 0; i < length; i++)
                ascii[i] = reason[i] < 0x80 ? (byte)reason[i] : (byte)'?';
            Message message = default;
            ExitMessage* request = ExitMessage.Of(&message);
            request->Status = Startup.PanicStatus;
            request->Reason = (long)ascii;
            request->ReasonLength = length;
            Ipc.KernelCall(KernelCall.Exit, &message);
            while (true) { }
        }

        public static void Exit(int status)
        {
            Message message = default;
            ExitMessage.Of(&message)->Status = status;
            Ipc.KernelCall(KernelCall.Exit, &message);
            // The kernel does not return from Exit; if it ever did, stop here.
            while (true) { }
        }

        public static long Ticks()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            return TimesMessage.Of(&message)->Ticks;
        }

        // Milliseconds since boot, from the clock's ticks and rate.
        public static long UptimeMs()
        {
            Message message = default;
            TimesMessage* times = TimesMessage.Of(&message);
            Ipc.KernelCall(KernelCall.Times, &message);
            return times->TicksPerSecond > 0 ? times->Ticks * 1000 / times->TicksPerSecond : 0;
        }

        // The time stamp counter (guest instructions under QEMU -icount).
        public static long TimeStampCounter()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            return TimesMessage.Of(&message)->TimeStamp;
        }
    }
}
