namespace Minix3.Cosmos.Servers.Tty.Line
{
    // Where a terminal's bytes go: the echo of typed input and what
    // programs write. The console's is the screen model (Screen), the
    // serial line's a buffer of bytes for the serial driver (SerialOutput).
    public interface ITerminalOutput
    {
        void Put(byte value);

        // The column the next byte goes to (0 at the start of a line): the
        // line discipline needs it to erase a tab by the columns it took.
        int Column { get; }
    }
}
