namespace Minix3.Cosmos.Servers.Tty.Line
{
    // The bytes the line discipline and the screen give a meaning to.
    public static class ControlCharacters
    {
        public const byte Interrupt = 0x03;    // Ctrl-C
        public const byte EndOfFile = 0x04;    // Ctrl-D
        public const byte Bell = 0x07;
        public const byte Backspace = 0x08;
        public const byte Tab = 0x09;
        public const byte LineFeed = 0x0A;
        public const byte CarriageReturn = 0x0D;
        public const byte KillLine = 0x15;     // Ctrl-U
        public const byte Escape = 0x1B;
        public const byte Delete = 0x7F;
    }
}
