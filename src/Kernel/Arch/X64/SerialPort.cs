namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Why a UART driver sits in the kernel: the kernel needs an output that
    // works before any component runs and after everything else has failed
    // (boot log, panics, register dumps). It only transmits, by polling.
    // The serial driver that user programs talk to is a separate component.
    internal static class SerialPort
    {
        internal const ushort Com1 = 0x3F8;

        private const int Data = 0;
        private const int InterruptEnable = 1;
        private const int FifoControl = 2;
        private const int LineControl = 3;
        private const int ModemControl = 4;
        private const int LineStatus = 5;
        private const byte TransmitterHoldingEmpty = 0x20;
        private const byte TransmitterIdle = 0x40;

        private static bool s_ready;

        // 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on.
        internal static void Initialize()
        {
            Cpu.OutByte(Com1 + InterruptEnable, 0x00);
            Cpu.OutByte(Com1 + LineControl, 0x80);   // DLAB on: next two are the divisor
            Cpu.OutByte(Com1 + Data, 0x01);          // divisor 1 = 115200 baud
            Cpu.OutByte(Com1 + InterruptEnable, 0x00);
            Cpu.OutByte(Com1 + LineControl, 0x03);   // 8N1, DLAB off
            Cpu.OutByte(Com1 + FifoControl, 0xC7);   // enable and clear FIFOs
            Cpu.OutByte(Com1 + ModemControl, 0x03);  // DTR, RTS
            s_ready = true;
        }

        internal static void Write(char c)
        {
            if (!s_ready)
                return;
            WaitFor(TransmitterHoldingEmpty, 100000);
            Cpu.OutByte(Com1 + Data, c < 0x80 ? (byte)c : (byte)'?');
        }

        // Waits until the last byte has left the wire; call before powering off
        // or the emulator drops the tail of the log.
        internal static void Drain()
        {
            if (s_ready)
                WaitFor(TransmitterIdle, 1000000);
        }

        // Bounded wait: a missing or wedged UART must not hang a panic.
        private static void WaitFor(byte lineStatus, int spins)
        {
            for (int spin = 0; spin < spins && (Cpu.InByte(Com1 + LineStatus) & lineStatus) == 0; spin++)
                Cpu.Pause();
        }
    }
}
