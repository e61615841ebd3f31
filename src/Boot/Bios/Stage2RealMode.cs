using System.Collections.Generic;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Stage 2's real-mode part, loaded at 0x8000: finds the boot medium's file system, reads
/// /boot/modules.txt, /boot/cmdline, /boot/kernel.elf and every module, builds the Multiboot 1
/// information and enters the kernel through <see cref="Stage2ProtectedMode"/>.
/// </summary>
/// <remarks>
/// Entry contract (the first 64 bytes are fixed):
///   0x00  jmp short 0x40 (El Torito: the BIOS jumps to the file's first byte at 0x7c00)
///   0x08  El Torito boot info table (mkisofs -boot-info-table): 0x0c boot file LBA, 0x10 its length
///   0x40  the entry: it works out where it runs. At 0x7c00 (a CD): it moves its first 2 KiB to
///         0x8000 and reads the rest through the boot info table. At 0x8000 (stage 1 loaded it
///         whole from a disk): it goes on. DL = BIOS drive either way.
/// The code stage 2 needs before the rest of it is read (entry, disk reads, printing) comes
/// first and must end in the first 2 KiB; <see cref="Stage2.Build"/> checks.
/// </remarks>
internal sealed partial class Stage2RealMode : FlatAssembler
{
    public const int BootInfoTable = 8;
    public const int EntryOffset = 0x40;
    public const int CdLoadedBytes = 2048;   // -boot-load-size 4

    public Stage2RealMode(IReadOnlyDictionary<string, uint> previous) : base(16, LowMemory.Stage2, previous)
    {
    }

    private static AssemblerMemoryOperand Byte(uint address) => __byte_ptr[(long)address];
    private static AssemblerMemoryOperand Word(uint address) => __word_ptr[(long)address];
    private static AssemblerMemoryOperand Dword(uint address) => __dword_ptr[(long)address];

    protected override void Emit()
    {
        EmitEntry();
        EmitDiskReads();
        EmitConsole();
        EmitStrings();           // the messages of the part above, inside the first 2 KiB too
        Bind("cd_part_end");
        A.int3();
        EmitMain();
        EmitFileSystemDetection();
        EmitFileReads();
        EmitIsoFind();
        EmitFatFind();
        EmitKernelChecks();
        EmitModuleList();
        EmitLoadAndStart();
        EmitProtectedModeCalls();
        EmitData();
    }

    private void EmitEntry()
    {
        A.db(0xEB, EntryOffset - 2);
        A.db(new byte[EntryOffset - 2]);
        A.cli();
        A.cld();
        A.xor(ax, ax);
        A.mov(ss, ax);
        A.mov(esp, LowMemory.StackTop);
        A.mov(ds, ax);
        A.mov(es, ax);
        // Where are we? CS:IP of "here" as a linear address (CS may be 0 or 0x7c0).
        A.call(L("here"));
        Bind("here");
        A.pop(bx);
        A.mov(ax, cs);
        A.shl(ax, 4);
        A.add(bx, ax);
        A.cmp(bx, Address16("here"));
        A.je(L("from_disk"));
        // A CD: the BIOS loaded the first 2 KiB at 0x7c00. Move them up to 0x8000, backwards
        // (the ranges overlap), with nothing but immediates: this code is not where it was
        // assembled for until the far jump.
        A.mov(si, (ushort)(LowMemory.BootSector + CdLoadedBytes - 1));
        A.mov(di, (ushort)(LowMemory.Stage2 + CdLoadedBytes - 1));
        A.mov(cx, (ushort)CdLoadedBytes);
        A.std();
        A.rep.movsb();
        A.cld();
        A.jmp(0, Address16("cd_start"));

        Bind("cd_start");
        A.mov(Byte(Var.Drive), dl);
        A.mov(Byte(Var.FromCd), 1);
        A.mov(Byte(Var.IsoShift), 0);
        A.call(L("serial_init"));
        A.mov(eax, Dword(LowMemory.Stage2 + BootInfoTable + 8));   // bi_length
        A.test(eax, eax);
        A.jnz(L("have_boot_info"));
        A.mov(si, Text("the CD has no El Torito boot info table for stage 2 (mkisofs -boot-info-table)"));
        A.jmp(L("fail"));
        Bind("have_boot_info");
        A.add(eax, 2047);
        A.shr(eax, 11);
        A.dec(ax);
        A.mov(cx, ax);
        A.jcxz(L("main"));
        A.mov(eax, Dword(LowMemory.Stage2 + BootInfoTable + 4));   // bi_file
        A.inc(eax);
        A.mov(dx, (ushort)((LowMemory.Stage2 + CdLoadedBytes) >> 4));
        A.call(L("read_sectors"));
        A.jmp(L("main"));

        Bind("from_disk");
        A.mov(Byte(Var.Drive), dl);
        A.mov(Byte(Var.FromCd), 0);
        A.call(L("serial_init"));
        A.jmp(L("main"));
    }

    private void EmitMain()
    {
        Bind("main");
        A.sti();                                 // BIOS disk code may wait on the timer
        A.mov(si, Text(Stage2.LoaderName));
        A.call(L("print_line"));
        A.call(L("enable_a20"));
        A.call(L("detect_file_system"));
        A.call(L("memory_map"));
        A.call(L("open_boot_directory"));
        A.call(L("read_module_list"));
        A.call(L("read_command_line"));
        A.call(L("check_kernel"));
        A.call(L("find_modules"));
        A.call(L("check_memory"));
        A.call(L("load_kernel"));
        A.call(L("load_modules"));
        A.call(L("build_info"));
        A.mov(si, Text("loader: starting the kernel with "));
        A.call(L("print"));
        A.movzx(eax, Word(Var.ModuleCount));
        A.call(L("print_dec"));
        A.mov(si, Text(" modules"));
        A.call(L("print_line"));
        A.jmp(L("enter_kernel"));

        Bind("enable_a20");
        A.mov(ax, 0x2401);
        A.@int(0x15);
        A.@in(al, 0x92);
        A.test(al, 2);
        A.jnz(L("a20_done"));
        A.or(al, 2);
        A.and(al, 0xFE);
        A.@out(0x92, al);
        Bind("a20_done");
        A.ret();
    }

    private void EmitData()
    {
        Bind("lfn_offsets");
        A.db(1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30);
        EmitStrings();
        A.db(0, 0, 0, 0, 0, 0, 0);
        Bind("gdt");
        A.dq(0);
        A.dq(0x00CF9A000000FFFF);   // 0x08 32-bit code, flat
        A.dq(0x00CF92000000FFFF);   // 0x10 32-bit data, flat
        A.dq(0x00009A000000FFFF);   // 0x18 16-bit code, base 0, 64 KiB: the way back to real mode
        A.dq(0x000092000000FFFF);   // 0x20 16-bit data, base 0, 64 KiB: real-mode limits again
        Bind("gdtr");
        A.dw(5 * 8 - 1);
        A.dd(Address("gdt"));
        Bind("stage2_end");
        A.db(0);
    }
}
