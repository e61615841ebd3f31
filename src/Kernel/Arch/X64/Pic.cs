namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // The two cascaded 8259A interrupt controllers (what QEMU, Bochs and
    // VMware all provide), remapped so IRQ 0-15 arrive on vectors 32-47 and
    // do not collide with CPU exceptions. All lines start masked; the kernel
    // unmasks the ones it handles (the timer now, drivers' lines later).
    internal static class Pic
    {
        private const ushort MasterCommand = 0x20;
        private const ushort MasterData = 0x21;
        private const ushort SlaveCommand = 0xA0;
        private const ushort SlaveData = 0xA1;
        private const byte EndOfInterruptCommand = 0x20;
        private const byte ReadInServiceCommand = 0x0B;

        private static ushort s_mask = 0xFFFF;

        internal static void Initialize(byte vectorBase)
        {
            Cpu.OutByte(MasterCommand, 0x11);            // ICW1: init, expect ICW4
            Cpu.OutByte(SlaveCommand, 0x11);
            Cpu.OutByte(MasterData, vectorBase);         // ICW2: vector offsets
            Cpu.OutByte(SlaveData, (byte)(vectorBase + 8));
            Cpu.OutByte(MasterData, 0x04);               // ICW3: slave on IRQ 2
            Cpu.OutByte(SlaveData, 0x02);
            Cpu.OutByte(MasterData, 0x01);               // ICW4: 8086 mode
            Cpu.OutByte(SlaveData, 0x01);
            s_mask = 0xFFFF & ~(1 << 2);                 // all masked but the cascade
            WriteMask();
        }

        internal static void Unmask(int irq)
        {
            s_mask = (ushort)(s_mask & ~(1 << irq));
            WriteMask();
        }

        internal static void Mask(int irq)
        {
            s_mask = (ushort)(s_mask | (1 << irq));
            WriteMask();
        }

        private static void WriteMask()
        {
            Cpu.OutByte(MasterData, (byte)s_mask);
            Cpu.OutByte(SlaveData, (byte)(s_mask >> 8));
        }

        internal static void EndOfInterrupt(int irq)
        {
            if (irq >= 8)
                Cpu.OutByte(SlaveCommand, EndOfInterruptCommand);
            Cpu.OutByte(MasterCommand, EndOfInterruptCommand);
        }

        // IRQ 7 and 15 fire spuriously when a line drops before the CPU
        // acknowledges it; the in-service register tells a real one apart.
        // A spurious IRQ 15 still needs an EOI on the master (for the cascade).
        internal static bool IsSpurious(int irq)
        {
            if (irq != 7 && irq != 15)
                return false;
            ushort command = irq == 7 ? MasterCommand : SlaveCommand;
            Cpu.OutByte(command, ReadInServiceCommand);
            if ((Cpu.InByte(command) & 0x80) != 0)
                return false;
            if (irq == 15)
                Cpu.OutByte(MasterCommand, EndOfInterruptCommand);
            return true;
        }
    }
}
