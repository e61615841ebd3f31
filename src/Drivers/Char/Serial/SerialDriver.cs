using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Char.Serial
{
    // COM2 as character device minor 0 (COM1 belongs to the kernel's log).
    // Input arrives by interrupt into a bounded ring; a read returns what is
    // buffered at once, or, when nothing is, 0 bytes (a plain read) or no
    // reply until input comes (a read with DriverRequest.ReadWait: the
    // library holds it and each interrupt offers it the new bytes). A write sends the
    // client's bytes through its grant, waiting on the transmitter with a
    // bounded poll per byte.
    public sealed unsafe class SerialDriver : CharDriver
    {
        private const ushort Com2 = 0x2F8;
        private const int Com2Irq = 3;
        private const int RingBytes = 4096;
        private const int Chunk = 256;

        // Ioctl: three 64-bit counts into the grant: bytes buffered, bytes
        // dropped because the ring was full, ring capacity ('S', 1).
        public const long InputStatistics = 0x5301;
        private const int StatisticsBytes = 3 * sizeof(long);

        private readonly Uart16550 _uart;
        private readonly ByteRing _received = new ByteRing(RingBytes);

        private SerialDriver(Uart16550 uart) => _uart = uart;

        // Without a UART at COM2 there is nothing to drive: the driver says
        // so and exits 0, which RS takes as a decision, not a failure to
        // restart. A refused IRQ is a failure (status 1).
        public static int Main()
        {
            var uart = new Uart16550(Com2);
            if (!uart.Initialize())
            {
                Diagnostics.Print("serial: no UART at COM2 (0x2f8)");
                return 0;
            }
            if (Devices.IrqControl(IrqCtlMessage.Enable, Com2Irq) != Status.Ok)
            {
                Diagnostics.Print("serial: IRQ 3 refused");
                return 1;
            }
            Diagnostics.Print("serial: COM2 at 0x2f8, IRQ 3, 115200 8N1");
            new SerialDriver(uart).Run();
            return 0;
        }

        protected override void Interrupt(ulong irqLines)
        {
            if ((irqLines & (1UL << Com2Irq)) == 0)
                return;
            _uart.DrainReceiver(_received);
            if (_received.Count > 0)
                CompletePendingReads();
            // The kernel masked the line when it notified us; bytes that
            // arrived since the drain latch a new edge delivered on unmask.
            Devices.IrqControl(IrqCtlMessage.Enable, Com2Irq);
        }

        protected override int Read(int minor, long position, GrantedBuffer buffer) => Read(minor, position, buffer, mayWait: false);

        protected override int Read(int minor, long position, GrantedBuffer buffer, bool mayWait)
        {
            int problem = Check(minor, buffer, forRead: true);
            if (problem != Status.Ok)
                return problem;
            if (_received.Count == 0 && mayWait)
                return Suspend;
            return _received.MoveTo(buffer);
        }

        protected override int Write(int minor, long position, GrantedBuffer buffer)
        {
            int problem = Check(minor, buffer, forRead: false);
            if (problem != Status.Ok)
                return problem;
            byte* chunk = stackalloc byte[Chunk];
            for (int done = 0; done < buffer.Length; done += Chunk)
            {
                int count = buffer.Length - done < Chunk ? buffer.Length - done : Chunk;
                int status = buffer.CopyFromClient(done, chunk, count);
                if (status < 0)
                    return done > 0 ? done : status;
                for (int i = 0; i < count; i++)
                {
                    if (_uart.Send(chunk[i]) != Status.Ok)
                        return done + i > 0 ? done + i : DriverStatus.IoError;
                }
            }
            return buffer.Length;
        }

        protected override int Ioctl(int minor, long request, GrantedBuffer buffer)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (request != InputStatistics)
                return DriverStatus.NotATypewriter;
            if (buffer.Length < StatisticsBytes)
                return Status.BadArgument;
            long* counts = stackalloc long[3];
            counts[0] = _received.Count;
            counts[1] = _received.Dropped;
            counts[2] = _received.Capacity;
            int status = buffer.CopyToClient(0, (byte*)counts, StatisticsBytes);
            return status < 0 ? status : StatisticsBytes;
        }

        // Refuses what the library lets through: other minors, zero lengths,
        // and grants that do not cover the whole request with the needed
        // right (a zero-byte copy at the end of the range checks all of it,
        // so a bad grant fails before any byte moves).
        private static int Check(int minor, GrantedBuffer buffer, bool forRead)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (buffer.Length == 0)
                return Status.BadArgument;
            byte probe;
            return forRead ? buffer.CopyToClient(buffer.Length, &probe, 0) : buffer.CopyFromClient(buffer.Length, &probe, 0);
        }
    }
}
