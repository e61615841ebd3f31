namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Why VGA text output sits in the kernel: like the serial port, it is the
    // kernel's own last-resort console for the boot log and panics, visible
    // on a screen when no serial line is attached. 80x25 cells at physical
    // 0xB8000 (identity mapped), scrolls by copying rows up.
    internal static unsafe class VgaText
    {
        private const int Columns = 80;
        private const int Rows = 25;
        private const byte Attribute = 0x07; // light grey on black
        internal const ulong Physical = 0xB8000;
        private static ushort* Buffer => (ushort*)Physical;

        private static int s_row;
        private static int s_column;
        private static bool s_ready;

        internal static void Initialize()
        {
            for (int i = 0; i < Columns * Rows; i++)
                Buffer[i] = (ushort)(Attribute << 8 | ' ');
            s_row = 0;
            s_column = 0;
            s_ready = true;
        }

        // A component mapped the text buffer (TTY's console): the screen is
        // its from now on, and the kernel's log goes to the serial port only,
        // so the two never draw over each other.
        internal static void HandOver() => s_ready = false;

        // The system is stopping: the screen is the kernel's again, so the
        // reason shows where the user looks, not only on the serial line.
        internal static void TakeBack()
        {
            s_ready = true;
            s_column = 0;
        }

        internal static void Write(char c)
        {
            if (!s_ready)
                return;
            if (c == '\n')
            {
                NewLine();
                return;
            }
            if (c == '\r')
            {
                s_column = 0;
                return;
            }
            Buffer[s_row * Columns + s_column] = (ushort)(Attribute << 8 | (c < 0x80 ? c : '?'));
            if (++s_column == Columns)
                NewLine();
        }

        private static void NewLine()
        {
            s_column = 0;
            if (++s_row < Rows)
                return;
            for (int i = 0; i < Columns * (Rows - 1); i++)
                Buffer[i] = Buffer[i + Columns];
            for (int i = Columns * (Rows - 1); i < Columns * Rows; i++)
                Buffer[i] = (ushort)(Attribute << 8 | ' ');
            s_row = Rows - 1;
        }
    }
}
