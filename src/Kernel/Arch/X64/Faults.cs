using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // CPU exceptions. A fault in the kernel itself is fatal: print what the
    // CPU told us (vector, error code, every register, CR2 for page faults)
    // and a symbolized backtrace, then stop. Never a silent triple fault: the
    // double-fault handler runs on its own stack (see SegmentTables).
    internal static unsafe class Faults
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

        private static void DumpRegisters(InterruptFrame* f)
        {
            Register("RIP", f->Rip); Register("CS ", f->Cs); Register("RFL", f->Rflags); Log.Line();
            Register("RSP", f->Rsp); Register("SS ", f->Ss); Register("RBP", f->Rbp); Log.Line();
            Register("RAX", f->Rax); Register("RBX", f->Rbx); Register("RCX", f->Rcx); Log.Line();
            Register("RDX", f->Rdx); Register("RSI", f->Rsi); Register("RDI", f->Rdi); Log.Line();
            Register("R8 ", f->R8); Register("R9 ", f->R9); Register("R10", f->R10); Log.Line();
            Register("R11", f->R11); Register("R12", f->R12); Register("R13", f->R13); Log.Line();
            Register("R14", f->R14); Register("R15", f->R15); Log.Line();
            Register("CR0", Cpu.ReadCr0()); Register("CR2", Cpu.ReadCr2()); Register("CR3", Cpu.ReadCr3()); Log.Line();
            Register("CR4", Cpu.ReadCr4()); Log.Line();
        }

        private static void Register(string name, ulong value)
        {
            Log.Write("  ");
            Log.Write(name);
            Log.Write("=");
            Log.Hex(value);
        }
    }
}
