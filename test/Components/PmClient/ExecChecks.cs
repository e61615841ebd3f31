using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Exec: from the boot modules and from /bin, arguments and environment,
    // the grant form, and failures that leave the caller running.
    internal static unsafe class ExecChecks
    {
        public static void Run()
        {
            Expect("exec-by-bare-name", Client.Spawn("child", "child", "exit", "23"), 23);
            Expect("exec-by-bin-path", Client.Spawn("/bin/child", "child", "exit", "24"), 24);
            // argc 4 + 10 * envc 2; the boot test reads the printed line.
            Expect("exec-passes-arguments-and-environment", Client.Spawn("child", "child", "args", "alpha", "beta gamma"), 24);
            string[] many = new string[101];
            many[0] = "child";
            many[1] = "args";
            for (int i = 2; i < many.Length; i++)
                many[i] = string.Concat("argument-", i.ToString(), "-padded-to-be-longer-than-one-piece");
            int pid = Processes.Fork();
            if (pid == 0)
                Client.Become(100 - Processes.Exec("child", many, Client.Environment));
            Expect("exec-with-a-long-argument-block", pid, 101 + 20);
            // argc 5 + 10 * envc 2; the boot test reads "[] [x] []".
            Expect("exec-with-empty-arguments", Client.Spawn("child", "child", "args", "", "x", ""), 25);
            Expect("exec-from-an-execd-program", Client.Spawn("child", "child", "exec", "child", "exit", "41"), 41);
            Expect("execd-program-named-in-the-list", Client.Spawn("child", "child", "list"), 0);
            ThroughGrant();
            Impostor();

            string[] none = new string[0];
            Checks.Status("exec-missing-program", Processes.Exec("nosuchprogram", new[] { "nosuchprogram" }, none), PmStatus.NotFound);
            Checks.Status("exec-missing-absolute-path", Processes.Exec("/bin/nosuchprogram", new[] { "x" }, none), PmStatus.NotFound);
            Checks.Status("exec-of-a-non-elf-module", Processes.Exec("pm.priv", new[] { "pm.priv" }, none), PmStatus.NotExecutable);
            Checks.Status("exec-non-ascii-argument-refused", Processes.Exec("child", new[] { "child", "caf\u00e9" }, none), Status.BadArgument);
            string[] huge = { new string('x', PmLimits.MaxBlock) };
            Checks.Status("exec-block-too-long", Processes.Exec("child", huge, none), PmStatus.TooLong);
            Checks.Status("failed-exec-leaves-the-caller-running", Processes.GetPid(), 1);
            Checks.That("failed-exec-keeps-the-privileges", !Endpoints.Lookup("pmclient").IsNone, "pmclient's label changed");
        }

        // The PM server's own image, exec'd as a user program: it runs, but
        // not under PM's label, which stays with PM.
        private static void Impostor()
        {
            int pid = Client.Spawn("pm", "pm");
            Checks.That("program-named-like-a-component-gets-a-prefix", Client.Await(pid, "u-pm", null), "no u-pm in the list");
            Checks.That("component-label-stays-with-the-component", Endpoints.Lookup("pm") == Client.Pm, "pm's label moved");
            Processes.Kill(pid, Signal.Kill);
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited("impostor-killed", pid, waited, status, 137);
        }

        private static void Expect(string check, int pid, int expected)
        {
            if (pid <= 0)
            {
                Checks.That(check, false, string.Concat("fork status ", pid.ToString()));
                return;
            }
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited(check, pid, waited, status, expected);
        }

        // Exec with the block in a grant (the form for callers with grants).
        private static void ThroughGrant()
        {
            int pid = Processes.Fork();
            if (pid == 0)
            {
                byte[] block = Client.Block("child\0child\0exit\0" + "31\0\0X=1\0\0");
                int status;
                fixed (byte* bytes = block)
                {
                    Message message = default;
                    message.Type = PmRequest.Exec;
                    PmExecRequest.Of(&message)->Grant = Client.Grant(bytes, block.Length, GrantFlags.Read).Value;
                    PmExecRequest.Of(&message)->Length = block.Length;
                    status = Client.Call(&message);
                }
                Client.Become(100 - status);
            }
            Expect("exec-through-a-grant", pid, 31);
        }
    }
}
