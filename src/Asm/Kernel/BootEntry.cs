using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Asm.Kernel;

/// <summary>
/// <c>_start</c>: the 32-bit protected-mode entry both loaders jump to, with paging off,
/// interrupts off, flat segments, EAX = boot magic, EBX = physical address of the boot
/// information, and no usable stack. It switches the CPU to 64-bit long mode and jumps to
/// <see cref="LongModeEntry"/>. Register use: ESI keeps the magic and EBP the information
/// pointer, because CPUID overwrites EBX.
/// </summary>
public static class BootEntry
{
    public const uint EferMsr = 0xC0000080;
    public const uint EferLongModeEnable = 1u << 8;
    public const uint EferNoExecuteEnable = 1u << 11;

    public const uint Cr4Pae = 1u << 5;
    public const uint Cr4OsFxsr = 1u << 9;
    public const uint Cr4OsXmmExcpt = 1u << 10;

    public const uint Cr0ProtectionEnable = 1u << 0;
    public const uint Cr0MonitorCoprocessor = 1u << 1;
    public const uint Cr0Emulation = 1u << 2;
    public const uint Cr0NumericError = 1u << 5;
    public const uint Cr0WriteProtect = 1u << 16;
    public const uint Cr0Paging = 1u << 31;

    /// <summary>Page-directory entry flags for a 2 MiB page: present, writable, page size.</summary>
    public const uint LargePageFlags = 0x83;
    /// <summary>Flags for an entry pointing at the next table: present, writable.</summary>
    public const uint TableFlags = 0x03;

    public static void Emit(AsmModule module, BootMemory memory)
    {
        var longMode = module.TextSymbol("asm_long_mode_entry");
        var gdtr = module.TextSymbol("asm_boot_gdtr");
        var c = module.Text.NewBlock(32, alignment: 16, fill: 0xCC);
        var a = c.A;
        c.Function("_start");
        a.cli();
        a.cld();
        a.mov(esi, eax);
        a.mov(ebp, ebx);

        // Zero the kernel's .bss and then .bss.asm. Loaders are supposed to, but a loader
        // that skips it would leave garbage in page tables and C# statics.
        c.MovAddress(edi, module.Extern("__bss_start"));
        c.MovAddress(ecx, module.Extern("__bss_end"));
        a.sub(ecx, edi);
        a.xor(eax, eax);
        a.rep.stosb();
        c.MovAddress(edi, memory.Pml4);
        c.MovAddress(ecx, memory.BssEnd);
        a.sub(ecx, edi);
        a.rep.stosb();

        // Long mode present? Otherwise say so on the VGA text screen, the one output a
        // 32-bit machine surely has. NX support decides whether EFER.NXE may be set.
        var noLongMode = a.CreateLabel();
        var noNx = a.CreateLabel();
        a.mov(eax, 0x80000000);
        a.cpuid();
        a.cmp(eax, 0x80000001);
        a.jb(noLongMode);
        a.mov(eax, 0x80000001);
        a.cpuid();
        a.test(edx, 1 << 29);
        a.jz(noLongMode);
        a.mov(edi, EferLongModeEnable);
        a.test(edx, 1 << 20);
        a.jz(noNx);
        a.or(edi, EferNoExecuteEnable);
        a.Label(ref noNx);

        // PML4[0] -> PDPT, PDPT[0..3] -> the four page directories, which map 0..4 GiB
        // with 2 MiB pages. The tables are zeroed, so the high halves are already 0.
        c.MovAddress(ecx, memory.Pml4);
        c.MovAddress(edx, memory.Pdpt, TableFlags);
        a.mov(__dword_ptr[ecx], edx);
        c.MovAddress(ecx, memory.Pdpt);
        c.MovAddress(edx, memory.PageDirectories, TableFlags);
        for (int i = 0; i < BootMemory.PageDirectoryCount; i++)
        {
            a.mov(__dword_ptr[ecx + 8 * i], edx);
            a.add(edx, 4096);
        }
        c.MovAddress(ecx, memory.PageDirectories);
        a.mov(eax, LargePageFlags);
        a.mov(edx, 512 * BootMemory.PageDirectoryCount);
        var fill = a.CreateLabel();
        a.Label(ref fill);
        a.mov(__dword_ptr[ecx], eax);
        a.add(eax, 0x200000);
        a.add(ecx, 8);
        a.dec(edx);
        a.jnz(fill);

        // PAE paging and SSE state: compiled C# uses SSE, which faults without OSFXSR.
        a.mov(eax, cr4);
        a.or(eax, Cr4Pae | Cr4OsFxsr | Cr4OsXmmExcpt);
        a.mov(cr4, eax);
        c.MovAddress(eax, memory.Pml4);
        a.mov(cr3, eax);
        a.mov(ecx, EferMsr);
        a.rdmsr();
        a.or(eax, edi);
        a.wrmsr();
        // Paging on makes long mode active. EM off and MP on let SSE/x87 run natively;
        // NE reports FPU errors as #MF rather than through the legacy IRQ 13; WP makes
        // read-only pages read-only for the kernel too.
        a.mov(eax, cr0);
        a.and(eax, unchecked((int)~Cr0Emulation));
        a.or(eax, unchecked((int)(Cr0Paging | Cr0WriteProtect | Cr0NumericError | Cr0MonitorCoprocessor | Cr0ProtectionEnable)));
        a.mov(cr0, eax);

        // Still 32-bit compatibility code: load a GDT with a 64-bit code segment and jump to it.
        c.MovAddress(eax, gdtr);
        a.lgdt(__[eax]);
        c.JmpFar(KernelObject.KernelCodeSelector, longMode);

        a.Label(ref noLongMode);
        c.MovAddress(esi, EmitMessage(module));
        a.mov(edi, 0xB8000);
        var print = a.CreateLabel();
        var halt = a.CreateLabel();
        a.Label(ref print);
        a.lodsb();
        a.test(al, al);
        a.jz(halt);
        a.mov(ah, 0x4F); // white on red
        a.stosw();
        a.jmp(print);
        a.Label(ref halt);
        a.cli();
        a.hlt();
        a.jmp(halt);

        EmitGdt(module, gdtr);
    }

    private static Symbol EmitMessage(AsmModule module)
    {
        var c = module.Text.NewBlock(32);
        var message = c.Define("asm_boot_no_long_mode", SymbolBinding.Local, SymbolKind.Data);
        c.Ascii("Minix3.Cosmos: this CPU has no 64-bit long mode.");
        return message;
    }

    /// <summary>The boot GDT: null, 64-bit kernel code (0x08), kernel data (0x10). The accessed
    /// bits are preset so the CPU never writes to the descriptors, which live in read-only text.
    /// The pseudo-descriptor holds a 64-bit base: 32-bit <c>lgdt</c> reads only its low half.</summary>
    private static void EmitGdt(AsmModule module, Symbol gdtr)
    {
        var c = module.Text.NewBlock(64, alignment: 16);
        var gdt = c.Define("asm_boot_gdt", SymbolBinding.Local, SymbolKind.Data);
        c.Dq(0UL, 0x00AF9B000000FFFFUL, 0x00CF93000000FFFFUL);
        c.Bind(gdtr);
        c.Dw(3 * 8 - 1);
        c.Dq(gdt);
    }
}
