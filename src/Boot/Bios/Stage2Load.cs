using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

// The BIOS memory map, loading, the Multiboot 1 information, and the calls into 32-bit
// protected mode (copies above 1 MiB, zeroing, the kernel's entry).
//   Multiboot info (at LowMemory.Info): +0 flags (mem 1, cmdline 4, mods 8, mmap 0x40,
//   loader name 0x200), +4 mem_lower KiB, +8 mem_upper KiB, +16 cmdline, +20 mods_count,
//   +24 mods_addr, +44 mmap_length, +48 mmap_addr, +64 boot_loader_name.
//   Memory map entry: +0 size (20: not counting itself), +4 base, +12 length, +20 type.
internal sealed partial class Stage2RealMode
{
    public const uint InfoFlags = 0x1 | 0x8 | 0x40 | 0x200;
    public const uint InfoCommandLineFlag = 0x4;

    private void EmitLoadAndStart()
    {
        Bind("memory_map");
        A.xor(ax, ax);
        A.mov(es, ax);                           // E820 writes to ES:DI
        A.mov(di, (ushort)LowMemory.MemoryMap);
        A.xor(ebx, ebx);
        A.xor(bp, bp);
        Bind("e820_next");
        A.mov(eax, 0xE820);
        A.mov(edx, 0x534D4150);                  // "SMAP"
        A.mov(ecx, 24);
        A.mov(__dword_ptr[di + 4 + 20], 1);      // ACPI 3 attributes: valid, unless the BIOS says
        A.push(di);
        A.add(di, 4);
        A.@int(0x15);
        A.pop(di);
        A.jc(L("e820_done"));
        A.cmp(eax, 0x534D4150);
        A.jne(L("e820_done"));
        A.mov(__dword_ptr[di], 20);
        A.add(di, 24);
        A.inc(bp);
        A.test(ebx, ebx);
        A.jz(L("e820_done"));
        A.cmp(bp, LowMemory.MemoryMapMaxEntries);
        A.jb(L("e820_next"));
        Bind("e820_done");
        A.mov(ax, di);
        A.sub(ax, (ushort)LowMemory.MemoryMap);
        A.movzx(eax, ax);
        A.mov(Dword(Var.MemoryMapLength), eax);
        A.test(eax, eax);
        A.jnz(L("e820_some"));
        A.mov(si, Text("the BIOS gives no memory map (int 15h E820)"));
        A.jmp(L("fail"));
        Bind("e820_some");
        A.@int(0x12);
        A.movzx(eax, ax);
        A.mov(Dword(Var.MemLower), eax);
        // The usable RAM the kernel and modules go into: the available range holding 1 MiB.
        A.mov(Dword(Var.AvailableEnd), 0x100000);
        A.mov(si, (ushort)LowMemory.MemoryMap);
        Bind("ram_next");
        A.cmp(si, di);
        A.jae(L("ram_done"));
        A.cmp(__dword_ptr[si + 20], 1);
        A.jne(L("ram_skip"));
        A.cmp(__dword_ptr[si + 8], 0);
        A.jne(L("ram_skip"));
        A.mov(eax, __dword_ptr[si + 4]);
        A.cmp(eax, 0x100000);
        A.ja(L("ram_skip"));
        A.cmp(__dword_ptr[si + 16], 0);
        A.jne(L("ram_to_4g"));
        A.add(eax, __dword_ptr[si + 12]);
        A.jnc(L("ram_end"));
        Bind("ram_to_4g");
        A.mov(eax, 0xFFFFF000);
        Bind("ram_end");
        A.cmp(eax, Dword(Var.AvailableEnd));
        A.jbe(L("ram_skip"));
        A.mov(Dword(Var.AvailableEnd), eax);
        Bind("ram_skip");
        A.add(si, 24);
        A.jmp(L("ram_next"));
        Bind("ram_done");
        A.ret();

        Bind("load_kernel");
        A.mov(eax, Dword(Var.KernelLocation));
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(eax, Dword(Var.KernelFileSize));
        A.mov(Dword(Var.FileSize), eax);
        A.mov(ecx, eax);
        A.mov(edi, Dword(Var.KernelLoad));
        A.call(L("read_file"));
        A.mov(ecx, Dword(Var.KernelOffset));
        A.test(ecx, ecx);
        A.jz(L("kernel_in_place"));
        // Down by the offset: a forward copy is safe, the destination lies below the source.
        A.mov(esi, Dword(Var.KernelLoad));
        A.add(esi, ecx);
        A.mov(edi, Dword(Var.KernelLoad));
        A.mov(ecx, Dword(Var.KernelLoadEnd));
        A.sub(ecx, edi);
        A.call(L("pm_copy"));
        Bind("kernel_in_place");
        A.mov(edi, Dword(Var.KernelLoadEnd));
        A.mov(ecx, Dword(Var.KernelBssEnd));
        A.sub(ecx, edi);
        A.jz(L("kernel_loaded"));
        A.call(L("pm_zero"));
        Bind("kernel_loaded");
        A.ret();

        Bind("load_modules");
        A.mov(ax, Word(Var.ModuleCount));
        A.mov(Word(Var.Index), ax);
        A.mov(bx, (ushort)LowMemory.Modules);
        Bind("load_next");
        A.cmp(Word(Var.Index), 0);
        A.je(L("loaded"));
        A.mov(eax, __dword_ptr[bx]);
        A.mov(Dword(Var.FileLocation), eax);
        A.mov(eax, __dword_ptr[bx + 4]);
        A.mov(Dword(Var.FileSize), eax);
        A.mov(ecx, eax);
        A.mov(edi, Dword(Var.NextFree));
        A.push(bx);
        A.call(L("read_file"));
        A.pop(bx);
        A.mov(eax, Dword(Var.NextFree));
        A.mov(__dword_ptr[bx], eax);
        A.add(eax, __dword_ptr[bx + 4]);
        A.mov(__dword_ptr[bx + 4], eax);
        A.add(eax, 0xFFF);
        A.and(eax, unchecked((int)0xFFFFF000));
        A.mov(Dword(Var.NextFree), eax);
        A.mov(__dword_ptr[bx + 12], 0);
        A.add(bx, 16);
        A.dec(Word(Var.Index));
        A.jmp(L("load_next"));
        Bind("loaded");
        A.ret();

        Bind("build_info");
        A.xor(ax, ax);
        A.mov(es, ax);
        A.mov(di, (ushort)LowMemory.Info);
        A.mov(cx, 0x40);
        A.rep.stosw();
        A.mov(eax, InfoFlags);
        A.cmp(Byte(Var.HasCommandLine), 1);
        A.jne(L("info_flags"));
        A.or(eax, InfoCommandLineFlag);
        Bind("info_flags");
        A.mov(Dword(LowMemory.Info), eax);
        A.mov(eax, Dword(Var.MemLower));
        A.mov(Dword(LowMemory.Info + 4), eax);
        A.mov(eax, Dword(Var.AvailableEnd));
        A.sub(eax, 0x100000);
        A.shr(eax, 10);
        A.mov(Dword(LowMemory.Info + 8), eax);
        A.mov(Dword(LowMemory.Info + 16), LowMemory.CommandLine);
        A.movzx(eax, Word(Var.ModuleCount));
        A.mov(Dword(LowMemory.Info + 20), eax);
        A.mov(Dword(LowMemory.Info + 24), LowMemory.Modules);
        A.mov(eax, Dword(Var.MemoryMapLength));
        A.mov(Dword(LowMemory.Info + 44), eax);
        A.mov(Dword(LowMemory.Info + 48), LowMemory.MemoryMap);
        A.mov(Dword(LowMemory.Info + 64), Address("text:" + Stage2.LoaderName));
        A.ret();
    }

    // Protected mode for one operation: ESI, EDI, ECX go through unchanged; the 32-bit code
    // (Stage2ProtectedMode) comes back through back_to_16 (16-bit protected mode, where the
    // segment limits are set to 64 KiB again) and back_to_real. Interrupts stay off meanwhile:
    // there is no protected-mode IDT. BIOS calls may leave segment registers as they like, so
    // no "unreal mode" is kept between calls.
    private void EmitProtectedModeCalls()
    {
        foreach (var (name, target) in new[] { ("pm_copy", "copy32"), ("pm_zero", "zero32"), ("enter_kernel", "kernel32") })
        {
            Bind(name);
            A.cli();
            A.lgdt(__[(long)Address("gdtr")]);
            A.mov(eax, cr0);
            A.or(al, 1);
            A.mov(cr0, eax);
            A.AddInstruction(Iced.Intel.Instruction.CreateBranch(Iced.Intel.Code.Jmp_ptr1632, Stage2ProtectedMode.Code32, Address(target)));
        }

        Bind("back_to_16");
        A.mov(ax, Stage2ProtectedMode.Data16);
        A.mov(ds, ax);
        A.mov(es, ax);
        A.mov(fs, ax);
        A.mov(gs, ax);
        A.mov(ss, ax);
        A.mov(eax, cr0);
        A.and(al, 0xFE);
        A.mov(cr0, eax);
        A.jmp(0, Address16("back_to_real"));
        Bind("back_to_real");
        A.xor(ax, ax);
        A.mov(ds, ax);
        A.mov(es, ax);
        A.mov(fs, ax);
        A.mov(gs, ax);
        A.mov(ss, ax);
        A.sti();
        A.ret();
    }
}
