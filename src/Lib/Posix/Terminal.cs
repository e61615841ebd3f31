using System;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Posix
{
    // A terminal's settings (TerminalProtocol.cs), for programs that take
    // the keyboard a key at a time (a full-screen editor): tcgetattr,
    // tcsetattr and the window size, reduced to the mode bits TTY knows.
    public static unsafe class Terminal
    {
        // < 0 a status: NotATypewriter when fd is not a terminal.
        public static int GetSettings(int fd, out TerminalSettings settings)
        {
            TerminalSettings block = default;
            int status = Files.Ioctl(fd, TerminalIoctl.GetSettings, new Span<byte>((byte*)&block, TerminalSettings.Size));
            settings = block;
            return status < 0 ? status : 0;
        }

        public static int SetSettings(int fd, TerminalSettings settings)
        {
            int status = Files.Ioctl(fd, TerminalIoctl.SetSettings, new Span<byte>((byte*)&settings, TerminalSettings.Size));
            return status < 0 ? status : 0;
        }

        // isatty(3).
        public static bool IsTerminal(int fd) => GetSettings(fd, out _) >= 0;
    }
}
