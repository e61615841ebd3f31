namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The register state the interrupt stubs (src/Asm InterruptStubs) save on
    // entry, lowest address first. Layout contract with src/Asm's
    // InterruptFrameLayout: FXSAVE area, general registers pushed rax-first
    // (so r15 is lowest), the vector and error code the stub pushed, then the
    // frame the CPU pushed. kernel_interrupt gets a pointer to it and returns
    // the frame to resume.
#pragma warning disable CS0649 // every field is written by the assembly stubs, never by C#
    internal unsafe struct InterruptFrame
    {
        internal fixed byte Fx[512];
        internal ulong R15, R14, R13, R12, R11, R10, R9, R8;
        internal ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        internal ulong Vector, ErrorCode;
        internal ulong Rip, Cs, Rflags, Rsp, Ss;

        internal const int Size = 512 + 22 * 8;

        internal bool FromUserMode => (Cs & 3) != 0;
    }
}
