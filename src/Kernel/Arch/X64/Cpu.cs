using System.Runtime;
using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The privileged instructions, as calls into the stubs src/Asm writes
    // (C# cannot emit them). Each is a plain System V call with no transition:
    // [RuntimeImport] makes ilc call the symbol directly.
    internal static unsafe class Cpu
    {
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_inb")]
        internal static extern byte InByte(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_inw")]
        internal static extern ushort InWord(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_ind")]
        internal static extern uint InDword(ushort port);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_outb")]
        internal static extern void OutByte(ushort port, byte value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_outw")]
        internal static extern void OutWord(ushort port, ushort value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_outd")]
        internal static extern void OutDword(ushort port, uint value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_read_cr2")]
        internal static extern ulong ReadCr2();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_write_cr3")]
        internal static extern void WriteCr3(ulong value);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_lgdt")]
        internal static extern void LoadGdt(void* gdtr, ushort codeSelector, ushort dataSelector);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_lidt")]
        internal static extern void LoadIdt(void* idtr);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_ltr")]
        internal static extern void LoadTaskRegister(ushort selector);

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_cli")]
        internal static extern void DisableInterrupts();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_hlt")]
        internal static extern void Halt();

        // sti; hlt back to back: an interrupt cannot slip in between and be
        // missed, so the idle loop always wakes for the next one.
        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_sti_hlt")]
        internal static extern void EnableInterruptsAndHalt();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_pause")]
        internal static extern void Pause();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_read_rbp")]
        internal static extern ulong ReadFramePointer();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_rdtsc")]
        internal static extern ulong ReadTimeStampCounter();

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_linker_layout")]
        internal static extern void ReadLinkerLayout(LinkerLayout* layout);

        internal static void HaltForever()
        {
            while (true)
            {
                DisableInterrupts();
                Halt();
            }
        }
    }

    // Filled by asm_linker_layout, in the order of src/Asm's LinkerLayout.Symbols.
#pragma warning disable CS0649 // filled by asm_linker_layout
    internal struct LinkerLayout
    {
        internal ulong ImageStart, TextStart, TextEnd, RodataStart, RodataEnd;
        internal ulong DataStart, DataEnd, BssStart, BssEnd, HeapStart, HeapEnd, ImageEnd;
        internal ulong ModulesStart, ModulesEnd;
    }
}
