using System.Collections.Generic;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Uefi.MachineCode;

/// <summary>
/// The one page of machine code the UEFI loader copies to memory it allocates below
/// 4 GiB (as LoaderCode, so the firmware leaves it executable) and calls through
/// function pointers with the Microsoft x64 ABI (arguments in RCX, RDX). Everything is
/// position independent: RIP-relative in 64-bit code; the 32-bit part finds the page
/// through EBP, which the 64-bit part sets.
/// </summary>
/// <remarks>
/// Layout (offsets in the page):
///   0x000 PortOut(ushort port, byte value)        out dx, al
///   0x010 PortIn(ushort port) -> byte              in al, dx
///   0x020 EnterKernel()                            64-bit: load our GDT, far return to 0x080
///   0x080 32-bit compatibility code                paging off, EFER.LME off, move the kernel,
///                                                  Multiboot registers, jump to the entry
///   0x0E0 GDT: null, flat 32-bit code (0x08), flat 32-bit data (0x10)
///   0x0F8 GDTR: limit (2 bytes), base (8 bytes, written by EnterKernel)
///   0x100 hand-over, written by the loader: u32 destination, source, length (the kernel's
///         move; length 0: none), entry, info
/// </remarks>
public static class CodePage
{
    public const int PortOut = 0x000, PortIn = 0x010, EnterKernel = 0x020, HandOver = 0x100;
    public const int HandOverDestination = 0, HandOverSource = 4, HandOverLength = 8, HandOverEntry = 12, HandOverInfo = 16;
    private const int Compatibility = 0x080, Gdt = 0x0E0, Gdtr = 0x0F8, Size = 0x120;
    private const ushort CodeSelector = 0x08, DataSelector = 0x10;
    private const uint MultibootMagic = 0x2BADB002;
    private const uint EferMsr = 0xC000_0080, EferLongModeEnable = 1u << 8;
    private const uint Cr0Paging = 1u << 31;

    public static byte[] Build()
    {
        var page = new byte[Size];
        Place(page, PortOut, Assemble(64, PortOut, a =>
        {
            a.mov(eax, edx);
            a.mov(edx, ecx);
            a.@out(dx, al);
            a.ret();
        }));
        Place(page, PortIn, Assemble(64, PortIn, a =>
        {
            a.mov(edx, ecx);
            a.@in(al, dx);
            a.movzx(eax, al);
            a.ret();
        }));
        Place(page, EnterKernel, Assemble(64, EnterKernel, a =>
        {
            // Interrupts stay off from here on: the firmware's IDT is for 64-bit code
            // and the kernel installs its own.
            a.cli();
            // The page is below 4 GiB, so EBP still addresses the hand-over after the switch.
            a.AddInstruction(Instruction.Create(Code.Lea_r64_m, Register.RBP, RipTo(HandOver)));
            a.AddInstruction(Instruction.Create(Code.Lea_r64_m, Register.RAX, RipTo(Gdt)));
            a.AddInstruction(Instruction.Create(Code.Mov_rm64_r64, RipTo(Gdtr + 2), Register.RAX));
            a.AddInstruction(Instruction.Create(Code.Lgdt_m1664, RipTo(Gdtr)));
            // A far return is the only far transfer to a computed address in 64-bit code.
            a.AddInstruction(Instruction.Create(Code.Lea_r64_m, Register.RAX, RipTo(Compatibility)));
            a.push(CodeSelector);
            a.push(rax);
            a.AddInstruction(Instruction.Create(Code.Retfq));
        }));
        Place(page, Compatibility, Assemble(32, Compatibility, a =>
        {
            a.mov(eax, DataSelector);
            a.mov(ds, ax);
            a.mov(es, ax);
            a.mov(fs, ax);
            a.mov(gs, ax);
            a.mov(ss, ax);
            // Paging off leaves long mode (this code is identity mapped, as all of
            // UEFI's memory is); then EFER.LME off so the kernel may enable it again.
            a.mov(eax, cr0);
            a.and(eax, ~Cr0Paging);
            a.mov(cr0, eax);
            a.mov(ecx, EferMsr);
            a.rdmsr();
            a.and(eax, ~EferLongModeEnable);
            a.wrmsr();
            // The kernel's final move, when the firmware held its range until
            // ExitBootServices (length 0 otherwise). No stack is used from here on.
            a.mov(edi, __dword_ptr[ebp + HandOverDestination]);
            a.mov(esi, __dword_ptr[ebp + HandOverSource]);
            a.mov(ecx, __dword_ptr[ebp + HandOverLength]);
            a.cld();
            a.rep.movsb();
            a.mov(eax, MultibootMagic);
            a.mov(ebx, __dword_ptr[ebp + HandOverInfo]);
            a.jmp(__dword_ptr[ebp + HandOverEntry]);
        }));
        // Flat 4 GiB segments: base 0, limit 0xFFFFF pages; code is execute/read, data read/write.
        Place(page, Gdt, Qwords(0UL, 0x00CF_9A00_0000_FFFFUL, 0x00CF_9200_0000_FFFFUL));
        Place(page, Gdtr, new byte[] { 3 * 8 - 1, 0 });
        return page;
    }

    // Iced encodes a RIP-relative operand from the target's address (here: its offset
    // in the page, since each part is assembled at its own offset).
    private static MemoryOperand RipTo(int offset) => new(Register.RIP, (long)offset);

    private static byte[] Assemble(int bitness, int offset, System.Action<Assembler> body)
    {
        var a = new Assembler(bitness);
        body(a);
        var bytes = new ByteWriter();
        a.Assemble(bytes, (ulong)offset);
        return bytes.Bytes.ToArray();
    }

    private static byte[] Qwords(params ulong[] values)
    {
        var bytes = new List<byte>();
        foreach (ulong value in values)
            bytes.AddRange(System.BitConverter.GetBytes(value));
        return bytes.ToArray();
    }

    private static void Place(byte[] page, int offset, byte[] code)
    {
        int limit = System.Array.FindIndex(new[] { PortOut, PortIn, EnterKernel, Compatibility, Gdt, Gdtr, HandOver, Size }, o => o > offset);
        int next = new[] { PortOut, PortIn, EnterKernel, Compatibility, Gdt, Gdtr, HandOver, Size }[limit];
        if (offset + code.Length > next)
            throw new System.InvalidOperationException($"machine code at 0x{offset:X} is {code.Length} bytes and runs into 0x{next:X}");
        code.CopyTo(page, offset);
    }

    private sealed class ByteWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
