using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Init
{
    // Init: pid 1. Runs the start-up script /etc/rc if the root file system
    // has one, then starts login on each terminal of /etc/ttys (Terminals.cs)
    // and waits forever: a session that ends is started again (as getty
    // would), an orphan that ends is simply reaped. A terminal whose
    // sessions keep dying at once is given up after a few tries, so a
    // broken /bin/login cannot make init spin. Without /bin/login (a root
    // disk that is not there) a terminal set to log in as root gets the
    // shell directly, as before there were users; one that asks gets
    // nothing, since nobody could prove who they are.
    public static class Program
    {
        private const string Shell = "/bin/sh";
        private const string Login = "/bin/login";
        private const int MaxQuickDeaths = 5;
        private const long QuickDeathTicks = 200;   // ~2 s at the default timer rate

        private static readonly string[] s_environment = { "HOME=/", "PATH=/bin", "TERM=minix" };

        public static int Main()
        {
            Diagnostics.Print("init: pid " + Processes.GetPid().ToString());
            OpenStandardDescriptors();
            RunStartupScript();
            TerminalLine[] terminals = ReadTerminals();
            var shells = new int[terminals.Length];
            var started = new long[terminals.Length];
            var quickDeaths = new int[terminals.Length];
            for (int i = 0; i < shells.Length; i++)
            {
                shells[i] = StartSession(terminals[i]);
                started[i] = Process.Ticks();
            }
            while (true)
            {
                int pid = Processes.Wait(-1, out int status);
                if (pid < 0)
                {
                    // No children at all: every terminal was given up.
                    Diagnostics.Print("init: no shells left; idle");
                    Processes.Sleep(60_000);
                    continue;
                }
                for (int i = 0; i < shells.Length; i++)
                {
                    if (shells[i] != pid)
                        continue;
                    quickDeaths[i] = Process.Ticks() - started[i] < QuickDeathTicks ? quickDeaths[i] + 1 : 0;
                    if (quickDeaths[i] >= MaxQuickDeaths)
                    {
                        Diagnostics.Print("init: the session on " + terminals[i].Device + " keeps failing (status " + status.ToString() + "); giving up on it");
                        shells[i] = 0;
                        continue;
                    }
                    shells[i] = StartSession(terminals[i]);
                    started[i] = Process.Ticks();
                }
            }
        }

        // Init's own 0, 1 and 2: /dev/null to read, the console to write.
        // PM gives them to the processes it starts for the system (RS's
        // recovery scripts are init's children with init's descriptors),
        // so what a script prints shows on the console.
        private static void OpenStandardDescriptors()
        {
            int input = Files.Open("/dev/null", OpenFlags.Read);
            int output = Files.Open(Terminals.BuiltIn[0].Device, OpenFlags.Write);
            if (input != 0 || output != 1 || Files.Dup2(output, 2) != 2)
                Diagnostics.Print("init: cannot open /dev/null and the console as 0, 1 and 2 (" + input.ToString() + ", " + output.ToString() + ")");
        }

        // /etc/rc runs to completion with the console as its terminal
        // before any shell starts, as MINIX's init does.
        private static void RunStartupScript()
        {
            if (Files.Stat("/etc/rc", out FileStatus status) < 0 || status.Kind != FileKind.File)
                return;
            int pid = Spawn(Terminals.BuiltIn[0].Device, Shell, new[] { "sh", "/etc/rc" });
            if (pid > 0)
            {
                int ended;
                while ((ended = Processes.Wait(pid, out int _)) != pid && ended >= 0) { }
            }
        }

        private static TerminalLine[] ReadTerminals()
        {
            string? text = WholeFiles.ReadText(Terminals.ConfigPath, 16 * 1024, out int _);
            if (text == null)
                return Terminals.BuiltIn;
            TerminalLine[] lines = Terminals.Parse(text, out int skipped);
            if (skipped > 0)
                Diagnostics.Print("init: " + Terminals.ConfigPath + ": " + skipped.ToString() + " malformed lines skipped");
            return lines;
        }

        private static int StartSession(TerminalLine terminal)
        {
            bool haveLogin = Files.Stat(Login, out FileStatus _) >= 0;
            int pid;
            if (haveLogin)
                pid = Spawn(terminal.Device, Login, terminal.AutoLogin == null ? new[] { "login" } : new[] { "login", "-f", terminal.AutoLogin });
            else if (terminal.AutoLogin == "root")
                pid = Spawn(terminal.Device, Shell, new[] { "sh" });
            else
            {
                Diagnostics.Print("init: no " + Login + "; no session on " + terminal.Device);
                return 0;
            }
            if (pid < 0)
                Diagnostics.Print("init: cannot start a session on " + terminal.Device + ": " + Files.ErrorText(pid));
            return pid < 0 ? 0 : pid;
        }

        // Forks a child with the terminal as descriptors 0, 1 and 2 and execs
        // the program in it. The parent gets the child's pid (or an error).
        private static int Spawn(string terminal, string program, string[] arguments)
        {
            int pid = Processes.Fork();
            if (pid != 0)
                return pid;
            int fd = Files.Open(terminal, OpenFlags.ReadWrite);
            if (fd < 0)
            {
                Diagnostics.Print("init: " + terminal + ": " + Files.ErrorText(fd));
                Processes.Exit(1);
            }
            for (int target = 0; target < 3; target++)
            {
                if (fd != target)
                    Files.Dup2(fd, target);
            }
            if (fd > 2)
                Files.Close(fd);
            int error = Processes.Exec(program, arguments, s_environment);
            Diagnostics.Print("init: exec " + program + ": " + Files.ErrorText(error));
            Processes.Exit(127);
            return -1;
        }
    }
}
