using Minix3.Cosmos.Servers.Tty.Line;

namespace Minix3.Cosmos.Servers.Tty
{
    // The console's screen: the model (Line/Screen) TTY writes into, and
    // Show, which puts what changed on the display after each batch.
    // VgaConsole shows it in VGA text mode, FramebufferConsole on a linear
    // framebuffer a boot loader described (Program chooses).
    internal interface IConsole
    {
        Screen Screen { get; }

        void Show();
    }
}
