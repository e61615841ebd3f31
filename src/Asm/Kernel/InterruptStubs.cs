using System.Linq;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// The 256 interrupt entry stubs, their common save/restore path, and <c>asm_isr_table</c>
/// (256 qwords: the stub addresses, for building the IDT in C#).
/// </summary>
/// <remarks>
/// The frame handed to <c>kernel_interrupt(InterruptFrame* frame)</c>, low to high address:
/// <code>
///   +0    byte  Fx[512]          fxsave64 image (x87/MMX/SSE state)
///   +512  ulong R15, R14, R13, R12, R11, R10, R9, R8,
///   +576  ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax
///   +632  ulong Vector, ErrorCode   (ErrorCode is 0 when the CPU pushes none)
///   +648  ulong Rip, Cs, Rflags, Rsp, Ss   (pushed by the CPU)
///   +688  end
/// </code>
/// <c>kernel_interrupt</c> returns the frame to resume (usually its argument; the scheduler
/// returns another process's frame). The stub loads RSP from it and unwinds that frame, so a
/// returned frame must be a complete one in this layout, 16-byte aligned. Offsets are in
/// <see cref="InterruptFrameLayout"/>.
/// </remarks>
public static class InterruptStubs
{
    public const int VectorCount = 256;
    public const int FxSaveSize = 512;

    /// <summary>Vectors for which the CPU itself pushes an error code: #DF, #TS, #NP, #SS, #GP,
    /// #PF, #AC, #CP, #VC, #SX. Software <c>int n</c> never pushes one, even for these.</summary>
    public static readonly int[] VectorsWithErrorCode = { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };

    public static bool HasErrorCode(int vector) => VectorsWithErrorCode.Contains(vector);

    public static void Emit(AsmModule module)
    {
        var c = module.Text.NewBlock(64, alignment: 16, fill: 0xCC);
        var a = c.A;
        var common = a.CreateLabel();
        var stubs = new Symbol[VectorCount];
        for (int vector = 0; vector < VectorCount; vector++)
        {
            stubs[vector] = c.Define($"asm_isr_stub_{vector}", SymbolBinding.Local, SymbolKind.Function);
            // Same frame shape for every vector: an error-code slot, then the vector number.
            if (!HasErrorCode(vector))
                a.push(0);
            a.push(vector);
            a.jmp(common);
        }

        c.Bind(module.TextSymbol("asm_isr_common", SymbolBinding.Local, SymbolKind.Function), ref common);
        a.push(rax);
        a.push(rbx);
        a.push(rcx);
        a.push(rdx);
        a.push(rsi);
        a.push(rdi);
        a.push(rbp);
        a.push(r8);
        a.push(r9);
        a.push(r10);
        a.push(r11);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        // In long mode the CPU aligns RSP to 16 before pushing its 5 qwords; with the error
        // code, the vector and 15 registers that is 21 qwords + alignment, so RSP is 8 mod 16
        // only if someone jumped here by hand. fxsave64 would #GP then, so trap clearly instead.
        var misaligned = a.CreateLabel();
        a.test(spl, 15);
        a.jnz(misaligned);
        a.sub(rsp, FxSaveSize);
        a.fxsave64(__[rsp]);
        a.mov(rdi, rsp);
        // System V requires the direction flag clear on entry to C# code.
        a.cld();
        c.Call(module.Extern("kernel_interrupt"));
        a.mov(rsp, rax);
        a.fxrstor64(__[rsp]);
        a.add(rsp, FxSaveSize);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(r11);
        a.pop(r10);
        a.pop(r9);
        a.pop(r8);
        a.pop(rbp);
        a.pop(rdi);
        a.pop(rsi);
        a.pop(rdx);
        a.pop(rcx);
        a.pop(rbx);
        a.pop(rax);
        a.add(rsp, 16); // vector and error code
        a.iretq();

        // The #UD raised here arrives through stub 6 with an aligned frame whose RIP is this
        // symbol, so the kernel can report "misaligned interrupt frame" instead of a triple fault.
        c.Bind(module.TextSymbol("asm_isr_misaligned", SymbolBinding.Global, SymbolKind.Function), ref misaligned);
        a.ud2();
        var halt = a.CreateLabel();
        a.Label(ref halt);
        a.cli();
        a.hlt();
        a.jmp(halt);

        var table = module.Text.NewBlock(64, alignment: 8);
        var tableSymbol = table.Define("asm_isr_table", SymbolBinding.Global, SymbolKind.Data);
        foreach (var stub in stubs)
            table.Dq(stub);

        // ulong* asm_isr_table_address(): C# can call a symbol but not take a
        // data symbol's address, so the kernel asks for it.
        var address = module.Text.NewFunction("asm_isr_table_address");
        address.LeaRipRelative(rax, tableSymbol);
        address.A.ret();
    }
}
