namespace Minix3.Cosmos.Servers.Tty.Line
{
    // Where a terminal's bytes go: the echo of typed input and what
    // programs write. The console's is the screen model (Screen), the
    // serial line's a buffer of bytes for the serial driver (SerialOutput).
    public interface ITerminalOutput
    {
        void Put(byte value);
    }
}
