using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The terminal's control requests (MINIX's termios and winsize ioctls,
    // reduced to what the kit's programs use), sent as DriverRequest.Ioctl
    // to TTY (through VfsRequest.Ioctl from a program). Each argument is a
    // TerminalSettings block in the request's grant: Get fills it, Set
    // reads it. Another request: NotATypewriter.
    public static class TerminalIoctl
    {
        // The terminal's mode and size into the block.
        public const long GetSettings = 0x5401;
        // Mode (and, where Rows and Columns are > 0, the size) from the block.
        public const long SetSettings = 0x5402;
        // The foreground process group (tcgetpgrp, tcsetpgrp), in a
        // TerminalGroup block: Ctrl-C typed in line mode sends it Interrupt
        // (through PM). 0: none (Ctrl-C then only discards the line).
        public const long GetGroup = 0x540F;
        public const long SetGroup = 0x5410;
    }

    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct TerminalGroup
    {
        public const int Size = 4;

        [FieldOffset(0)] public int Group;
    }

    // Mode bits (termios's ICANON and ECHO). Canonical: input is edited a
    // line at a time (erase, kill, Ctrl-D) and a read gets at most one
    // line. Without it a read waits for at least one byte and gets the
    // bytes typed so far, exactly as typed (Enter is "\r", Ctrl-C a 0x03);
    // Echo shows typed bytes. A full-screen program turns both off, and
    // restores what it found before it ends.
    public static class TerminalMode
    {
        public const int Canonical = 1;
        public const int Echo = 2;
        public const int Known = Canonical | Echo;
    }

    // The argument block of GetSettings and SetSettings: 16 bytes.
    // Rows and Columns are the screen's size: the console's is fixed
    // (80x25); the serial terminal's is what was last set (80x24 at first),
    // since a serial line cannot tell.
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct TerminalSettings
    {
        public const int Size = 16;

        [FieldOffset(0)] public int Mode;
        [FieldOffset(4)] public int Rows;
        [FieldOffset(8)] public int Columns;
        [FieldOffset(12)] public int Reserved;
    }
}
