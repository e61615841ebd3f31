using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Tty.Line;

namespace Minix3.Cosmos.Servers.Tty
{
    // The screen model (Line/Screen) on real VGA text memory: the 80x25
    // cells at physical 0xb8000, mapped with the UMap kernel call, and the
    // hardware cursor through the CRT controller (index port 0x3d4, data
    // 0x3d5, registers 0x0e/0x0f: cursor cell high/low byte). Without the
    // mapping the model still runs (input editing needs it), only unseen.
    internal sealed unsafe class VgaConsole : IConsole
    {
        private const long TextBuffer = 0xB8000;
        private const long MappedBytes = 0x1000;
        private const ushort CrtIndex = 0x3D4, CrtData = 0x3D5;
        private const byte CursorHigh = 0x0E, CursorLow = 0x0F;

        private readonly ushort* _video;

        private VgaConsole(ushort* video) => _video = video;

        public Screen Screen { get; } = new Screen();
        public bool Mapped => _video != null;

        // Maps the text buffer and takes over what is on the screen.
        public static VgaConsole Open()
        {
            int status = Devices.Map(TextBuffer, MappedBytes, out ulong mapped);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("tty: VGA text memory not mapped (status ", status.ToString(), "); the console is not shown"));
                return new VgaConsole(null);
            }
            var console = new VgaConsole((ushort*)mapped);
            ushort[] existing = new ushort[Screen.Columns * Screen.Rows];
            for (int i = 0; i < existing.Length; i++)
                existing[i] = console._video[i];
            console.Screen.Adopt(existing);
            console.Show();
            return console;
        }

        // Copies the model to video memory and moves the cursor.
        public void Show()
        {
            if (_video == null)
                return;
            ushort[] cells = Screen.Cells;
            for (int i = 0; i < cells.Length; i++)
                _video[i] = cells[i];
            int cursor = Screen.Cursor;
            Devices.Out(CrtIndex, 1, CursorLow);
            Devices.Out(CrtData, 1, (uint)(cursor & 0xFF));
            Devices.Out(CrtIndex, 1, CursorHigh);
            Devices.Out(CrtData, 1, (uint)((cursor >> 8) & 0xFF));
        }
    }
}
