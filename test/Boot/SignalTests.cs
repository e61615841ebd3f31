using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Signals on the whole system, in one boot, with sh on the serial terminal
// (COM2):
//   - sigtest (test/Components/SigTest) checks handlers run in the
//     process (raised, alarm, Child, SIGPIPE), a blocked signal held and
//     delivered once on unblock, Kill neither caught nor blocked, sleep,
//     pause, wait and reads of a pipe and of the terminal ended by a
//     handled alarm with EINTR, process groups;
//   - Terminate's default action ends a process: sh's wait reports 143;
//   - Ctrl-C typed on the serial terminal interrupts the foreground job
//     (`sleep 100`, `yes > /dev/null`, a pipeline: status 130), not a
//     background job, and reaches a program's handler; the shell survives
//     it, also at its own prompt, and works.
// Every step waits for its own output; a Ctrl-C typed before the job is
// in the terminal's foreground is typed again (KeysUntil).
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class SignalTests
{
    private static readonly string[] s_checks =
    {
        "kill-cannot-be-caught", "catch-interrupt-and-alarm", "raised-interrupt-handled", "alarm-ends-pause",
        "blocked-interrupt-held", "unblocked-interrupt-delivered-once", "kill-cannot-be-blocked",
        "sleep-interrupted-by-alarm", "sleep-ends-by-its-time", "pipe-read-interrupted", "sigpipe-handled",
        "terminal-read-interrupted", "ignored-terminate-survived", "wait-interrupted-by-alarm",
        "child-ended-by-terminate-143", "child-signal-handled", "child-collected", "alarm-cancelled-with-time-left",
        "own-process-group", "group-kill-reaches-the-caller", "each-alarm-handled-once",
    };

    [Test]
    public void HandlersMasksInterruptedCallsAndCtrlCOnTheSerialTerminal()
    {
        using var scratch = new GuestScratch("signals");
        scratch.Install("SigTest", "sigtest");
        Task<string> talk = Task.Run(() => Talk(scratch.Com2, DateTime.UtcNow.AddSeconds(170)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 180, disk: scratch.Disk, com2Socket: scratch.Com2);
        string transcript = talk.Result;
        TestContext.Out.WriteLine(transcript);
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.SerialLog, Does.Contain("tty: ^C on the serial terminal, foreground group"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);
    }

    // Ctrl-C on the VGA console (QEMU's monitor `sendkey ctrl-c` on the
    // PS/2 keyboard) ends the foreground `sleep 100`; the console's shell
    // prompts again and runs the next command.
    [Test]
    public void CtrlCOnTheConsoleInterruptsTheForegroundJob()
    {
        using var scratch = new GuestScratch("console-signals");
        string monitorSocket = scratch.Monitor, log = scratch.Log;
        string problem = "";
        string[] screen = Array.Empty<string>();
        var user = Task.Run(() =>
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(100);
            using HostConsole monitor = HostConsole.Connect(monitorSocket, deadline);
            if (!HostConsole.WaitForLogLine(log, @"^\[sh\] sh: prompting on a terminal", deadline))
                return problem = "no shell prompted";
            if (!monitor.WaitForScreen(rows => rows.Any(r => r.EndsWith("#")), deadline, out screen))
                return problem = "no prompt on the screen";
            if (!monitor.TypeText("sleep 100\n", deadline))
                return problem = "sendkey failed";
            // Until the job is in the foreground a Ctrl-C only discards a
            // line; typed again until the shell's next prompt follows a ^C.
            bool prompted = false;
            while (!prompted && DateTime.UtcNow < deadline)
            {
                if (!monitor.Command("sendkey ctrl-c", deadline))
                    return problem = "sendkey failed";
                DateTime each = DateTime.UtcNow.AddSeconds(2) < deadline ? DateTime.UtcNow.AddSeconds(2) : deadline;
                prompted = monitor.WaitForScreen(PromptAfterInterrupt, each, out screen);
            }
            if (!prompted)
                return problem = "no prompt after ^C";
            if (!monitor.TypeText("echo status $?\n", deadline))
                return problem = "sendkey failed";
            if (!monitor.WaitForScreen(rows => rows.Contains("status 130"), deadline, out screen))
                return problem = "sleep's status was not 130";
            monitor.TypeText("shutdown\n", deadline);
            return problem;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 110, disk: scratch.Disk, monitorSocket: monitorSocket, serialLog: log);

        Assert.That(user.Result, Is.Empty, "the screen:\n" + string.Join("\n", screen));
        Assert.That(run.SerialLog, Does.Match(@"tty: \^C on the console, foreground group [1-9]"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown typed at the console powered off");
    }

    // The last rows in use: "^C", then the prompt alone.
    private static bool PromptAfterInterrupt(string[] rows)
    {
        int last = rows.Length - 1;
        while (last > 0 && rows[last].Length == 0)
            last--;
        return last > 0 && rows[last] == "#" && rows[last - 1].EndsWith("^C");
    }

    private static string Talk(string socket, DateTime deadline)
    {
        using SerialShell sh = SerialShell.Open(socket, deadline);

        string checks = sh.Run("sigtest; echo status=$?");
        foreach (string check in s_checks)
            Assert.That(checks, Does.Contain($"sigtest: {check}: ok\n"), check + "; sigtest said:\n" + checks);
        Assert.That(checks, Does.Not.Contain("FAILED"));
        Assert.That(checks, Does.Contain("sigtest: done, 0 failed\nstatus=0\n"));

        // Terminate's default action, as sh's wait reports it.
        Assert.That(sh.Run("sleep 100 & kill -TERM $!; wait $!; echo status=$?"), Does.Contain("status=143\n"));

        // Ctrl-C on the serial terminal: the foreground job ends (128 + 2),
        // the shell prompts again and works.
        InterruptJob(sh, "sleep 100");
        Assert.That(sh.Run("echo status=$?"), Does.Contain("\nstatus=130\n"), "sleep ended by Interrupt");
        InterruptJob(sh, "yes > /dev/null");
        Assert.That(sh.Run("echo status=$?"), Does.Contain("\nstatus=130\n"), "yes ended by Interrupt");
        // A pipeline is one job, one group: every stage gets it.
        InterruptJob(sh, "yes | cat > /dev/null");
        Assert.That(sh.Run("echo status=$?"), Does.Contain("\nstatus=130\n"), "the pipeline's last stage ended by Interrupt");
        // A background job is a group of its own: the foreground's Ctrl-C misses it.
        string background = sh.Run("sleep 100 & echo started");
        Assert.That(background, Does.Contain("\nstarted\n"));
        InterruptJob(sh, "sleep 100");
        Assert.That(sh.Run("kill -0 $! && echo background alive"), Does.Contain("\nbackground alive\n"));
        Assert.That(sh.Run("kill $!; wait $!; echo status=$?"), Does.Contain("\nstatus=143\n"));

        // A program's handler gets the terminal's Ctrl-C (and it ends normally).
        sh.Keys("sigtest ctrlc\n", "sigtest: waiting for ^C");
        sh.KeysUntil("\x03", "sigtest: ^C handled\n", TimeSpan.FromSeconds(1));
        // The shell's prompt after it, before the next command is typed.
        sh.WaitFor("\n" + SerialShell.Prompt, sh.Transcript.LastIndexOf("sigtest: ^C handled\n", StringComparison.Ordinal));
        Assert.That(sh.Run("echo status=$?"), Does.Contain("\nstatus=0\n"), "sigtest handled ^C and exited 0");

        // Ctrl-C at the shell's own prompt discards the line; the shell lives.
        sh.Keys("echo never\x03", "^C");
        Assert.That(sh.Run("echo still here"), Does.Contain("\nstill here\n"));
        Assert.That(sh.Run("echo after"), Does.Not.Contain("never"));

        sh.Shutdown();
        return sh.Transcript;
    }

    // Types the command, then Ctrl-C until the shell's next prompt shows
    // that the job ended.
    private static void InterruptJob(SerialShell sh, string command)
    {
        sh.Keys(command + "\n", command);
        string after = sh.KeysUntil("\x03", "\n" + SerialShell.Prompt, TimeSpan.FromSeconds(1));
        Assert.That(after, Does.Contain("^C"), "the terminal echoed the Ctrl-C");
    }
}
