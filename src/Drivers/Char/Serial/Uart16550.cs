using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Char.Serial
{
    // One 16550 UART spoken to register by register through the kernel's
    // port I/O call (the policy grants exactly its eight ports). Receiving
    // is interrupt-driven (the driver drains the receiver on each IRQ);
    // sending polls "transmitter holding register empty" a bounded number of
    // times, so a dead line costs an I/O error, never a hung driver.
    public sealed class Uart16550
    {
        private const int Divisor115200 = 1;

        // Register offsets from the base port.
        private const ushort Data = 0;              // RBR (read) / THR (write); DLL when DLAB=1
        private const ushort InterruptEnable = 1;   // IER; DLM when DLAB=1
        private const ushort FifoControl = 2;       // FCR (write) / IIR (read)
        private const ushort LineControl = 3;
        private const ushort ModemControl = 4;
        private const ushort LineStatus = 5;
        private const ushort Scratch = 7;

        private const byte DivisorLatch = 0x80, EightNoneOne = 0x03;
        private const byte FifoOnClearTriggerOne = 0x07;   // enable, clear both FIFOs, interrupt per byte
        private const byte DtrRtsOut2 = 0x0B;              // OUT2 gates the UART's IRQ onto the ISA bus
        private const byte ReceivedDataInterrupt = 0x01;
        private const byte DataReady = 0x01, TransmitterEmpty = 0x20;

        // THR polls before a write gives up: one kernel call each; at
        // 115200 baud a byte takes ~87 us, so this is ample for a live line.
        private const int TransmitPollLimit = 200_000;

        // Receiver reads per interrupt at most: a stuck "data ready" bit
        // cannot keep the driver in the handler forever.
        private const int DrainLimit = 4096;

        private readonly ushort _base;

        public Uart16550(ushort basePort) => _base = basePort;

        // True when a UART answers at the base port (its scratch register
        // keeps what is written), after setting it up: 115200 baud, 8N1,
        // FIFOs on, receive interrupts on.
        public bool Initialize()
        {
            Write(Scratch, 0x5A);
            if (Read(Scratch) != 0x5A)
                return false;
            Write(Scratch, 0xA5);
            if (Read(Scratch) != 0xA5)
                return false;
            Write(InterruptEnable, 0);
            Write(LineControl, DivisorLatch);
            Write(Data, Divisor115200 & 0xFF);
            Write(InterruptEnable, Divisor115200 >> 8);
            Write(LineControl, EightNoneOne);
            Write(FifoControl, FifoOnClearTriggerOne);
            Write(ModemControl, DtrRtsOut2);
            Read(FifoControl);   // clears a stale interrupt identification
            Read(Data);          // and a stale received byte
            Write(InterruptEnable, ReceivedDataInterrupt);
            return true;
        }

        // Moves every received byte into `ring` (the ring counts what does
        // not fit); returns how many bytes were read from the UART.
        public int DrainReceiver(ByteRing ring)
        {
            int read = 0;
            while (read < DrainLimit && (Read(LineStatus) & DataReady) != 0)
            {
                ring.Put(Read(Data));
                read++;
            }
            Read(FifoControl); // acknowledges the interrupt identification
            return read;
        }

        // Sends one byte once the transmitter has room; a Status.
        public int Send(byte value)
        {
            for (int i = 0; i < TransmitPollLimit; i++)
            {
                if ((Read(LineStatus) & TransmitterEmpty) != 0)
                    return Devices.Out((ushort)(_base + Data), 1, value) == Status.Ok ? Status.Ok : DriverStatus.IoError;
            }
            return DriverStatus.IoError;
        }

        // A port the kernel refuses reads as a floating bus (0xff): never
        // "data ready" forever (DrainLimit) and never a scratch match.
        private byte Read(ushort register) =>
            Devices.In((ushort)(_base + register), 1, out uint value) == Status.Ok ? (byte)value : (byte)0xFF;

        private void Write(ushort register, int value) => Devices.Out((ushort)(_base + register), 1, (uint)value);
    }
}
