using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Kill and signal dispositions: default actions, ignoring (inherited
    // through fork and exec), and the refusals.
    internal static class SignalChecks
    {
        public static void Run()
        {
            // Kills wait until the copy has become the child program: a copy
            // killed as pmclient would end the test run (exit_when=pmclient).
            int pid = Client.Spawn("child", "child", "spin");
            Checks.That("spinning-child-started", Client.AwaitExec(pid), "never exec'd");
            Checks.Status("signal-zero-checks-existence", Processes.Kill(pid, 0), Status.Ok);
            Checks.Status("child-signal-is-dropped", Processes.Kill(pid, Signal.Child), Status.Ok);
            Checks.Status("kill-bad-signal-refused", Processes.Kill(pid, 99), Status.BadArgument);
            Checks.Status("still-running-after-harmless-signals", Processes.Wait(pid, out _, noHang: true), 0);
            Checks.Status("terminate-sent", Processes.Kill(pid, Signal.Terminate), Status.Ok);
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited("terminate-ends-with-128-plus-15", pid, waited, status, 143);

            pid = Client.Spawn("child", "child", "spin");
            Client.AwaitExec(pid);
            Checks.Status("kill-sent", Processes.Kill(pid, Signal.Kill), Status.Ok);
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("kill-ends-with-128-plus-9", pid, waited, status, 137);

            // Ignored here, so ignored in the child and after its exec.
            Checks.Status("ignore-terminate", Processes.IgnoreSignal(Signal.Terminate, true), Status.Ok);
            pid = Client.Spawn("child", "child", "spin");
            Checks.Status("default-terminate-again", Processes.IgnoreSignal(Signal.Terminate, false), Status.Ok);
            Client.AwaitExec(pid);
            Checks.Status("ignored-terminate-accepted", Processes.Kill(pid, Signal.Terminate), Status.Ok);
            Processes.Sleep(100);
            Checks.Status("ignored-terminate-keeps-it-running", Processes.Wait(pid, out _, noHang: true), 0);
            Processes.Kill(pid, Signal.Kill);
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("kill-cannot-be-ignored", pid, waited, status, 137);

            Checks.Status("ignore-kill-refused", Processes.IgnoreSignal(Signal.Kill, true), Status.NotAllowed);
            Checks.Status("ignore-signal-zero-refused", Processes.IgnoreSignal(0, true), Status.BadArgument);
            Checks.Status("kill-unknown-pid", Processes.Kill(29999, Signal.Terminate), PmStatus.NoSuchProcess);
            Checks.Status("kill-pid-zero-refused", Processes.Kill(0, Signal.Terminate), Status.BadArgument);
            Checks.Status("kill-negative-pid-refused", Processes.Kill(-1, Signal.Kill), Status.BadArgument);
            Checks.Status("kill-init-refused", Processes.Kill(1, Signal.Terminate), Status.NotAllowed);

            pid = Client.Spawn("child", "child", "exit", "0");
            Checks.That("child-became-a-zombie", Client.AwaitZombie(pid), "never listed as a zombie");
            Checks.Status("kill-of-a-zombie-is-harmless", Processes.Kill(pid, Signal.Kill), Status.Ok);
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("zombie-keeps-its-own-status", pid, waited, status, 0);
        }
    }
}
