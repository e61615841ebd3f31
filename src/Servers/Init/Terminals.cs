namespace Minix3.Cosmos.Servers.Init
{
    // The terminals that get a shell (MINIX's /etc/ttytab): the VGA console
    // with the PS/2 keyboard, and the serial line on COM2 (COM1 is the
    // kernel's log). A terminal whose device cannot be opened (no tty
    // server, no UART) is skipped after a message, not retried forever.
    internal static class Terminals
    {
        internal static readonly string[] Devices = { "/dev/console", "/dev/tty00" };
    }
}
