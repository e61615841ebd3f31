using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Starting programs for the checks, and the protocol's grant forms,
    // which the user library does not use: a one-entry grant table for pm.
    internal static unsafe class Client
    {
        public static readonly string[] Environment = { "HOME=/", "PATH=/bin" };
        private static readonly GrantEntry[] s_grant = new GrantEntry[1];
        private static ushort s_sequence = 1;

        public static Endpoint Pm { get; private set; }

        public static bool Start()
        {
            Pm = Endpoints.Lookup(Processes.ManagerLabel);
            return !Pm.IsNone;
        }

        // fork, then exec `path` with these arguments (argv[0] = the name)
        // in the child; a child whose exec fails exits 100 - status.
        public static int Spawn(string path, params string[] arguments)
        {
            int pid = Processes.Fork();
            if (pid != 0)
                return pid;
            int status = Processes.Exec(path, arguments, Environment);
            Become(100 - status);
            return -1;
        }

        // Ends a forked copy with this status, as the child program: the
        // test run ends when a process labelled pmclient ends, so copies
        // must not end under that label.
        public static void Become(int status)
        {
            int failed = Processes.Exec("child", new[] { "child", "exit", status.ToString() }, Environment);
            Diagnostics.Print(string.Concat("pmclient: FAIL a forked copy could not exec child: status ", failed.ToString()));
            Processes.Exit(100 - failed);
        }

        // Until the process runs the child program (its exec is done), at
        // most about two seconds; false if it never does.
        public static bool AwaitExec(int pid) => Await(pid, "child", null);

        // Until the process has ended and waits for us.
        public static bool AwaitZombie(int pid) => Await(pid, null, "zombie");

        public static bool Await(int pid, string? name, string? state)
        {
            var entries = new ProcessEntry[64];
            for (int attempt = 0; attempt < 300; attempt++)
            {
                int count = Processes.ListProcesses(entries);
                for (int i = 0; i < count; i++)
                {
                    if (entries[i].Pid == pid && (name == null || entries[i].Name == name) && (state == null || entries[i].State == state))
                        return true;
                }
                Processes.Sleep(10);
            }
            return false;
        }

        public static int Call(Message* message)
        {
            int status = Ipc.SendRec(Pm, message);
            return status != Status.Ok ? status : message->Type;
        }

        // A fresh grant to pm over [address, address + length).
        public static GrantId Grant(void* address, long length, uint rights)
        {
            s_sequence++;
            s_grant[0] = new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = s_sequence, Grantee = Pm.Value, Address = (ulong)address, Length = (ulong)length };
            fixed (GrantEntry* table = s_grant)
                Grants.Publish(table, 1);
            return GrantId.From(0, s_sequence);
        }

        public static void Revoke()
        {
            s_grant[0] = default;
            fixed (GrantEntry* table = s_grant)
                Grants.Publish(table, 1);
        }

        // The block Exec takes, in ASCII.
        public static byte[] Block(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            return bytes;
        }

        public static long Milliseconds()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            TimesMessage* times = TimesMessage.Of(&message);
            return times->TicksPerSecond > 0 ? times->Ticks * 1000 / times->TicksPerSecond : 0;
        }
    }
}
