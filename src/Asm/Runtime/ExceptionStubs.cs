using System.Linq;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Runtime;

/// <summary>
/// The machine code of managed exception handling (the C# side is
/// src/Runtime/Internal/Runtime/Exceptions). Every function here has a register contract
/// that C# cannot express.
/// <para><b>RegisterContext</b> (C# <c>Internal.Runtime.Exceptions.RegisterContext</c>, 64 bytes):
/// <c>Rip, Rsp, Rbp, Rbx, R12, R13, R14, R15</c> at offsets 0, 8, ..., 56: what the unwinder
/// needs of a frame (the System V callee-saved registers, the stack pointer and the program
/// counter). <b>ExInfo</b> (C# <c>ExInfo</c>): only its first field is used here, the pointer
/// to the next older active exception; the list head is the qword <c>RhpExInfoHead</c>.</para>
/// <list type="bullet">
/// <item><c>RhpThrowEx(object)</c>: what ilc calls for <c>throw</c>. Captures the thrower's
/// context (Rip = our return address, Rsp = the thrower's rsp after the call returns) and
/// calls <c>RhThrowEx(object, RegisterContext*)</c>, which never returns. It keeps an rbp
/// frame so frame-pointer backtraces (the kernel's panic) pass through it.</item>
/// <item><c>RhpRethrow()</c>: <c>throw;</c>; calls <c>RhRethrow(RegisterContext*)</c>.</item>
/// <item><c>RhpHardwareException</c>: where a host redirects a faulting thread: rdi = CPU
/// vector, rsi = faulting instruction address, rdx = fault address (CR2 for #PF), rsp and
/// rbx, rbp, r12-r15 as they were at the fault. Calls
/// <c>RhThrowHwEx(ulong vector, ulong faultAddress, RegisterContext*)</c> with Rip = the
/// faulting instruction. It stays 128 bytes below the faulting rsp (the red zone) and pushes
/// the faulting Rip as a fake return address so that backtraces show the faulting code.</item>
/// <item><c>RhpCallCatchFunclet(object, handler, RegisterContext* frame, ExInfo*)</c>: calls a
/// catch funclet the way ilc compiles them (exception in rdi; rbx, rbp, r12-r15 = the frame's,
/// rbp being what funclets address the parent's locals through; rsp 16-aligned before the
/// call); the funclet returns the continuation address in rax. Then it drops every ExInfo
/// below the frame's rsp (those exceptions are over), sets rsp to the frame's and jumps to the
/// continuation. Never returns.</item>
/// <item><c>RhpCallFinallyFunclet(handler, RegisterContext* frame, ExInfo*)</c>: same
/// registers, no argument; preserves its caller's callee-saved registers (funclets do not).</item>
/// <item><c>RhpCallFilterFunclet(object, filter, RegisterContext* frame)</c>: exception in rdi,
/// the frame's registers; returns the filter's verdict (eax, nonzero = handle).</item>
/// <item><c>RhpResumeAt(RegisterContext*, ulong rax)</c>: drops ExInfos below the context's rsp,
/// loads its registers and jumps to its Rip with rax set: used to make a filter that threw
/// return false.</item>
/// <item><c>RhpExceptionLayout(ulong* out)</c>: 8 qwords: <c>__eh_frame_start</c>,
/// <c>__eh_frame_end</c>, <c>__image_start</c>, <c>__image_end</c> (linker script), the return
/// addresses of the three funclet calls (how the unwinder recognizes a frame of these
/// helpers), and the address of <c>RhpExInfoHead</c>.</item>
/// </list>
/// <para>Unwinder contract: while a catch or finally funclet runs, the qword at the helper's
/// rsp (just above the funclet's return address) holds the ExInfo* that called it, so an
/// exception leaving the funclet continues in the frame that ExInfo is handling instead of
/// unwinding through the dispatcher ("collided unwind").</para>
/// </summary>
public static class ExceptionStubs
{
    // RegisterContext field offsets.
    private const int Rip = 0, Rsp = 8, Rbp = 16, Rbx = 24, R12 = 32, R13 = 40, R14 = 48, R15 = 56;
    private const int ContextSize = 64;
    private const int RedZone = 128;

    public static readonly string[] LayoutSymbols = { "__eh_frame_start", "__eh_frame_end", "__image_start", "__image_end" };

    public static void Emit(AsmModule module)
    {
        var head = module.Bss.Reserve("RhpExInfoHead", 8, 8);
        EmitThrow(module, "RhpThrowEx", "RhThrowEx", rethrow: false);
        EmitThrow(module, "RhpRethrow", "RhRethrow", rethrow: true);
        EmitHardwareException(module);
        // C# cannot take a symbol's address: the start-up asks for it to
        // register the entry with the kernel (Trap.FaultEntry).
        var entryAddress = module.Text.NewFunction("RhpHardwareExceptionAddress");
        entryAddress.LeaRipRelative(rax, module.Symbols.First(s => s.Name == "RhpHardwareException"));
        entryAddress.A.ret();
        var catchReturn = EmitCallCatch(module, head);
        var finallyReturn = EmitCallFinally(module);
        var filterReturn = EmitCallFilter(module);
        EmitResumeAt(module, head);

        var layout = module.Text.NewFunction("RhpExceptionLayout");
        for (int i = 0; i < LayoutSymbols.Length; i++)
        {
            layout.MovAddress(rax, module.Extern(LayoutSymbols[i]));
            layout.A.mov(__[rdi + 8 * i], rax);
        }
        Symbol[] local = { catchReturn, finallyReturn, filterReturn, head };
        for (int i = 0; i < local.Length; i++)
        {
            layout.LeaRipRelative(rax, local[i]);
            layout.A.mov(__[rdi + 8 * (LayoutSymbols.Length + i)], rax);
        }
        layout.A.ret();
    }

    // rdi = exception (throw only). Entry rsp = 8 mod 16: push rbp + 64 bytes keeps the call aligned.
    private static void EmitThrow(AsmModule module, string name, string target, bool rethrow)
    {
        var c = module.Text.NewFunction(name);
        var a = c.A;
        a.push(rbp);
        a.mov(rbp, rsp);
        a.sub(rsp, ContextSize);
        a.mov(rax, __[rbp + 8]);
        a.mov(__[rsp + Rip], rax);            // the thrower resumes (conceptually) at our return address
        a.lea(rax, __[rbp + 16]);
        a.mov(__[rsp + Rsp], rax);            // its rsp once this call has returned
        a.mov(rax, __[rbp]);
        a.mov(__[rsp + Rbp], rax);
        SaveCalleeSaved(a, rsp);
        if (rethrow)
            a.mov(rdi, rsp);
        else
            a.mov(rsi, rsp);
        c.Call(module.Extern(target));
        a.int3();                              // the dispatcher never returns
    }

    private static void EmitHardwareException(AsmModule module)
    {
        var c = module.Text.NewFunction("RhpHardwareException");
        var a = c.A;
        a.mov(rax, rsp);                       // the faulting rsp
        a.sub(rsp, RedZone);
        a.and(rsp, -16);
        a.push(rsi);                           // fake return address: backtraces show the fault
        a.push(rbp);
        a.mov(rbp, rsp);
        a.sub(rsp, ContextSize);
        a.mov(__[rsp + Rip], rsi);
        a.mov(__[rsp + Rsp], rax);
        a.mov(rax, __[rbp]);
        a.mov(__[rsp + Rbp], rax);
        SaveCalleeSaved(a, rsp);
        a.mov(rsi, rdx);                       // rdi = vector, rsi = fault address
        a.mov(rdx, rsp);                       // rdx = context
        c.Call(module.Extern("RhThrowHwEx"));
        a.int3();
    }

    // Helper frame shared by the funclet calls: six callee-saved pushes, then `locals`
    // qwords; [rsp] is the ExInfo* slot the unwinder reads. Entry rsp = 8 mod 16, so
    // locals must be odd for the call to be 16-aligned.
    private static void Prologue(Assembler a, int locals)
    {
        a.push(rbp);
        a.push(rbx);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        a.sub(rsp, 8 * locals);
    }

    private static void Epilogue(Assembler a, int locals)
    {
        a.add(rsp, 8 * locals);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.pop(rbp);
        a.ret();
    }

    // rdi = exception, rsi = handler, rdx = RegisterContext*, rcx = ExInfo*.
    private static Symbol EmitCallCatch(AsmModule module, Symbol head)
    {
        var c = module.Text.NewFunction("RhpCallCatchFunclet");
        var a = c.A;
        Prologue(a, 3);
        a.mov(__[rsp], rcx);
        a.mov(__[rsp + 8], rdx);
        LoadCalleeSaved(a, rdx);
        a.call(rsi);
        var returned = c.Define("RhpCallCatchFunclet_Return", SymbolBinding.Local, SymbolKind.NoType);
        a.mov(rdx, __[rsp + 8]);
        a.mov(rdx, __[rdx + Rsp]);             // resume rsp
        DropExInfosBelow(c, head, rdx);
        a.mov(rsp, rdx);
        a.jmp(rax);                            // the continuation the funclet returned
        return returned;
    }

    // rdi = handler, rsi = RegisterContext*, rdx = ExInfo*.
    private static Symbol EmitCallFinally(AsmModule module)
    {
        var c = module.Text.NewFunction("RhpCallFinallyFunclet");
        var a = c.A;
        Prologue(a, 1);
        a.mov(__[rsp], rdx);
        LoadCalleeSaved(a, rsi);
        a.call(rdi);
        var returned = c.Define("RhpCallFinallyFunclet_Return", SymbolBinding.Local, SymbolKind.NoType);
        Epilogue(a, 1);
        return returned;
    }

    // rdi = exception, rsi = filter, rdx = RegisterContext*; returns eax.
    private static Symbol EmitCallFilter(AsmModule module)
    {
        var c = module.Text.NewFunction("RhpCallFilterFunclet");
        var a = c.A;
        Prologue(a, 1);
        a.mov(__qword_ptr[rsp], 0);            // no ExInfo: leaving a filter is FrameKind.FilterCall, not a collision
        LoadCalleeSaved(a, rdx);
        a.call(rsi);
        var returned = c.Define("RhpCallFilterFunclet_Return", SymbolBinding.Local, SymbolKind.NoType);
        Epilogue(a, 1);
        return returned;
    }

    // rdi = RegisterContext*, rsi = value for rax.
    private static void EmitResumeAt(AsmModule module, Symbol head)
    {
        var c = module.Text.NewFunction("RhpResumeAt");
        var a = c.A;
        a.mov(rdx, __[rdi + Rsp]);
        DropExInfosBelow(c, head, rdx);
        LoadCalleeSaved(a, rdi);
        a.mov(rax, rsi);
        a.mov(rsp, rdx);
        a.jmp(__qword_ptr[rdi + Rip]);
    }

    // head = first ExInfo at or above `limit` (ExInfos live on the stack, newest lowest).
    // Clobbers rcx and r8.
    private static void DropExInfosBelow(CodeBlock c, Symbol head, AssemblerRegister64 limit)
    {
        var a = c.A;
        var loop = a.CreateLabel();
        var done = a.CreateLabel();
        c.LeaRipRelative(rcx, head);
        a.Label(ref loop);
        a.mov(r8, __[rcx]);
        a.test(r8, r8);
        a.jz(done);
        a.cmp(r8, limit);
        a.jae(done);
        a.mov(r8, __[r8]);                     // ExInfo.Previous
        a.mov(__[rcx], r8);
        a.jmp(loop);
        a.Label(ref done);
    }

    private static void SaveCalleeSaved(Assembler a, AssemblerRegister64 context)
    {
        a.mov(__[context + Rbx], rbx);
        a.mov(__[context + R12], r12);
        a.mov(__[context + R13], r13);
        a.mov(__[context + R14], r14);
        a.mov(__[context + R15], r15);
    }

    private static void LoadCalleeSaved(Assembler a, AssemblerRegister64 context)
    {
        a.mov(rbx, __[context + Rbx]);
        a.mov(r12, __[context + R12]);
        a.mov(r13, __[context + R13]);
        a.mov(r14, __[context + R14]);
        a.mov(r15, __[context + R15]);
        a.mov(rbp, __[context + Rbp]);
    }
}
