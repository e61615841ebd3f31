using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Ending a run. The kernel prints a marker the launcher and the boot
    // tests look for, then, when booted with the `exit` flag (the launcher
    // passes it for headless runs), powers the machine off:
    //   QEMU: isa-debug-exit at port 0xF4 (QEMU exits with (value << 1) | 1,
    //         so 0x10 -> 33 means success and 0x11 -> 35 failure);
    //   QEMU's and Bochs's ACPI PM1a control ports (0x604, 0xB004; Bochs
    //   powers off through 0xB004, src/Launcher/Bochs.cs).
    // Without the flag, or if nothing powers off, the CPU halts for good.
    internal static class Power
    {
        internal const int StatusSuccess = 0;
        internal const int StatusFailure = 1;
        internal const int StatusKernelFault = 2;

        private const ushort DebugExitPort = 0xF4;
        private static bool s_powerOffOnStop;

        internal static void PowerOffOnStop(bool enabled) => s_powerOffOnStop = enabled;

        internal static void Stop(int status) => Stop(status, s_powerOffOnStop);

        // A shutdown the system asked for (PM's `shutdown`): powers off even
        // without the `exit` flag, which only decides what the end of a
        // test run does.
        internal static void PowerOff(int status) => Stop(status, true);

        // Pulses the CPU reset line through the keyboard controller; if that
        // does nothing, stops.
        internal static void Reboot()
        {
            Log.Line("*** MINIX3-COSMOS REBOOT ***");
            SerialPort.Drain();
            Cpu.OutByte(0x64, 0xFE);
            Cpu.HaltForever();
        }

        private static void Stop(int status, bool powerOff)
        {
            Log.Write("*** MINIX3-COSMOS EXIT ");
            Log.Decimal((ulong)status);
            Log.Line(" ***");
            SerialPort.Drain();
            if (powerOff)
            {
                Cpu.OutByte(DebugExitPort, status == StatusSuccess ? (byte)0x10 : (byte)0x11);
                Cpu.OutWord(0x604, 0x2000);
                Cpu.OutWord(0xB004, 0x2000);
            }
            Cpu.HaltForever();
        }
    }
}
