using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.RtcTest
{
    // Drives a real device interrupt end to end: turns on the CMOS real-time
    // clock's periodic interrupt (IRQ 8, on the second PIC), takes the line
    // with IrqCtl, and counts the notifications the kernel delivers; each
    // one is acknowledged at the device (reading register C) and the line
    // re-enabled, as a driver must. Ports 0x70/0x71 and IRQ 8 are all its
    // policy allows.
    public static class Program
    {
        private const ushort Index = 0x70;
        private const ushort Data = 0x71;
        private const int Line = 8;
        private const int Wanted = 10;

        public static unsafe int Main()
        {
            WriteRegister(0x0B, (byte)(ReadRegister(0x0B) | 0x40)); // periodic interrupt on
            ReadRegister(0x0C);                                     // clear anything pending
            if (Devices.IrqControl(IrqCtlMessage.Enable, Line) != Status.Ok)
                return Fail("irqctl enable");
            int delivered = 0;
            Message message;
            while (delivered < Wanted)
            {
                if (Ipc.Receive(Endpoint.Kernel, &message) != Status.Ok)
                    return Fail("receive");
                if ((NotificationMessage.Of(&message)->IrqLines & (1L << Line)) == 0)
                    continue;
                delivered++;
                ReadRegister(0x0C);
                Devices.IrqControl(IrqCtlMessage.Enable, Line);
            }
            WriteRegister(0x0B, (byte)(ReadRegister(0x0B) & ~0x40));
            Devices.IrqControl(IrqCtlMessage.Disable, Line);
            Diagnostics.Print(string.Concat("rtctest: ", delivered.ToString(), " interrupts delivered as notifications"));
            return 0;
        }

        private static byte ReadRegister(byte register)
        {
            Devices.Out(Index, 1, register);
            Devices.In(Data, 1, out uint value);
            return (byte)value;
        }

        private static void WriteRegister(byte register, byte value)
        {
            Devices.Out(Index, 1, register);
            Devices.Out(Data, 1, value);
        }

        private static int Fail(string what)
        {
            Diagnostics.Print(string.Concat("rtctest: FAIL ", what));
            return 1;
        }
    }
}
