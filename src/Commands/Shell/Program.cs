using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;
using Interpreter = Minix3.Cosmos.Commands.Sh.Shell;

namespace Minix3.Cosmos.Commands.Shell
{
    // sh                       commands from standard input, line by line;
    //                          with the prompt "# " when that is a terminal
    // sh -c 'commands' [name [argument...]]
    // sh script [argument...]  $0 is script, $1... the arguments
    // The environment the program was started with becomes exported
    // variables. The exit status is that of the last command (or exit's).
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Processes.Arguments();
            var host = new PosixHost();
            var shell = new Interpreter(host);
            foreach (string entry in Processes.Environment())
            {
                int equals = entry.IndexOf('=');
                if (equals > 0)
                    shell.SetVariable(entry.Substring(0, equals), entry.Substring(equals + 1), export: true);
            }
            if (argv.Length > 1)
                return shell.Main(argv);

            bool terminal = Files.FStat(Files.StandardInput, out FileStatus input) >= 0 && input.Kind == FileKind.CharDevice;
            if (terminal)
            {
                // ^C ends the program in the foreground, not the shell.
                host.IgnoresInterrupt = Processes.IgnoreSignal(Signal.Interrupt, true) >= 0;
                // Job control: the shell leads a group of its own, the
                // terminal's foreground while no job runs.
                int group = Signals.SetGroup(0, 0);
                if (group > 0 && Signals.SetForeground(Files.StandardInput, group) >= 0)
                {
                    host.ShellGroup = group;
                    host.JobControl = true;
                }
                // One line in the system log as the first prompt goes out:
                // when a terminal became usable (bench/ reads it for the
                // boot-to-shell time; the clock counts guest instructions
                // under -icount).
                Diagnostics.Print("sh: prompting on a terminal at " + Lib.Sys.Process.TimeStampCounter().ToString() + " tsc");
            }
            IShellInput lines = terminal ? new TerminalInput(host.Console0) : host.StandardInput;
            return shell.RunInteractive(lines, terminal ? host.StandardError : null, lineAtATime: terminal);
        }
    }
}
