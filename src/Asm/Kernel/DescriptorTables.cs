using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// Descriptor-table loads: <c>void asm_lgdt(void* gdtr, ushort codeSelector, ushort dataSelector)</c>,
/// <c>void asm_lidt(void* idtr)</c>, <c>void asm_ltr(ushort selector)</c>. The pointers are to
/// the 10-byte pseudo-descriptor (ushort limit, ulong base).
/// </summary>
public static class DescriptorTables
{
    public static void Emit(AsmModule module)
    {
        var text = module.Text;

        // CS cannot be loaded with mov. A far return straight to the caller reloads it:
        // replace our return address by (return RIP, new CS) and retfq pops both.
        var a = text.NewFunction("asm_lgdt").A;
        a.lgdt(__[rdi]);
        // The 32-bit register forms avoid a needless 0x66 prefix; only the low 16 bits count.
        a.mov(ds, edx);
        a.mov(es, edx);
        a.mov(ss, edx);
        a.movzx(esi, si);
        a.pop(rax);
        a.push(rsi);
        a.push(rax);
        // Iced's retf() is the 32-bit form in 64-bit code; the REX.W form pops 8-byte slots.
        a.AddInstruction(Instruction.Create(Code.Retfq));

        a = text.NewFunction("asm_lidt").A;
        a.lidt(__[rdi]);
        a.ret();

        a = text.NewFunction("asm_ltr").A;
        a.ltr(edi); // the r32 form: only the low 16 bits are used, and no 0x66 prefix
        a.ret();
    }
}
