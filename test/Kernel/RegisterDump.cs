using System.Runtime;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The register dump of a kernel CPU exception: every register of the
    // saved frame and the control registers (RIP is on the panic's own
    // line). A debugging aid, like the backtrace: the test image's kernel
    // only (src/Kernel/Arch/X64/Faults.cs); test/Boot BootPathTests checks it.
    internal static unsafe partial class Faults
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_read_cr0")]
        private static extern ulong ReadCr0();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_read_cr3")]
        private static extern ulong ReadCr3();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_read_cr4")]
        private static extern ulong ReadCr4();

        static partial void DumpRegisters(InterruptFrame* f)
        {
            Register("CS ", f->Cs); Register("RFL", f->Rflags); Register("RSP", f->Rsp); Log.Line();
            Register("SS ", f->Ss); Register("RBP", f->Rbp); Register("RAX", f->Rax); Log.Line();
            Register("RBX", f->Rbx); Register("RCX", f->Rcx); Register("RDX", f->Rdx); Log.Line();
            Register("RSI", f->Rsi); Register("RDI", f->Rdi); Register("R8 ", f->R8); Log.Line();
            Register("R9 ", f->R9); Register("R10", f->R10); Register("R11", f->R11); Log.Line();
            Register("R12", f->R12); Register("R13", f->R13); Register("R14", f->R14); Log.Line();
            Register("R15", f->R15); Log.Line();
            Register("CR0", ReadCr0()); Register("CR2", Cpu.ReadCr2()); Register("CR3", ReadCr3()); Log.Line();
            Register("CR4", ReadCr4()); Log.Line();
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
