using System.Collections.Generic;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Stage 2's 32-bit part, right after the real-mode part: copying and zeroing anywhere below
/// 4 GiB, and the kernel's entry in the Multiboot 1 machine state (32-bit protected mode,
/// flat segments, paging and interrupts off, A20 on, EAX = 0x2badb002, EBX = the info).
/// </summary>
internal sealed class Stage2ProtectedMode : FlatAssembler
{
    public const ushort Code32 = 0x08;
    public const ushort Data32 = 0x10;
    public const ushort Code16 = 0x18;
    public const ushort Data16 = 0x20;
    public const uint BootMagic = 0x2BADB002;

    public Stage2ProtectedMode(uint origin, IReadOnlyDictionary<string, uint> previous) : base(32, origin, previous)
    {
    }

    protected override void Emit()
    {
        // ESI -> EDI, ECX bytes, ascending (also right for a move down onto an overlap).
        Bind("copy32");
        FlatSegments();
        A.mov(edx, ecx);
        A.shr(ecx, 2);
        A.rep.movsd();
        A.mov(ecx, edx);
        A.and(ecx, 3);
        A.rep.movsb();
        BackTo16();

        // EDI, ECX bytes of zeros.
        Bind("zero32");
        FlatSegments();
        A.xor(eax, eax);
        A.mov(edx, ecx);
        A.shr(ecx, 2);
        A.rep.stosd();
        A.mov(ecx, edx);
        A.and(ecx, 3);
        A.rep.stosb();
        BackTo16();

        Bind("kernel32");
        FlatSegments();
        A.mov(fs, ax);
        A.mov(gs, ax);
        A.mov(eax, BootMagic);
        A.mov(ebx, LowMemory.Info);
        A.jmp(__dword_ptr[(long)Var.KernelEntry]);
    }

    private void FlatSegments()
    {
        A.mov(ax, Data32);
        A.mov(ds, ax);
        A.mov(es, ax);
        A.mov(ss, ax);
        A.cld();
    }

    private void BackTo16() =>
        A.AddInstruction(Iced.Intel.Instruction.CreateBranch(Iced.Intel.Code.Jmp_ptr1632, Code16, Address("back_to_16")));
}
