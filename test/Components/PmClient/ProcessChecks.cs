using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Tests.Components.PmClient
{
    // Pids, fork, exit statuses, wait in its forms, orphans, sleep.
    internal static class ProcessChecks
    {
        public static void Run()
        {
            Checks.Status("init-gets-pid-1", Processes.GetPid(), 1);
            Checks.Status("init-has-no-parent", Processes.GetParentPid(), 0);

            // Copies of pmclient end as "child" (exec), never under pmclient's
            // label, which the test run watches (exit_when=pmclient).
            int pid = Processes.Fork();
            if (pid == 0)
                Client.Become(Processes.GetPid() > 1 && Processes.GetParentPid() == 1 ? 42 : 1);
            Checks.That("fork-returns-child-pid", pid > 1, string.Concat("fork returned ", pid.ToString()));
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited("child-sees-zero-and-its-ids-then-exit-status-collected", pid, waited, status, 42);
            int second = Processes.Fork();
            if (second == 0)
                Client.Become(0);
            Checks.That("pids-are-not-reused-at-once", second > 1 && second != pid, string.Concat("second fork ", second.ToString()));
            Processes.Wait(second, out _);

            pid = Client.Spawn("child", "child", "sleep", "300", "5");
            waited = Processes.Wait(pid, out status, noHang: true);
            Checks.That("wait-nohang-before-end", waited == 0, string.Concat("returned ", waited.ToString()));
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("wait-blocks-until-the-child-ends", pid, waited, status, 5);

            int a = Client.Spawn("child", "child", "exit", "3");
            int b = Client.Spawn("child", "child", "exit", "4");
            int first = Processes.Wait(-1, out int firstStatus);
            int next = Processes.Wait(-1, out int nextStatus);
            Checks.That("wait-any-child-collects-both", (first == a && firstStatus == 3 && next == b && nextStatus == 4)
                || (first == b && firstStatus == 4 && next == a && nextStatus == 3),
                string.Concat("got ", first.ToString(), "/", firstStatus.ToString(), " and ", next.ToString(), "/", nextStatus.ToString()));
            Checks.Status("wait-without-children", Processes.Wait(-1, out _), PmStatus.NoChildren);
            Checks.Status("wait-for-a-stranger", Processes.Wait(12345, out _), PmStatus.NoChildren);
            Checks.Status("wait-for-process-group-refused", Processes.Wait(0, out _), Status.BadArgument);

            pid = Client.Spawn("child", "child", "null");
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("panic-ends-with-128-plus-abort", pid, waited, status, 134);
            pid = Client.Spawn("child", "child", "fault");
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("cpu-exception-ends-with-128-plus-segv", pid, waited, status, 139);
            pid = Client.Spawn("child", "child", "ids");
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("execd-program-sees-its-pid-and-init-as-parent", pid, waited, status, 0);
            pid = Client.Spawn("child", "child", "forkwait", "9");
            waited = Processes.Wait(pid, out status);
            WaitChecks.Waited("execd-program-forks-and-waits", pid, waited, status, 10);

            Orphans();
            Sleep();
        }

        // A child that ends before its own child: init adopts the grandchild
        // and collects it.
        private static void Orphans()
        {
            int pid = Client.Spawn("child", "child", "orphan", "400", "5");
            int waited = Processes.Wait(pid, out int status);
            WaitChecks.Waited("orphaning-parent-exits", pid, waited, status, 0);
            Span<ProcessEntry> entries = new ProcessEntry[64];
            int count = Processes.ListProcesses(entries);
            int orphan = 0;
            for (int i = 0; i < count; i++)
            {
                if (entries[i].Name == "child" && entries[i].Parent == 1 && entries[i].Pid > pid)
                    orphan = entries[i].Pid;
            }
            Checks.That("orphan-adopted-by-init", orphan > 0, string.Concat("no child with parent 1 among ", count.ToString()));
            waited = Processes.Wait(-1, out status);
            WaitChecks.Waited("init-collects-the-orphan", orphan, waited, status, 5);
        }

        private static void Sleep()
        {
            long before = Client.Milliseconds();
            int status = Processes.Sleep(150);
            long slept = Client.Milliseconds() - before;
            Checks.That("sleep-waits-its-time", status == Status.Ok && slept >= 140 && slept < 2000,
                string.Concat("status ", status.ToString(), ", slept ", slept.ToString(), " ms"));
        }
    }
}
