using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Runtime;

/// <summary>
/// <c>void RhpCollectWithRegistersSaved(void (*collect)(nuint stackPointer))</c>: pushes the
/// callee-saved registers (rbx, rbp, r12-r15), which may hold the only reference to an object,
/// then calls <c>collect</c> with the stack pointer, so that the collector's conservative scan
/// from there to the top of the stack sees them. The caller-saved registers hold nothing live
/// across this call by the calling convention.
/// </summary>
public static class GcStubs
{
    public static void Emit(AsmModule module)
    {
        var a = module.Text.NewFunction("RhpCollectWithRegistersSaved").A;
        a.push(rbx);
        a.push(rbp);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        a.sub(rsp, 8);          // 8 (return address) + 6 pushes + 8 = 64: aligned for the call
        a.mov(rax, rdi);
        a.mov(rdi, rsp);
        a.call(rax);
        a.add(rsp, 8);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbp);
        a.pop(rbx);
        a.ret();
    }
}
