using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Component;

/// <summary>
/// The machine code every user-mode component links (verb <c>component</c>):
/// <list type="bullet">
/// <item><c>_start</c>, the ELF entry: the kernel enters here in ring 3 with nothing set up.
/// It loads the stack the linker script reserved, clears the frame pointer and calls the
/// C# start-up <c>component_start</c> (src/Lib/Sys), which never returns.</item>
/// <item><c>long sys_trap(ulong trap, ulong a, ulong b, ulong c)</c>: the system-call
/// instruction, with the ABI of src/Lib/Ipc/Traps.cs (trap number in rax, arguments in
/// rdi, rsi, rdx, result in rax).</item>
/// <item><c>void asm_component_layout(ulong* out)</c>: the linker-script addresses the
/// start-up needs: heap start and end, module list start and end, stack bottom and top.</item>
/// </list>
/// Everything here is position-independent apart from relocations, so the object links
/// at the component base (0x8000000000) although the DSL assembles at its default base.
/// </summary>
public static class ComponentObject
{
    public const int TrapVector = 0x80;

    public static readonly string[] LayoutSymbols =
    {
        "__heap_start", "__heap_end", "__modules_start", "__modules_end", "__stack_bottom", "__stack_top",
    };

    /// <summary><paramref name="withTestProbes"/> (verb <c>component-test</c>, for test
    /// components only) adds <c>test_privileged_instruction</c> (executes <c>cli</c>, which
    /// faults in ring 3) and <c>test_invalid_opcode</c> (executes <c>ud2</c>) so that
    /// fault-containment tests can commit the crimes C# cannot.</summary>
    public static AsmModule Build(bool withTestProbes = false)
    {
        var module = new AsmModule(".text.component", ".bss.component");

        var start = module.Text.NewFunction("_start");
        start.MovAddress(rsp, module.Extern("__stack_top"));
        start.A.xor(ebp, ebp);
        start.Call(module.Extern("component_start"));
        var hang = start.A.CreateLabel();
        start.A.Label(ref hang);
        start.A.ud2(); // component_start never returns; if it did, fault rather than run on
        start.A.jmp(hang);

        var trap = module.Text.NewFunction("sys_trap");
        trap.A.mov(rax, rdi);
        trap.A.mov(rdi, rsi);
        trap.A.mov(rsi, rdx);
        trap.A.mov(rdx, rcx);
        trap.A.@int(TrapVector);
        trap.A.ret();

        var layout = module.Text.NewFunction("asm_component_layout");
        for (int i = 0; i < LayoutSymbols.Length; i++)
        {
            layout.MovAddress(rax, module.Extern(LayoutSymbols[i]));
            layout.A.mov(__[rdi + 8 * i], rax);
        }
        layout.A.ret();

        if (withTestProbes)
        {
            var privileged = module.Text.NewFunction("test_privileged_instruction");
            privileged.A.cli();
            privileged.A.ret();
            var invalid = module.Text.NewFunction("test_invalid_opcode");
            invalid.A.ud2();
            invalid.A.ret();
        }
        return module;
    }
}
