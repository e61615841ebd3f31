using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Tty
{
    // Starts TTY: finds the keyboard and serial drivers (either may be
    // missing: its terminal then has no input, and minor 1 no device),
    // publishes the grants they fill and read, maps the screen, posts the
    // first waiting reads and serves forever. The screen is the framebuffer
    // a boot loader describes in the "framebuffer" module when there is one
    // TTY can use (UEFI has no text mode), otherwise VGA text.
    public static unsafe class Program
    {
        // Grant slots: keyboard input, serial input, serial output.
        private const int KeyboardInput = 0, SerialInput = 1, SerialOutput = 2;
        private static readonly GrantEntry[] s_grants = new GrantEntry[3];

        public static int Main()
        {
            Endpoint keyboard = Endpoints.Lookup("keyboard"), serial = Endpoints.Lookup("serial");
            fixed (GrantEntry* grants = s_grants)
            {
                var keyboardLink = new DriverLink("keyboard", keyboard, grants, KeyboardInput, KeyboardInput);
                var serialLink = new DriverLink("serial", serial, grants, SerialInput, SerialOutput);
                int status = Grants.Publish(grants, s_grants.Length);
                if (status != Status.Ok)
                {
                    Diagnostics.Print(string.Concat("tty: grant table refused (status ", status.ToString(), ")"));
                    return 1;
                }
                IConsole console = OpenConsole();
                var driver = new TtyDriver(console, keyboardLink, serialLink);
                Diagnostics.Print(string.Concat("tty: console 80x25", keyboard.IsNone ? " (no keyboard)" : " with keyboard",
                    serial.IsNone ? ", no serial terminal" : ", serial terminal on COM2"));
                driver.Start();
                driver.Run();
            }
            return 0;
        }

        // The module is one short line: anything longer is not a loader's.
        private const ulong MaxFramebufferModule = 4096;

        private static IConsole OpenConsole()
        {
            int index = BootModules.IndexOf(FramebufferConsole.ModuleName, out ulong size);
            if (index < 0)
                return VgaConsole.Open();
            byte[]? framebuffer = size <= MaxFramebufferModule ? BootModules.ReadAt(index, size) : null;
            if (framebuffer == null)
                Diagnostics.Print("tty: framebuffer module unreadable or over 4 KiB; the console stays on VGA text");
            IConsole? console = framebuffer == null ? null : FramebufferConsole.Open(framebuffer);
            return console ?? VgaConsole.Open();
        }
    }
}
