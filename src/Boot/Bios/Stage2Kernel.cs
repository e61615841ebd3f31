using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

// /boot/modules.txt, /boot/cmdline and /boot/kernel.elf: the kernel's Multiboot 1 header
// (magic 0x1badb002, flags, checksum; flag 16's address fields, the way QEMU and GRUB load
// our ELF64 kernel: src/Asm/Kernel/MultibootHeaders.cs), where everything goes, and whether
// the memory the BIOS reports holds it.
//   Header (32 bytes, 4-aligned, in the file's first 8 KiB): +0 magic, +4 flags, +8 checksum,
//   +12 header_addr, +16 load_addr, +20 load_end_addr (0: the file's end), +24 bss_end_addr
//   (0: none), +28 entry_addr. The file bytes from offset(header) - (header_addr - load_addr)
//   on are copied to load_addr up to load_end_addr; bss up to bss_end_addr is zeroed.
internal sealed partial class Stage2RealMode
{
    private const uint MultibootMagic = 0x1BADB002;
    private const uint MultibootAddressFields = 1u << 16;

    private void EmitKernelChecks()
    {
        Bind("read_module_list");
        A.mov(si, Text("modules.txt"));
        A.call(L("find"));
        A.jnc(L("module_list_found"));
        A.mov(si, Text("/boot/modules.txt is missing"));
        A.jmp(L("fail"));
        Bind("module_list_found");
        A.cmp(Dword(Var.FileSize), (uint)LowMemory.ModuleListMax);
        A.jb(L("module_list_fits"));
        A.mov(si, Text("/boot/modules.txt is larger than 64 KiB"));
        A.jmp(L("fail"));
        Bind("module_list_fits");
        A.mov(edi, LowMemory.ModuleList);
        A.mov(ecx, (uint)LowMemory.ModuleListMax);
        A.call(L("read_file"));
        A.mov(bx, ax);
        A.mov(ax, (ushort)(LowMemory.ModuleList >> 4));
        A.mov(fs, ax);
        A.mov(__byte_ptr.fs[bx], 0);
        A.ret();

        // Optional: one line, the kernel's command line (QEMU's -append, GRUB's multiboot line).
        Bind("read_command_line");
        A.mov(Byte(Var.HasCommandLine), 0);
        A.mov(si, Text("cmdline"));
        A.call(L("find"));
        A.jc(L("command_line_done"));
        A.mov(Byte(Var.HasCommandLine), 1);
        A.mov(edi, LowMemory.CommandLine);
        A.mov(ecx, (uint)LowMemory.CommandLineMax);
        A.call(L("read_file"));
        A.mov(bx, ax);
        Bind("command_line_trim");
        A.mov(__byte_ptr[bx + (int)LowMemory.CommandLine], 0);
        A.test(bx, bx);
        A.jz(L("command_line_done"));
        A.dec(bx);
        A.cmp(__byte_ptr[bx + (int)LowMemory.CommandLine], 0x20);
        A.jbe(L("command_line_trim"));
        Bind("command_line_done");
        A.ret();

        Bind("check_kernel");
        A.mov(si, Text("kernel.elf"));
        A.call(L("find"));
        A.jnc(L("kernel_found"));
        A.mov(si, Text("/boot/kernel.elf is missing"));
        A.jmp(L("fail"));
        Bind("kernel_found");
        A.mov(eax, Dword(Var.FileLocation));
        A.mov(Dword(Var.KernelLocation), eax);
        A.mov(eax, Dword(Var.FileSize));
        A.mov(Dword(Var.KernelFileSize), eax);
        A.mov(edi, LowMemory.KernelHeader);
        A.mov(ecx, (uint)LowMemory.KernelHeaderSearch);
        A.call(L("read_file"));
        A.mov(Dword(Var.HeaderBytes), eax);
        A.mov(ax, (ushort)(LowMemory.KernelHeader >> 4));
        A.mov(es, ax);
        A.xor(bx, bx);
        Bind("header_search");
        A.movzx(eax, bx);
        A.add(eax, 32);
        A.cmp(eax, Dword(Var.HeaderBytes));
        A.ja(L("no_header"));
        A.cmp(__dword_ptr.es[bx], unchecked((int)MultibootMagic));
        A.jne(L("header_next"));
        A.mov(eax, __dword_ptr.es[bx]);
        A.add(eax, __dword_ptr.es[bx + 4]);
        A.add(eax, __dword_ptr.es[bx + 8]);
        A.jz(L("header_found"));
        Bind("header_next");
        A.add(bx, 4);
        A.jmp(L("header_search"));
        Bind("no_header");
        A.mov(si, Text("/boot/kernel.elf has no valid Multiboot header (magic 0x1badb002 and checksum) in its first 8 KiB"));
        A.jmp(L("fail"));

        Bind("header_found");
        A.mov(eax, __dword_ptr.es[bx + 4]);
        A.test(eax, MultibootAddressFields);
        A.jnz(L("header_has_addresses"));
        A.mov(si, Text("/boot/kernel.elf: its Multiboot header has no address fields (flag 16); this loader reads no ELF program headers"));
        A.jmp(L("fail"));
        Bind("header_has_addresses");
        A.test(ax, 0xFFFC);                      // required features other than page-aligned modules and memory info
        A.jz(L("header_features_ok"));
        A.mov(si, Text("/boot/kernel.elf: its Multiboot header asks for features this loader lacks (video mode or a.out symbols)"));
        A.jmp(L("fail"));
        Bind("header_features_ok");
        A.mov(eax, __dword_ptr.es[bx + 16]);
        A.mov(Dword(Var.KernelLoad), eax);
        A.cmp(eax, 0x100000);
        A.jb(L("bad_kernel"));
        A.mov(edx, __dword_ptr.es[bx + 12]);
        A.sub(edx, eax);
        A.jb(L("bad_kernel"));                   // header_addr below load_addr
        A.movzx(ecx, bx);
        A.sub(ecx, edx);
        A.jb(L("bad_kernel"));                   // load_addr before the file's start
        A.mov(Dword(Var.KernelOffset), ecx);
        A.mov(edx, Dword(Var.KernelFileSize));
        A.sub(edx, ecx);                         // file bytes from load_addr on
        A.mov(eax, __dword_ptr.es[bx + 20]);
        A.test(eax, eax);
        A.jnz(L("have_load_end"));
        A.mov(eax, Dword(Var.KernelLoad));
        A.add(eax, edx);
        Bind("have_load_end");
        A.mov(Dword(Var.KernelLoadEnd), eax);
        A.sub(eax, Dword(Var.KernelLoad));
        A.jb(L("bad_kernel"));
        A.cmp(eax, edx);
        A.ja(L("bad_kernel"));                   // the file is shorter than the header says
        A.mov(eax, __dword_ptr.es[bx + 24]);
        A.test(eax, eax);
        A.jnz(L("have_bss_end"));
        A.mov(eax, Dword(Var.KernelLoadEnd));
        Bind("have_bss_end");
        A.cmp(eax, Dword(Var.KernelLoadEnd));
        A.jb(L("bad_kernel"));
        A.mov(Dword(Var.KernelBssEnd), eax);
        A.mov(eax, __dword_ptr.es[bx + 28]);
        A.mov(Dword(Var.KernelEntry), eax);
        A.cmp(eax, Dword(Var.KernelLoad));
        A.jb(L("bad_kernel"));
        A.cmp(eax, Dword(Var.KernelLoadEnd));
        A.jae(L("bad_kernel"));
        // The whole file lands at load_addr first; modules go past it and past bss.
        A.mov(eax, Dword(Var.KernelLoad));
        A.add(eax, Dword(Var.KernelFileSize));
        A.jc(L("bad_kernel"));
        A.cmp(eax, Dword(Var.KernelBssEnd));
        A.jae(L("kernel_end"));
        A.mov(eax, Dword(Var.KernelBssEnd));
        Bind("kernel_end");
        A.add(eax, 0xFFF);
        A.jc(L("bad_kernel"));
        A.and(eax, unchecked((int)0xFFFFF000));
        A.mov(Dword(Var.NextFree), eax);
        A.ret();
        Bind("bad_kernel");
        A.call(L("error_prefix"));
        A.mov(si, Text("/boot/kernel.elf: its Multiboot load addresses do not fit the file ("));
        A.call(L("print"));
        A.mov(eax, Dword(Var.KernelFileSize));
        A.call(L("print_dec"));
        A.mov(si, Text(" bytes) or lie below 1 MiB"));
        A.call(L("print"));
        A.jmp(L("halt_line"));
    }

    private void EmitModuleList()
    {
        // Each line of modules.txt, "<file> <module-name>" (the name defaults to the file),
        // becomes a module entry whose string is "/boot/<file> <name>" (as GRUB's module line:
        // the kernel takes the last word). The file is looked up now; entry +0 and +4 hold its
        // location and size until load_modules puts the real start and end there.
        Bind("find_modules");
        A.mov(eax, Dword(Var.NextFree));
        A.mov(Dword(Var.NeedEnd), eax);
        A.mov(Word(Var.ModuleCount), 0);
        A.xor(si, si);
        A.mov(di, (ushort)LowMemory.ModuleStrings);
        Bind("module_line");
        A.mov(ax, (ushort)(LowMemory.ModuleList >> 4));
        A.mov(fs, ax);
        A.mov(al, __byte_ptr.fs[si]);
        A.test(al, al);
        A.jz(L("modules_done"));
        A.cmp(al, 0x20);
        A.ja(L("module_start"));
        A.inc(si);
        A.jmp(L("module_line"));
        Bind("module_start");
        A.cmp(Word(Var.ModuleCount), (ushort)LowMemory.MaxModules);
        A.jb(L("module_room"));
        A.mov(si, Text("/boot/modules.txt lists more than 256 modules"));
        A.jmp(L("fail"));
        Bind("module_room");
        A.cmp(di, (ushort)(LowMemory.ModuleStringsEnd - 2 * 256 - 8));
        A.jb(L("module_string_room"));
        A.mov(si, Text("/boot/modules.txt: its names take more than 8 KiB"));
        A.jmp(L("fail"));
        Bind("module_string_room");
        A.mov(bx, Word(Var.ModuleCount));
        A.shl(bx, 4);
        A.add(bx, (ushort)LowMemory.Modules);
        A.mov(__word_ptr[bx + 8], di);
        A.mov(__word_ptr[bx + 10], 0);
        A.mov(__dword_ptr[di], 0x6F6F622F);     // "/boo"
        A.mov(__word_ptr[di + 4], 0x2F74);      // "t/"
        A.add(di, 6);
        A.mov(__word_ptr[bx + 12], di);         // the file name, until load_modules
        A.mov(__word_ptr[bx + 14], 0);
        A.mov(cx, 255);
        Bind("module_file");
        A.mov(al, __byte_ptr.fs[si]);
        A.cmp(al, 0x20);
        A.jbe(L("module_file_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(si);
        A.loop(L("module_file"));
        Bind("module_file_end");
        A.mov(__byte_ptr[di], (byte)' ');
        A.inc(di);
        Bind("module_blank");
        A.mov(al, __byte_ptr.fs[si]);
        A.cmp(al, (byte)' ');
        A.je(L("module_blank_skip"));
        A.cmp(al, 9);
        A.jne(L("module_blank_end"));
        Bind("module_blank_skip");
        A.inc(si);
        A.jmp(L("module_blank"));
        Bind("module_blank_end");
        A.mov(cx, 255);
        A.cmp(al, 0x20);
        A.ja(L("module_name"));
        // No name: the file's.
        A.push(si);
        A.mov(si, __word_ptr[bx + 12]);
        Bind("module_default_name");
        A.lodsb();
        A.cmp(al, 0x20);
        A.jbe(L("module_default_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.loop(L("module_default_name"));
        Bind("module_default_end");
        A.pop(si);
        A.jmp(L("module_name_end"));
        Bind("module_name");
        A.mov(al, __byte_ptr.fs[si]);
        A.cmp(al, 0x20);
        A.jbe(L("module_name_end"));
        A.mov(__byte_ptr[di], al);
        A.inc(di);
        A.inc(si);
        A.loop(L("module_name"));
        Bind("module_name_end");
        A.mov(__byte_ptr[di], 0);
        A.inc(di);
        Bind("module_rest");                     // anything else on the line is ignored
        A.mov(al, __byte_ptr.fs[si]);
        A.test(al, al);
        A.jz(L("module_lookup"));
        A.cmp(al, 10);
        A.je(L("module_lookup"));
        A.inc(si);
        A.jmp(L("module_rest"));
        Bind("module_lookup");
        A.push(bx);
        A.push(si);
        A.push(di);
        A.mov(si, __word_ptr[bx + 12]);
        A.call(L("find"));
        A.pop(di);
        A.pop(si);
        A.pop(bx);
        A.jnc(L("module_found"));
        A.call(L("error_prefix"));
        A.mov(si, Text("/boot/"));
        A.call(L("print"));
        A.mov(si, __word_ptr[bx + 12]);
        A.call(L("print_name"));
        A.mov(si, Text(" is missing (listed in /boot/modules.txt)"));
        A.call(L("print"));
        A.jmp(L("halt_line"));
        Bind("module_found");
        A.mov(eax, Dword(Var.FileLocation));
        A.mov(__dword_ptr[bx], eax);
        A.mov(eax, Dword(Var.FileSize));
        A.mov(__dword_ptr[bx + 4], eax);
        A.add(eax, 0xFFF);
        A.jc(L("too_big"));
        A.and(eax, unchecked((int)0xFFFFF000));
        A.add(Dword(Var.NeedEnd), eax);
        A.jc(L("too_big"));
        A.inc(Word(Var.ModuleCount));
        A.jmp(L("module_line"));
        Bind("modules_done");
        A.ret();
        Bind("too_big");
        A.mov(Dword(Var.NeedEnd), uint.MaxValue);
        A.ret();

        Bind("check_memory");
        A.mov(eax, Dword(Var.NeedEnd));
        A.cmp(eax, Dword(Var.AvailableEnd));
        A.ja(L("memory_short"));
        A.ret();
        Bind("memory_short");
        A.call(L("error_prefix"));
        A.mov(si, Text("not enough memory: the kernel and its modules need "));
        A.call(L("print"));
        A.sub(eax, 0x100000);
        A.shr(eax, 10);
        A.call(L("print_dec"));
        A.mov(si, Text(" KiB above 1 MiB, the BIOS reports "));
        A.call(L("print"));
        A.mov(eax, Dword(Var.AvailableEnd));
        A.sub(eax, 0x100000);
        A.shr(eax, 10);
        A.call(L("print_dec"));
        A.mov(si, Text(" KiB"));
        A.call(L("print"));
        A.jmp(L("halt_line"));
    }
}
