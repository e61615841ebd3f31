using System;
using System.Text;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Child
{
    // A program for PM's tests (pmclient forks and execs it). argv[1] says
    // what to do; the exit status reports the outcome, so the parent's Wait
    // sees it:
    //   exit N            exit with N
    //   null              dereference null (a runtime panic: 128 + 6)
    //   fault             read kernel memory (a CPU exception: 128 + 11)
    //   sleep MS [N]      sleep, then exit with N (default 0)
    //   spin              run forever (until killed)
    //   args              print argv and the environment; exit argc + 10 * envc
    //   ids               exit 0 if the pid is new and the parent is init, else 1
    //   forkwait N        fork a child that exits N, wait for it; exit N + 1,
    //                     or 99 if the wait went wrong
    //   orphan MS N       fork a child that sleeps MS and exits N; exit 0 at once
    //   exec NAME ARGS..  exec NAME with ARGS (argv[0] = NAME); exit 100 - status if it fails
    //   list              exit 0 if the process list names this program as
    //                     pid/parent with state "receiving" (it waits for PM's reply), else 1
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Processes.Arguments();
            if (argv.Length < 2)
            {
                Diagnostics.Print("child: no command");
                return 2;
            }
            switch (argv[1])
            {
                case "exit": return Number(argv, 2, 0);
                case "null": return NullDereference();
                case "fault": return Fault();
                case "sleep":
                    Processes.Sleep(Number(argv, 2, 0));
                    return Number(argv, 3, 0);
                case "spin":
                    while (true) { }
                case "args": return Arguments(argv);
                case "ids": return Processes.GetPid() > 1 && Processes.GetParentPid() == 1 ? 0 : 1;
                case "forkwait": return ForkWait(Number(argv, 2, 0));
                case "orphan": return Orphan(Number(argv, 2, 0), Number(argv, 3, 0));
                case "exec": return Exec(argv);
                case "list": return List();
                default:
                    Diagnostics.Print(string.Concat("child: unknown command ", argv[1]));
                    return 2;
            }
        }

        private static int Number(string[] argv, int index, int otherwise)
        {
            if (index >= argv.Length)
                return otherwise;
            int value = 0;
            string text = argv[index];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                    return otherwise;
                value = value * 10 + (text[i] - '0');
            }
            return value;
        }

        private static int Arguments(string[] argv)
        {
            string[] env = Processes.Environment();
            var line = new StringBuilder("child: argc ");
            line.Append(argv.Length.ToString());
            for (int i = 0; i < argv.Length; i++)
                line.Append(" [").Append(argv[i]).Append(']');
            line.Append(" envc ").Append(env.Length.ToString());
            for (int i = 0; i < env.Length; i++)
                line.Append(" [").Append(env[i]).Append(']');
            Diagnostics.Print(line.ToString());
            return argv.Length + 10 * env.Length;
        }

        private static int ForkWait(int status)
        {
            int pid = Processes.Fork();
            if (pid == 0)
                Processes.Exit(status);
            if (pid < 0)
                return 99;
            int waited = Processes.Wait(pid, out int exitStatus);
            return waited == pid && exitStatus == status ? status + 1 : 99;
        }

        private static int Orphan(int milliseconds, int status)
        {
            int pid = Processes.Fork();
            if (pid == 0)
            {
                Processes.Sleep(milliseconds);
                Processes.Exit(status);
            }
            return pid > 0 ? 0 : 99;
        }

        private static int Exec(string[] argv)
        {
            if (argv.Length < 3)
                return 2;
            string[] arguments = new string[argv.Length - 2];
            for (int i = 2; i < argv.Length; i++)
                arguments[i - 2] = argv[i];
            int status = Processes.Exec(argv[2], arguments, Processes.Environment());
            return 100 - status;
        }

        private static int List()
        {
            Span<ProcessEntry> entries = new ProcessEntry[64];
            int count = Processes.ListProcesses(entries);
            int self = Processes.GetPid();
            for (int i = 0; i < count; i++)
            {
                if (entries[i].Pid == self)
                    return entries[i].Name == "child" && entries[i].Parent == Processes.GetParentPid() && entries[i].State == "receiving" ? 0 : 3;
            }
            return 1;
        }

        // A managed null dereference: the runtime's NullReferenceException,
        // unhandled, ends the program with a panic.
        private static int NullDereference()
        {
            string? nothing = s_nothing;
            return nothing!.Length;
        }

        // Not a constant, so the compiler cannot see the null coming.
        private static string? s_nothing = Lib.Sys.Process.Ticks() < 0 ? "never" : null;

        private static unsafe int Fault()
        {
            ulong* kernel = (ulong*)0x100000;
            return (int)*kernel;
        }
    }
}
