using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // CPU exceptions. A fault in the kernel itself is fatal: print what the
    // CPU told us (vector, error code, every register, CR2 for page faults)
    // and a symbolized backtrace, then stop. Never a silent triple fault: the
    // double-fault handler runs on its own stack (see SegmentTables). The
    // register dump, like the backtrace, is a debugging aid only the test
    // image's kernel carries (test/Kernel/RegisterDump.cs); the default
    // kernel prints the exception, its error code, the faulting RIP and CR2.
    internal static unsafe partial class Faults
    {
        internal static string Name(ulong vector) => vector switch
        {
            0 => "#DE divide error",
            1 => "#DB debug",
            2 => "NMI",
            3 => "#BP breakpoint",
            4 => "#OF overflow",
            5 => "#BR bound range exceeded",
            6 => "#UD invalid opcode",
            7 => "#NM device not available",
            8 => "#DF double fault",
            10 => "#TS invalid TSS",
            11 => "#NP segment not present",
            12 => "#SS stack-segment fault",
            13 => "#GP general protection fault",
            14 => "#PF page fault",
            16 => "#MF x87 floating-point error",
            17 => "#AC alignment check",
            18 => "#MC machine check",
            19 => "#XM SIMD floating-point error",
            20 => "#VE virtualization exception",
            21 => "#CP control protection",
            _ => "reserved exception",
        };

        internal static void KernelFault(InterruptFrame* frame)
        {
            Log.Line();
            Log.Write("KERNEL PANIC: CPU exception ");
            Log.Write(Name(frame->Vector));
            Log.Write(" (vector ");
            Log.Decimal(frame->Vector);
            Log.Write(") error code ");
            Log.Hex(frame->ErrorCode, 8);
            Log.Line();
            Log.Write("  at RIP=");
            Log.Hex(frame->Rip);
            Log.Line();
            if (frame->Vector == 14)
                DescribePageFault(frame->ErrorCode);
            DumpRegisters(frame);
            Backtrace.Print(frame->Rip, frame->Rbp);
            Power.Stop(Power.StatusKernelFault);
        }

        private static void DescribePageFault(ulong errorCode)
        {
            Log.Write("  page fault: ");
            Log.Write((errorCode & 1) != 0 ? "protection violation" : "page not present");
            Log.Write((errorCode & 2) != 0 ? ", on write" : ", on read");
            if ((errorCode & 16) != 0)
                Log.Write(", instruction fetch");
            if ((errorCode & 4) != 0)
                Log.Write(", from user mode");
            Log.Write(" at CR2=");
            Log.Hex(Cpu.ReadCr2());
            Log.Line();
        }

        // Test kernels only: every register of the frame and the control registers.
        static partial void DumpRegisters(InterruptFrame* f);
    }
}
