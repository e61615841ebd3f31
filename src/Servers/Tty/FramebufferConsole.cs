using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Tty.Display;
using Minix3.Cosmos.Servers.Tty.Line;

namespace Minix3.Cosmos.Servers.Tty
{
    // The console on a linear framebuffer (UEFI's GOP, or any mode a loader
    // set), described by the boot module "framebuffer" (Display/
    // FramebufferMode). TTY gets the right to map it by claiming the
    // display adapter that holds it (DisplayDevices), maps the whole mode
    // with vm's MapDevice, and draws the screen model with
    // Display/FramebufferRenderer. Open refuses, with a log line saying
    // why, a module it cannot parse, a mode under 640x400, or memory it may
    // not map; Program then falls back to VGA text (and the serial line).
    internal sealed unsafe class FramebufferConsole : IConsole
    {
        public const string ModuleName = "framebuffer";
        private const ulong PageMask = 4095;

        private readonly FramebufferRenderer _renderer;

        private FramebufferConsole(FramebufferRenderer renderer) => _renderer = renderer;

        public Screen Screen { get; } = new Screen();

        // The console on the module's framebuffer, or null (said in the log).
        public static FramebufferConsole? Open(byte[] module)
        {
            var text = new char[module.Length];
            for (int i = 0; i < module.Length; i++)
                text[i] = (char)module[i];
            FramebufferMode? mode = FramebufferMode.Parse(new string(text), out string error);
            if (mode == null)
                return Refuse(string.Concat("module refused: ", error));
            if (!FramebufferRenderer.Fits(mode))
                return Refuse(string.Concat(mode.Width.ToString(), "x", mode.Height.ToString(), " is smaller than 80x25 cells (640x400)"));
            // Without a listed adapter the map below is still tried: an
            // image's policy overlay may grant the range with a `memory` line.
            DisplayDevices.Claim(mode.Address, mode.Bytes);
            ulong first = mode.Address & ~PageMask;
            ulong end = (mode.Address + mode.Bytes + PageMask) & ~PageMask;
            int status = Devices.Map(first, end - first, out ulong mapped);
            if (status != Status.Ok)
                return Refuse(string.Concat("0x", mode.Address.ToString("x"), " not mapped (status ", status.ToString(), "): TTY may not use it"));
            var renderer = new FramebufferRenderer((byte*)mapped + (mode.Address - first), mode);
            var console = new FramebufferConsole(renderer);
            console.Show();
            Diagnostics.Print(string.Concat("tty: console 80x25 on a ", mode.Width.ToString(), "x", mode.Height.ToString(),
                " framebuffer at 0x", mode.Address.ToString("x"), " (", mode.RedFirst ? "rgbx" : "bgrx", ", scale ", renderer.Scale.ToString(), ")"));
            return console;
        }

        public void Show() => _renderer.Show(Screen);

        private static FramebufferConsole? Refuse(string why)
        {
            Diagnostics.Print(string.Concat("tty: framebuffer ", why, "; the console stays on VGA text"));
            return null;
        }
    }
}
