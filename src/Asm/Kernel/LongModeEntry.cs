using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// First 64-bit code: loads the data segments, switches to the boot stack and calls
/// <c>kmain(ulong magic, ulong infoPhys)</c> with the values <see cref="BootEntry"/> kept
/// in ESI and EBP. kmain should not return; if it does the CPU halts for good.
/// </summary>
public static class LongModeEntry
{
    public static void Emit(AsmModule module, BootMemory memory)
    {
        var c = module.Text.NewBlock(64, alignment: 16, fill: 0xCC);
        var a = c.A;
        c.Bind(module.TextSymbol("asm_long_mode_entry"));
        a.mov(eax, KernelObject.KernelDataSelector);
        a.mov(ds, eax);
        a.mov(es, eax);
        a.mov(ss, eax);
        // Null FS/GS: C# code does not use them yet, and a stale 32-bit selector would be wrong.
        a.xor(eax, eax);
        a.mov(fs, eax);
        a.mov(gs, eax);

        // The stack top is 16-byte aligned, so RSP is aligned at the call as System V wants.
        c.MovAddress(rsp, memory.Stack, BootMemory.StackSize);
        // Moves to 32-bit registers clear the upper halves, which are undefined after the switch.
        a.mov(edi, esi);
        a.mov(esi, ebp);
        // RBP = 0 ends the frame-pointer chain for stack walkers.
        a.xor(ebp, ebp);
        c.Call(module.Extern("kmain"));

        var halt = a.CreateLabel();
        a.Label(ref halt);
        a.cli();
        a.hlt();
        a.jmp(halt);
    }
}
