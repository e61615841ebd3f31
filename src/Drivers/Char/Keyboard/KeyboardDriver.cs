using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Char.Keyboard
{
    // The PS/2 keyboard as character device minor 0: each IRQ 1 drains the
    // controller's output buffer through the set-1 decoder into a bounded
    // ring; a read returns the characters buffered so far, or, when none
    // are, 0 bytes (a plain read) or no reply until a key comes (a read with
    // DriverRequest.ReadWait, held by the library and offered each
    // interrupt's characters). Writing to a keyboard is refused.
    public sealed unsafe class KeyboardDriver : CharDriver
    {
        private const ushort DataPort = 0x60;
        private const ushort StatusCommandPort = 0x64;
        private const int KeyboardIrq = 1;
        private const int RingBytes = 1024;
        private const int Chunk = 256;

        private const byte OutputFull = 0x01, InputFull = 0x02, FromMouse = 0x20;
        private const byte ReadConfiguration = 0x20, WriteConfiguration = 0x60, EnableKeyboard = 0xAE;
        private const byte KeyboardInterruptOn = 0x01, KeyboardClockOff = 0x10, Translate = 0x40;

        // Controller polls before giving up on one handshake, and bytes read
        // per interrupt at most: a stuck controller cannot hang the driver.
        private const int PollLimit = 100_000;
        private const int DrainLimit = 256;

        private readonly ByteRing _typed = new ByteRing(RingBytes);
        private readonly ScanCodeSet1 _decoder = new ScanCodeSet1();

        public static int Main()
        {
            if (!SetUpController())
            {
                Diagnostics.Print("keyboard: no PS/2 controller answers at 0x60/0x64");
                return 1;
            }
            if (Devices.IrqControl(IrqCtlMessage.Enable, KeyboardIrq) != Status.Ok)
            {
                Diagnostics.Print("keyboard: IRQ 1 refused");
                return 1;
            }
            Diagnostics.Print("keyboard: PS/2 at 0x60/0x64, IRQ 1, scan code set 1");
            new KeyboardDriver().Run();
            return 0;
        }

        // Interrupts on, translation to set 1 on, keyboard clock on,
        // whatever the firmware left; stale bytes are dropped first.
        private static bool SetUpController()
        {
            Drain();
            if (!Command(ReadConfiguration) || !WaitFor(OutputFull, true))
                return false;
            byte configuration = Read(DataPort);
            configuration = (byte)((configuration | KeyboardInterruptOn | Translate) & ~KeyboardClockOff);
            if (!Command(WriteConfiguration) || !WaitFor(InputFull, false))
                return false;
            Devices.Out(DataPort, 1, configuration);
            if (!Command(EnableKeyboard))
                return false;
            Drain();
            return true;
        }

        protected override void Interrupt(ulong irqLines)
        {
            if ((irqLines & (1UL << KeyboardIrq)) == 0)
                return;
            for (int i = 0; i < DrainLimit; i++)
            {
                byte status = Read(StatusCommandPort);
                if ((status & OutputFull) == 0)
                    break;
                byte code = Read(DataPort);
                if ((status & FromMouse) != 0)
                    continue; // a mouse byte: read only to clear the buffer
                int character = _decoder.Decode(code);
                if (character >= ScanCodeSet1.KeyBase)
                {
                    string sequence = ScanCodeSet1.EscapeSequence(character)!;
                    for (int k = 0; k < sequence.Length; k++)
                        _typed.Put((byte)sequence[k]);
                }
                else if (character != ScanCodeSet1.None)
                {
                    _typed.Put((byte)character);
                }
            }
            if (_typed.Count > 0)
                CompletePendingReads();
            Devices.IrqControl(IrqCtlMessage.Enable, KeyboardIrq);
        }

        protected override int Read(int minor, long position, GrantedBuffer buffer) => Read(minor, position, buffer, mayWait: false);

        protected override int Read(int minor, long position, GrantedBuffer buffer, bool mayWait)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (buffer.Length == 0)
                return Status.BadArgument;
            // A zero-byte copy at the end of the range checks the whole grant
            // (valid, ours, writable, long enough) before anything moves.
            byte* chunk = stackalloc byte[Chunk];
            int status = buffer.CopyToClient(buffer.Length, chunk, 0);
            if (status < 0)
                return status;
            if (_typed.Count == 0 && mayWait)
                return Suspend;
            return _typed.MoveTo(buffer);
        }

        protected override int Write(int minor, long position, GrantedBuffer buffer) =>
            minor != 0 ? DriverStatus.NoSuchDevice : DriverStatus.ReadOnly;

        private static bool Command(byte command)
        {
            if (!WaitFor(InputFull, false))
                return false;
            return Devices.Out(StatusCommandPort, 1, command) == Status.Ok;
        }

        // Waits until the status bit `mask` is set (or clear); false on timeout.
        private static bool WaitFor(byte mask, bool set)
        {
            for (int i = 0; i < PollLimit; i++)
            {
                if (((Read(StatusCommandPort) & mask) != 0) == set)
                    return true;
            }
            return false;
        }

        private static void Drain()
        {
            for (int i = 0; i < DrainLimit && (Read(StatusCommandPort) & OutputFull) != 0; i++)
                Read(DataPort);
        }

        // A refused port reads as 0xff: "output full" then ends by the
        // limits above, and the set-up handshake fails instead of hanging.
        private static byte Read(ushort port) => Devices.In(port, 1, out uint value) == Status.Ok ? (byte)value : (byte)0xFF;
    }
}
