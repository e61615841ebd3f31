using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Init
{
    // Init: pid 1. Runs the start-up script /etc/rc if the root file system
    // has one, then starts a shell on each terminal and waits forever: a
    // shell that ends is started again (as getty would), an orphan that ends
    // is simply reaped. A terminal whose shells keep dying at once is given
    // up after a few tries, so a broken /bin/sh cannot make init spin.
    public static class Program
    {
        private const string Shell = "/bin/sh";
        private const int MaxQuickDeaths = 5;
        private const long QuickDeathTicks = 200;   // ~2 s at the default timer rate

        private static readonly string[] s_environment = { "HOME=/", "PATH=/bin", "TERM=minix" };

        public static int Main()
        {
            Diagnostics.Print("init: pid " + Processes.GetPid().ToString());
            OpenStandardDescriptors();
            RunStartupScript();
            var shells = new int[Terminals.Devices.Length];
            var started = new long[Terminals.Devices.Length];
            var quickDeaths = new int[Terminals.Devices.Length];
            for (int i = 0; i < shells.Length; i++)
            {
                shells[i] = StartShell(Terminals.Devices[i]);
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
                        Diagnostics.Print("init: the shell on " + Terminals.Devices[i] + " keeps failing (status " + status.ToString() + "); giving up on it");
                        shells[i] = 0;
                        continue;
                    }
                    shells[i] = StartShell(Terminals.Devices[i]);
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
            int output = Files.Open(Terminals.Devices[0], OpenFlags.Write);
            if (input != 0 || output != 1 || Files.Dup2(output, 2) != 2)
                Diagnostics.Print("init: cannot open /dev/null and the console as 0, 1 and 2 (" + input.ToString() + ", " + output.ToString() + ")");
        }

        // /etc/rc runs to completion with the console as its terminal
        // before any shell starts, as MINIX's init does.
        private static void RunStartupScript()
        {
            if (Files.Stat("/etc/rc", out FileStatus status) < 0 || status.Kind != FileKind.File)
                return;
            int pid = Spawn(Terminals.Devices[0], new[] { "sh", "/etc/rc" });
            if (pid > 0)
            {
                int ended;
                while ((ended = Processes.Wait(pid, out int _)) != pid && ended >= 0) { }
            }
        }

        private static int StartShell(string terminal)
        {
            int pid = Spawn(terminal, new[] { "sh" });
            if (pid < 0)
                Diagnostics.Print("init: cannot start a shell on " + terminal + ": " + Files.ErrorText(pid));
            return pid < 0 ? 0 : pid;
        }

        // Forks a child with the terminal as descriptors 0, 1 and 2 and execs
        // the shell in it. The parent gets the child's pid (or an error).
        private static int Spawn(string terminal, string[] arguments)
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
            int error = Processes.Exec(Shell, arguments, s_environment);
            Diagnostics.Print("init: exec " + Shell + ": " + Files.ErrorText(error));
            Processes.Exit(127);
            return -1;
        }
    }
}
