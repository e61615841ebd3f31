using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.TtyClient
{
    // The console (minor 0): text written shows in VGA memory, keys pressed
    // on the PS/2 keyboard are edited and echoed there, and many lines
    // scroll it. The host presses keys and reads the screen after each
    // "console waiting N" line, so each step waits on a read the host ends.
    internal static class ConsoleChecks
    {
        public const string Hello = "ttyclient: hello on the console\n";
        public const int ScrollLines = 30;
        private const int InputMilliseconds = 120000;

        public static void Run(TtyConnection tty)
        {
            Program.Check("console-write", tty.WriteText(0, Hello) == Hello.Length);
            Program.Check("console-line-edit", Waited(tty, 1) == "help me\n");   // h e l o backspace p space m e enter
            Program.Check("console-kill-line", Waited(tty, 2) == "ok\n");        // x ctrl-c a b c ctrl-u o k enter

            bool allWritten = true;
            for (int i = 0; i < ScrollLines; i++)
            {
                string line = string.Concat("scroll ", i < 10 ? "0" : "", i.ToString(), "\n");
                allWritten &= tty.WriteText(0, line) == line.Length;
            }
            Program.Check("console-scroll-write", allWritten);
            Program.Check("console-last-key", Waited(tty, 3) == "\n");           // enter, once the host has seen the screen
        }

        // A waiting read on the console announced to the host; its text.
        private static string? Waited(TtyConnection tty, int step)
        {
            if (tty.StartWaitingRead(0, TtyConnection.BufferSize) != Status.Ok)
                return null;
            Diagnostics.Print(string.Concat("ttyclient: console waiting ", step.ToString()));
            if (!tty.Await(DriverRequest.Read, InputMilliseconds, out long got) || got < 0)
                return null;
            string text = tty.Text(got);
            Diagnostics.Print(string.Concat("ttyclient: console read: ", Program.Escape(text)));
            return text;
        }
    }
}
