namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// Byte offsets in the frame the interrupt stubs build (see <see cref="InterruptStubs"/>).
/// The C# <c>InterruptFrame</c> struct must match: byte Fx[512]; ulong R15, R14, R13, R12,
/// R11, R10, R9, R8, Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax; ulong Vector, ErrorCode;
/// ulong Rip, Cs, Rflags, Rsp, Ss.
/// </summary>
public static class InterruptFrameLayout
{
    public const int Fx = 0;
    public const int R15 = 512;
    public const int R14 = R15 + 8;
    public const int R13 = R15 + 16;
    public const int R12 = R15 + 24;
    public const int R11 = R15 + 32;
    public const int R10 = R15 + 40;
    public const int R9 = R15 + 48;
    public const int R8 = R15 + 56;
    public const int Rbp = R15 + 64;
    public const int Rdi = R15 + 72;
    public const int Rsi = R15 + 80;
    public const int Rdx = R15 + 88;
    public const int Rcx = R15 + 96;
    public const int Rbx = R15 + 104;
    public const int Rax = R15 + 112;
    public const int Vector = R15 + 120;
    public const int ErrorCode = R15 + 128;
    public const int Rip = R15 + 136;
    public const int Cs = R15 + 144;
    public const int Rflags = R15 + 152;
    public const int Rsp = R15 + 160;
    public const int Ss = R15 + 168;
    public const int Size = R15 + 176;
}
