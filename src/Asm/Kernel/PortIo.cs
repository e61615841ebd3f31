using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// Port I/O for C#: <c>byte asm_inb(ushort port)</c>, <c>asm_inw</c>, <c>asm_ind</c>,
/// <c>void asm_outb(ushort port, byte value)</c>, <c>asm_outw</c>, <c>asm_outd</c>.
/// System V leaves the upper bits of narrow arguments undefined, hence the zero-extensions;
/// results are zero-extended to 64 bits so either reading is right.
/// </summary>
public static class PortIo
{
    public static void Emit(AsmModule module)
    {
        var text = module.Text;

        var a = text.NewFunction("asm_inb").A;
        a.movzx(edx, di);
        a.xor(eax, eax);
        a.@in(al, dx);
        a.ret();

        a = text.NewFunction("asm_inw").A;
        a.movzx(edx, di);
        a.xor(eax, eax);
        a.@in(ax, dx);
        a.ret();

        a = text.NewFunction("asm_ind").A;
        a.movzx(edx, di);
        a.@in(eax, dx);
        a.ret();

        a = text.NewFunction("asm_outb").A;
        a.movzx(edx, di);
        a.mov(eax, esi);
        a.@out(dx, al);
        a.ret();

        a = text.NewFunction("asm_outw").A;
        a.movzx(edx, di);
        a.mov(eax, esi);
        a.@out(dx, ax);
        a.ret();

        a = text.NewFunction("asm_outd").A;
        a.movzx(edx, di);
        a.mov(eax, esi);
        a.@out(dx, eax);
        a.ret();
    }
}
