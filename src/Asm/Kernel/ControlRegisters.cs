using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// Control registers, MSRs and TLB invalidation: <c>ulong asm_read_cr0/2/3/4()</c>,
/// <c>void asm_write_cr0/3/4(ulong)</c>, <c>ulong asm_rdmsr(uint msr)</c>,
/// <c>void asm_wrmsr(uint msr, ulong value)</c>, <c>void asm_invlpg(ulong address)</c>.
/// </summary>
public static class ControlRegisters
{
    public static void Emit(AsmModule module)
    {
        var text = module.Text;

        var a = text.NewFunction("asm_read_cr0").A;
        a.mov(rax, cr0);
        a.ret();

        a = text.NewFunction("asm_read_cr2").A;
        a.mov(rax, cr2);
        a.ret();

        a = text.NewFunction("asm_read_cr3").A;
        a.mov(rax, cr3);
        a.ret();

        a = text.NewFunction("asm_read_cr4").A;
        a.mov(rax, cr4);
        a.ret();

        a = text.NewFunction("asm_write_cr0").A;
        a.mov(cr0, rdi);
        a.ret();

        a = text.NewFunction("asm_write_cr3").A;
        a.mov(cr3, rdi);
        a.ret();

        a = text.NewFunction("asm_write_cr4").A;
        a.mov(cr4, rdi);
        a.ret();

        // rdmsr/wrmsr split the value across EDX:EAX.
        a = text.NewFunction("asm_rdmsr").A;
        a.mov(ecx, edi);
        a.rdmsr();
        a.shl(rdx, 32);
        a.or(rax, rdx);
        a.ret();

        a = text.NewFunction("asm_wrmsr").A;
        a.mov(ecx, edi);
        a.mov(eax, esi);
        a.mov(rdx, rsi);
        a.shr(rdx, 32);
        a.wrmsr();
        a.ret();

        a = text.NewFunction("asm_invlpg").A;
        a.invlpg(__[rdi]);
        a.ret();
    }
}
