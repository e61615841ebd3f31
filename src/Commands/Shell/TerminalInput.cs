using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Shell
{
    // The interactive shell's standard input on a terminal. Before each
    // read (a new command line) the terminal is put back in line mode with
    // echo if a program left it in raw mode (an editor or more that was
    // killed, or crashed, before it could restore it): the user would
    // otherwise type blind into a shell that never sees a whole line.
    internal sealed class TerminalInput : IShellInput
    {
        private readonly DescriptorStream _terminal;

        internal TerminalInput(DescriptorStream terminal) { _terminal = terminal; }

        public int Read(Span<byte> buffer)
        {
            const int LineMode = TerminalMode.Canonical | TerminalMode.Echo;
            if (Terminal.GetSettings(_terminal.Descriptor, out TerminalSettings settings) >= 0 && (settings.Mode & LineMode) != LineMode)
            {
                settings.Mode |= LineMode;
                Terminal.SetSettings(_terminal.Descriptor, settings);
            }
            return _terminal.Read(buffer);
        }
    }
}
