using System.Linq;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Runtime;

/// <summary>
/// The corelib's helpers that cannot be written in C# because ilc calls them with a
/// non-standard register contract. Linked into the kernel and (later) every component.
/// <list type="bullet">
/// <item><c>RhpInitialDynamicInterfaceDispatch</c>: the stub every interface dispatch cell
/// starts with. Generated code calls it with the cell's address in r11 and the call's own
/// arguments in place (this in rdi, then rsi, rdx, rcx, r8, r9, xmm0-7, stack). It keeps
/// all of them, asks the C# resolver <c>RhpResolveInterfaceDispatch(object, cell)</c> for the
/// target and jumps there, so the target sees the original call.</item>
/// <item><c>RhpInterfaceDispatchCached</c>: the stub of a call site whose target the
/// resolver has cached (see EmitCachedInterfaceDispatch).</item>
/// <item><c>RhpByRefAssignRef</c>: copies one reference from [rsi] to [rdi] and advances both
/// by 8 (used by ilc for struct copies); rcx is scratch by contract.</item>
/// <item><c>RhpCopyForward(destination, source, length)</c>: the bulk of Buffer.Memmove's
/// forward copies, as <c>rep movsq</c> then <c>rep movsb</c>; the CPU moves the bytes
/// faster than any loop C# can compile to.</item>
/// </list>
/// </summary>
public static class RuntimeStubs
{
    private const int SavedVectorBytes = 8 * 16;

    /// <summary>The runtime stubs as an object of their own (verb <c>runtime</c>).</summary>
    public static AsmModule Build()
    {
        var module = new AsmModule(".text.runtime", ".bss.runtime");
        Emit(module);
        return module;
    }

    public static void Emit(AsmModule module)
    {
        EmitInterfaceDispatch(module);
        EmitCachedInterfaceDispatch(module);
        EmitByRefAssign(module);
        EmitCopyForward(module);
        GcStubs.Emit(module);
        ExceptionStubs.Emit(module);
    }

    // The stub of a cell the resolver has cached (src/Runtime InterfaceDispatch):
    // r11 = cell, [cell+8] = entry { type, target, ... }. Same object type as last
    // time: jump to the cached target; otherwise back to the resolver. r10 is
    // scratch in the calling convention and holds no argument. A null `this`
    // faults on the type load, as a null call should.
    private static void EmitCachedInterfaceDispatch(AsmModule module)
    {
        var c = module.Text.NewFunction("RhpInterfaceDispatchCached");
        var a = c.A;
        var miss = a.CreateLabel();
        a.mov(rax, __[r11 + 8]);
        a.mov(r10, __[rdi]);
        a.cmp(r10, __[rax]);
        a.jne(miss);
        a.jmp(__qword_ptr[rax + 8]);
        a.Label(ref miss);
        c.Jmp(Defined(module, "RhpInitialDynamicInterfaceDispatch"));

        // C# cannot take a symbol's address; the resolver asks for it.
        var address = module.Text.NewFunction("RhpInterfaceDispatchCachedAddress");
        address.LeaRipRelative(rax, Defined(module, "RhpInterfaceDispatchCached"));
        address.A.ret();
    }

    private static void EmitInterfaceDispatch(AsmModule module)
    {
        var c = module.Text.NewFunction("RhpInitialDynamicInterfaceDispatch");
        var a = c.A;
        // Entry: rsp = 8 mod 16. rbp + six pushes keeps rsp = 0 mod 16 for the call below.
        a.push(rbp);
        a.mov(rbp, rsp);
        a.push(rdi);
        a.push(rsi);
        a.push(rdx);
        a.push(rcx);
        a.push(r8);
        a.push(r9);
        a.sub(rsp, SavedVectorBytes);
        a.movdqu(__[rsp + 0x00], xmm0);
        a.movdqu(__[rsp + 0x10], xmm1);
        a.movdqu(__[rsp + 0x20], xmm2);
        a.movdqu(__[rsp + 0x30], xmm3);
        a.movdqu(__[rsp + 0x40], xmm4);
        a.movdqu(__[rsp + 0x50], xmm5);
        a.movdqu(__[rsp + 0x60], xmm6);
        a.movdqu(__[rsp + 0x70], xmm7);
        a.mov(rsi, r11);
        c.Call(module.Extern("RhpResolveInterfaceDispatch"));
        a.movdqu(xmm0, __[rsp + 0x00]);
        a.movdqu(xmm1, __[rsp + 0x10]);
        a.movdqu(xmm2, __[rsp + 0x20]);
        a.movdqu(xmm3, __[rsp + 0x30]);
        a.movdqu(xmm4, __[rsp + 0x40]);
        a.movdqu(xmm5, __[rsp + 0x50]);
        a.movdqu(xmm6, __[rsp + 0x60]);
        a.movdqu(xmm7, __[rsp + 0x70]);
        a.add(rsp, SavedVectorBytes);
        a.pop(r9);
        a.pop(r8);
        a.pop(rcx);
        a.pop(rdx);
        a.pop(rsi);
        a.pop(rdi);
        a.pop(rbp);
        a.jmp(rax);
    }

    private static Symbol Defined(AsmModule module, string name) => module.Symbols.First(s => s.Name == name);

    private static void EmitByRefAssign(AsmModule module)
    {
        var a = module.Text.NewFunction("RhpByRefAssignRef").A;
        a.mov(rcx, __[rsi]);
        a.mov(__[rdi], rcx);
        a.add(rdi, 8);
        a.add(rsi, 8);
        a.ret();
    }

    // SysV: destination in rdi, source in rsi, length in rdx; rcx is
    // scratch. Forward element by element, so a destination below an
    // overlapping source is copied correctly (Memmove sends the other
    // overlap to its backward loop). The ABI promises a clear direction
    // flag; cld costs nothing and keeps a broken caller from copying
    // backwards over memory.
    private static void EmitCopyForward(AsmModule module)
    {
        var a = module.Text.NewFunction("RhpCopyForward").A;
        a.cld();
        a.mov(rcx, rdx);
        a.shr(rcx, 3);
        a.rep.movsq();
        a.mov(rcx, rdx);
        a.and(rcx, 7);
        a.rep.movsb();
        a.ret();
    }
}
