using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The loader's two outputs: the firmware console (ConOut: the screen, and on
    // OVMF also the serial line) and COM1 itself (0x3F8, 115200 8N1) for
    // machines whose firmware does not mirror the console there. Each line goes
    // to both; after ExitBootServices only COM1 is left.
    internal static unsafe class Console
    {
        private const ushort Com1 = 0x3F8;
        private const byte LineStatusTransmitEmpty = 1 << 5;

        private static SystemTable* s_system;
        private static void* s_image;
        private static delegate* unmanaged<ushort, byte, void> s_portOut;
        private static delegate* unmanaged<ushort, byte> s_portIn;
        private static bool s_serial, s_firmwareGone;

        internal static void Attach(void* image, SystemTable* system)
        {
            s_image = image;
            s_system = system;
        }

        // Port I/O needs machine code (MachineCode.cs); until it is in place,
        // lines go to ConOut only.
        internal static void AttachSerial(delegate* unmanaged<ushort, byte, void> portOut, delegate* unmanaged<ushort, byte> portIn)
        {
            s_portOut = portOut;
            s_portIn = portIn;
            // No UART answers 0xFF on its line status register.
            if (portIn(Com1 + 5) == 0xFF)
                return;
            portOut(Com1 + 1, 0x00);   // no interrupts
            portOut(Com1 + 3, 0x80);   // divisor latch on
            portOut(Com1 + 0, 0x01);   // 115200 baud
            portOut(Com1 + 1, 0x00);
            portOut(Com1 + 3, 0x03);   // 8 data bits, no parity, 1 stop bit
            portOut(Com1 + 2, 0xC7);   // FIFOs on and cleared
            portOut(Com1 + 4, 0x03);   // DTR, RTS
            s_serial = true;
        }

        internal static void FirmwareGone() => s_firmwareGone = true;

        internal static void Line(string text)
        {
            if (!s_firmwareGone && s_system != null)
            {
                Firmware(text);
                Firmware("\r\n");
            }
            Serial(text);
            Serial("\r\n");
        }

        // One clear line, then the firmware gets the machine back when a key is
        // pressed (its boot manager tries the next option); without a firmware
        // (after ExitBootServices) the CPU stops here.
        internal static void Fatal(string message)
        {
            Line("Minix3.Cosmos loader (UEFI): error: " + message);
            if (s_firmwareGone || s_system == null)
                Halt();
            Line("Minix3.Cosmos loader (UEFI): press a key to return to the firmware");
            InputKey key;
            while (Status.IsError(s_system->ConIn->ReadKeyStroke(s_system->ConIn, &key)))
                s_system->BootServices->Stall(10_000);
            s_system->BootServices->Exit(s_image, Status.NotFound, 0, null);
            Halt();
        }

        private static void Halt()
        {
            while (true)
            {
            }
        }

        private static void Firmware(string text)
        {
            fixed (char* chars = text)
                s_system->ConOut->OutputString(s_system->ConOut, chars);
        }

        private static void Serial(string text)
        {
            if (!s_serial)
                return;
            foreach (char c in text)
            {
                // Bounded: a UART that never drains must not hang the loader.
                for (int spin = 0; spin < 100_000 && (s_portIn(Com1 + 5) & LineStatusTransmitEmpty) == 0; spin++)
                {
                }
                s_portOut(Com1, c < 128 ? (byte)c : (byte)'?');
            }
        }
    }
}
