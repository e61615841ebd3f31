using static Iced.Intel.AssemblerRegisters;
using Minix3.Cosmos.Asm.Kernel;

namespace Minix3.Cosmos.Asm.Testing;

/// <summary>
/// A stand-in for the C# kernel, for the boot self-test (<c>test-kmain</c> verb): its
/// <c>kmain</c> checks the state <c>_start</c> promises (magic, stack alignment, RBP, CR0,
/// CR4, EFER, linker layout), reloads the GDT with <c>asm_lgdt</c>, installs an IDT from
/// <c>asm_isr_table</c> and raises interrupts whose frames <see cref="TestInterruptHandler"/>
/// inspects. It prints "ASM OK" on COM1 and exits QEMU with status 33, or prints
/// "ASM FAIL n" and exits with 35. Check numbers are in the code below.
/// </summary>
public static class TestKernelMain
{
    public const ulong Multiboot1BootMagic = 0x2BADB002;

    public static AsmModule Build()
    {
        // Plain .text/.bss, so the test linker script places this like compiled kernel code.
        var module = new AsmModule(".text", ".bss");
        var support = new TestSupport(module);
        var handler = new TestInterruptHandler(module, support);
        EmitKmain(module, support, handler);
        handler.Emit();
        support.Emit();
        return module;
    }

    private static void EmitKmain(AsmModule module, TestSupport t, TestInterruptHandler handler)
    {
        var bss = module.Bss;
        var layout = bss.Reserve("test_layout", 8 * LinkerLayout.Symbols.Length, 8);
        var idt = bss.Reserve("test_idt", 16 * InterruptStubs.VectorCount, 16);
        var idtr = bss.Reserve("test_idtr", 16, 16);

        var c = module.Text.NewBlock(64, 16, 0xCC);
        var a = c.A;
        c.Function("kmain");

        // 1: System V entry alignment (RSP+8 is a multiple of 16). 2: RBP = 0.
        var aligned = a.CreateLabel();
        a.lea(rax, __[rsp + 8]);
        a.test(al, 15);
        a.jz(aligned);
        a.mov(edi, 1);
        c.Call(t.Fail);
        a.Label(ref aligned);
        a.nop();
        t.CheckEqual(c, rbp, 0, 2); // clobbers only RAX
        a.sub(rsp, 8); // kmain never returns; keep calls aligned
        a.mov(r12, rdi);
        a.mov(r13, rsi);
        t.Print(c, "kmain magic=");
        t.PrintHex(c, r12);
        t.Print(c, " info=");
        t.PrintHex(c, r13);
        t.Print(c, "\n");

        // 3: the Multiboot magic arrived in RDI.
        var magicOk = a.CreateLabel();
        a.mov(rax, Multiboot1BootMagic);
        a.cmp(r12, rax);
        a.je(magicOk);
        a.mov(edi, 3);
        c.Call(t.Fail);
        a.Label(ref magicOk);
        a.nop();

        // 4-7: control registers and EFER as _start left them.
        c.Call(module.Extern("asm_read_cr0"));
        a.mov(rbx, rax);
        t.CheckBitsSet(c, rbx, BootEntry.Cr0Paging | BootEntry.Cr0WriteProtect | BootEntry.Cr0MonitorCoprocessor
            | BootEntry.Cr0ProtectionEnable | BootEntry.Cr0NumericError, 4);
        a.and(ebx, BootEntry.Cr0Emulation);
        t.CheckEqual(c, rbx, 0, 5);
        c.Call(module.Extern("asm_read_cr4"));
        a.mov(rbx, rax);
        t.CheckBitsSet(c, rbx, BootEntry.Cr4Pae | BootEntry.Cr4OsFxsr | BootEntry.Cr4OsXmmExcpt, 6);
        a.mov(edi, BootEntry.EferMsr);
        c.Call(module.Extern("asm_rdmsr"));
        a.mov(rbx, rax);
        const uint EferLongModeActive = 1u << 10;
        t.CheckBitsSet(c, rbx, BootEntry.EferLongModeEnable | EferLongModeActive | BootEntry.EferNoExecuteEnable, 7);

        // 8: the image starts at 1 MiB; 9: the twelve layout symbols never decrease.
        c.LeaRipRelative(rdi, layout);
        c.Call(module.Extern("asm_linker_layout"));
        c.LeaRipRelative(rbx, layout);
        a.mov(rcx, __[rbx]);
        t.CheckEqual(c, rcx, AsmModule.AssumedTextBase, 8);
        for (int i = 1; i < LinkerLayout.ImageRangeSymbols; i++)
        {
            var ordered = a.CreateLabel();
            a.mov(rcx, __[rbx + 8 * i]);
            a.cmp(rcx, __[rbx + 8 * (i - 1)]);
            a.jae(ordered);
            a.mov(edi, 0x900 + (uint)i);
            c.Call(t.Fail);
            a.Label(ref ordered);
            a.nop();
        }
        t.Print(c, "bss ");
        a.mov(rdi, __[rbx + 8 * 7]);
        c.Call(t.PutHex);
        t.Print(c, "..");
        a.mov(rdi, __[rbx + 8 * 8]);
        c.Call(t.PutHex);
        t.Print(c, "\n");

        // 10, 11: asm_lgdt reloads CS through its far return, and SS.
        c.LeaRipRelative(rdi, EmitGdt(module));
        a.mov(esi, KernelObject.KernelCodeSelector);
        a.mov(edx, KernelObject.KernelDataSelector);
        c.Call(module.Extern("asm_lgdt"));
        a.xor(ebx, ebx);
        a.mov(bx, cs);
        t.CheckEqual(c, rbx, KernelObject.KernelCodeSelector, 10);
        a.mov(bx, ss);
        t.CheckEqual(c, rbx, KernelObject.KernelDataSelector, 11);

        EmitIdtSetup(c, module, idt, idtr);
        handler.EmitTriggers(c);

        t.Print(c, "ASM OK\n");
        a.mov(edi, TestSupport.ExitPass);
        c.Call(t.Exit);
    }

    /// <summary>Turns the 256 stub addresses into 64-bit interrupt gates (selector 0x08,
    /// present, DPL 0, type 0xE) and loads the IDT with <c>asm_lidt</c>.</summary>
    private static void EmitIdtSetup(CodeBlock c, AsmModule module, Symbol idt, Symbol idtr)
    {
        var a = c.A;
        c.MovAddress(rsi, module.Extern("asm_isr_table"));
        c.LeaRipRelative(rdi, idt);
        a.mov(ecx, InterruptStubs.VectorCount);
        var gate = a.CreateLabel();
        a.Label(ref gate);
        a.mov(rax, __[rsi]);
        a.mov(edx, eax);
        a.and(edx, 0xFFFF);
        a.or(edx, KernelObject.KernelCodeSelector << 16);
        a.mov(r8, rax);
        a.shr(r8, 16);
        a.movzx(r8d, r8w);
        a.shl(r8, 48);
        a.or(rdx, r8);
        a.mov(r8d, 0x8E00);
        a.shl(r8, 32);
        a.or(rdx, r8);
        a.mov(__[rdi], rdx);
        a.shr(rax, 32);
        a.mov(__[rdi + 8], rax);
        a.add(rsi, 8);
        a.add(rdi, 16);
        a.dec(ecx);
        a.jnz(gate);

        c.LeaRipRelative(rdi, idtr);
        a.mov(__word_ptr[rdi], 16 * InterruptStubs.VectorCount - 1);
        c.LeaRipRelative(rax, idt);
        a.mov(__[rdi + 2], rax);
        c.Call(module.Extern("asm_lidt"));
    }

    /// <summary>A GDT shaped like the boot one, in this object, for <c>asm_lgdt</c> to switch to.</summary>
    private static Symbol EmitGdt(AsmModule module)
    {
        var c = module.Text.NewBlock(64, 16);
        var gdt = c.Define("test_gdt", SymbolBinding.Local, SymbolKind.Data);
        c.Dq(0UL, 0x00AF9B000000FFFFUL, 0x00CF93000000FFFFUL);
        var gdtr = c.Define("test_gdtr", SymbolBinding.Local, SymbolKind.Data);
        c.Dw(3 * 8 - 1);
        c.Dq(gdt);
        return gdtr;
    }
}
