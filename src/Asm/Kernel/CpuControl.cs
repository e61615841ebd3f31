using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// One-instruction helpers: <c>asm_cli</c>, <c>asm_sti</c>, <c>asm_hlt</c>, <c>asm_sti_hlt</c>,
/// <c>asm_pause</c>, <c>asm_int3</c> (void, no arguments), and <c>ulong asm_read_rflags()</c>,
/// <c>asm_read_rbp()</c>, <c>asm_read_rsp()</c>, <c>asm_rdtsc()</c>.
/// </summary>
public static class CpuControl
{
    public static void Emit(AsmModule module)
    {
        var text = module.Text;

        var a = text.NewFunction("asm_cli").A;
        a.cli();
        a.ret();

        a = text.NewFunction("asm_sti").A;
        a.sti();
        a.ret();

        a = text.NewFunction("asm_hlt").A;
        a.hlt();
        a.ret();

        // sti only takes effect after the next instruction, so no interrupt can slip in
        // between the idle loop's check and hlt and leave the CPU asleep with work pending.
        a = text.NewFunction("asm_sti_hlt").A;
        a.sti();
        a.hlt();
        a.ret();

        a = text.NewFunction("asm_pause").A;
        a.pause();
        a.ret();

        a = text.NewFunction("asm_int3").A;
        a.int3();
        a.ret();

        a = text.NewFunction("asm_read_rflags").A;
        a.pushfq();
        a.pop(rax);
        a.ret();

        // The caller's frame pointer (this function does not set up a frame).
        a = text.NewFunction("asm_read_rbp").A;
        a.mov(rax, rbp);
        a.ret();

        // The caller's RSP as it is after this call returns (skips our return address).
        a = text.NewFunction("asm_read_rsp").A;
        a.lea(rax, __[rsp + 8]);
        a.ret();

        a = text.NewFunction("asm_rdtsc").A;
        a.rdtsc();
        a.shl(rdx, 32);
        a.or(rax, rdx);
        a.ret();
    }
}
