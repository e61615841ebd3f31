using System.Runtime;
using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The IDT: all 256 vectors point at src/Asm's entry stubs (asm_isr_table),
    // which save the full register state and call Interrupts.Dispatch. Gate
    // format (16 bytes): offset 0..15, selector, IST index, type/attributes
    // (0x8E: present, DPL 0, 64-bit interrupt gate), offset 16..31, 32..63.
    internal static unsafe class InterruptTable
    {
        private const int Vectors = 256;
        private const byte InterruptGate = 0x8E;
        // The trap gate components call: DPL 3, so `int 0x80` from ring 3 is
        // allowed (any other vector from ring 3 is a #GP). Still an interrupt
        // gate: the kernel runs every trap with interrupts off.
        private const byte UserTrapGate = 0xEE;

        internal const int DoubleFault = 8;
        internal const int Nmi = 2;
        internal const int MachineCheck = 18;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "asm_isr_table_address")]
        private static extern ulong* StubTable();

        internal static void Initialize()
        {
            ulong* stubs = StubTable();
            ulong* idt = (ulong*)KernelMemory.AllocateZeroed(Vectors * 16, 16);
            for (int vector = 0; vector < Vectors; vector++)
            {
                byte ist = vector switch
                {
                    DoubleFault => SegmentTables.DoubleFaultStack,
                    Nmi => SegmentTables.NmiStack,
                    MachineCheck => SegmentTables.MachineCheckStack,
                    _ => 0,
                };
                ulong handler = stubs[vector];
                idt[vector * 2] = (handler & 0xFFFF)
                    | ((ulong)SegmentTables.KernelCode << 16)
                    | ((ulong)ist << 32)
                    | ((ulong)(vector == Lib.Ipc.TrapVector.Number ? UserTrapGate : InterruptGate) << 40)
                    | ((handler >> 16) & 0xFFFF) << 48;
                idt[vector * 2 + 1] = handler >> 32;
            }
            byte* idtr = stackalloc byte[16];
            *(ushort*)idtr = Vectors * 16 - 1;
            *(ulong*)(idtr + 2) = (ulong)idt;
            Cpu.LoadIdt(idtr);
        }
    }
}
