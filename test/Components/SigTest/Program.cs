using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Test.SigTest
{
    // sigtest checks: handlers, masks, alarm and interrupted calls, each
    //                 printing "sigtest: NAME: ok" or "sigtest: NAME: FAILED
    //                 (why)", then "sigtest: done"; exit status the failures.
    // sigtest ctrlc:  catches Interrupt, prints "sigtest: waiting for ^C",
    //                 pauses until it comes, prints "sigtest: ^C handled"
    //                 and exits 0 (the terminal's Ctrl-C reached the handler).
    // Every wait ends by a signal this program arranges (an alarm); none
    // depends on the machine's speed.
    public static class Program
    {
        private const int Interrupt = 2, Kill = 9, Pipe = 13, Alarm = 14, Terminate = 15, Child = 17;
        private static readonly int[] s_count = new int[32];
        private static int s_failures;

        public static int Main()
        {
            string[] argv = Processes.Arguments();
            string mode = argv.Length > 1 ? argv[1] : "checks";
            if (mode == "ctrlc")
                return CtrlC();
            Checks();
            Say("sigtest: done, " + s_failures.ToString() + " failed");
            return s_failures;
        }

        private static void Count(int signal) => s_count[signal]++;

        private static int CtrlC()
        {
            Signals.Catch(Interrupt, Count);
            Say("sigtest: waiting for ^C");
            while (s_count[Interrupt] == 0)
                Signals.Pause();
            Say("sigtest: ^C handled");
            return 0;
        }

        private static void Checks()
        {
            Check("kill-cannot-be-caught", Signals.Catch(Kill, Count) == Status.NotAllowed, "");
            Check("catch-interrupt-and-alarm", Signals.Catch(Interrupt, Count) == SignalDisposition.Default && Signals.Catch(Alarm, Count) >= 0, "");

            // Raise: the handler runs before kill returns.
            Processes.Kill(Processes.GetPid(), Interrupt);
            Check("raised-interrupt-handled", s_count[Interrupt] == 1, "count " + s_count[Interrupt].ToString());

            // An alarm ends pause() once its handler has run.
            Signals.Alarm(200);
            int paused = Signals.Pause();
            Check("alarm-ends-pause", paused == SignalStatus.Interrupted && s_count[Alarm] == 1, Why(paused, Alarm));

            // Blocked: held pending; unblocked: delivered before the call returns.
            Signals.Block(Signals.Bit(Interrupt));
            Processes.Kill(Processes.GetPid(), Interrupt);
            Processes.Kill(Processes.GetPid(), Interrupt);
            Check("blocked-interrupt-held", s_count[Interrupt] == 1, "count " + s_count[Interrupt].ToString());
            Signals.Unblock(Signals.Bit(Interrupt));
            Check("unblocked-interrupt-delivered-once", s_count[Interrupt] == 2, "count " + s_count[Interrupt].ToString());
            Signals.Mask(SignalMaskHow.Set, Signals.Bit(Kill), out uint old);
            Signals.Mask(SignalMaskHow.Set, 0, out uint kept);
            Check("kill-cannot-be-blocked", old == 0 && kept == 0, "mask " + kept.ToString());

            // sleep() interrupted by a handled alarm: EINTR with the time left.
            Signals.Alarm(200);
            int slept = Signals.Sleep(60_000, out long left);
            Check("sleep-interrupted-by-alarm", slept == SignalStatus.Interrupted && s_count[Alarm] == 2 && left > 30_000,
                Why(slept, Alarm) + " left " + left.ToString());

            // An uninterrupted sleep ends by its time.
            int full = Signals.Sleep(50, out _);
            Check("sleep-ends-by-its-time", full == Status.Ok, "status " + full.ToString());

            // A read of an empty pipe (this process holds the writer) is interrupted.
            if (Files.Pipe(out int readEnd, out int writeEnd) >= 0)
            {
                Signals.Alarm(200);
                byte[] buffer = new byte[16];
                int read = Files.Read(readEnd, buffer);
                Check("pipe-read-interrupted", read == SignalStatus.Interrupted && s_count[Alarm] == 3, Why(read, Alarm));
                // Write with no reader left: SIGPIPE, caught, and the write fails.
                Signals.Catch(Pipe, Count);
                Files.Close(readEnd);
                int written = Files.Write(writeEnd, buffer);
                Check("sigpipe-handled", written < 0 && s_count[Pipe] == 1, "write " + written.ToString() + " count " + s_count[Pipe].ToString());
                Files.Close(writeEnd);
            }
            else
            {
                Check("pipe-read-interrupted", false, "no pipe");
            }

            // A terminal read (standard input, nothing typed) is interrupted.
            if (Terminal.IsTerminal(Files.StandardInput))
            {
                Signals.Alarm(200);
                byte[] line = new byte[64];
                int read = Files.Read(Files.StandardInput, line);
                Check("terminal-read-interrupted", read == SignalStatus.Interrupted && s_count[Alarm] == 4, Why(read, Alarm));
            }

            // Ignored: the process lives on.
            Signals.Ignore(Terminate);
            Processes.Kill(Processes.GetPid(), Terminate);
            Check("ignored-terminate-survived", true, "");
            Signals.Default(Terminate);

            // A wait interrupted by a handled alarm; the child, a caught
            // Terminate's default restored by nothing, ends by Terminate.
            int child = Processes.Fork();
            if (child == 0)
            {
                Signals.Default(Interrupt);
                Signals.Default(Alarm);
                Processes.Sleep(60_000);
                Processes.Exit(0);
            }
            Signals.Alarm(200);
            int waited = Processes.Wait(child, out int status);
            int alarms = s_count[Alarm];
            Check("wait-interrupted-by-alarm", waited == SignalStatus.Interrupted, Why(waited, Alarm));
            Processes.Kill(child, Terminate);
            waited = Processes.Wait(child, out status);
            Check("child-ended-by-terminate-143", waited == child && status == 143, "wait " + waited.ToString() + " status " + status.ToString());

            // Child: ignored by default; caught, it ends a pause.
            Signals.Catch(Child, Count);
            child = Processes.Fork();
            if (child == 0)
                Processes.Exit(3);
            if (s_count[Child] == 0)
                Signals.Pause();
            Check("child-signal-handled", s_count[Child] == 1, "count " + s_count[Child].ToString());
            waited = Processes.Wait(child, out status);
            Check("child-collected", waited == child && status == 3, "status " + status.ToString());

            // alarm(0) cancels, and says what was left.
            Signals.Alarm(10_000);
            long remaining = Signals.Alarm(0);
            Check("alarm-cancelled-with-time-left", remaining > 5_000 && remaining <= 10_000, remaining.ToString());

            // Process groups.
            int pid = Processes.GetPid();
            int group = Signals.SetGroup(0, 0);
            Check("own-process-group", group == pid && Signals.GetGroup() == pid, "group " + group.ToString());
            Check("group-kill-reaches-the-caller", Signals.KillGroup(pid, Interrupt) == Status.Ok && s_count[Interrupt] == 3,
                "count " + s_count[Interrupt].ToString());
            int expected = Terminal.IsTerminal(Files.StandardInput) ? 5 : 4;
            Check("each-alarm-handled-once", alarms == expected, alarms.ToString());
        }

        private static string Why(int status, int signal) =>
            "status " + status.ToString() + ", count " + s_count[signal].ToString();

        private static void Check(string name, bool passed, string why)
        {
            if (passed)
            {
                Say("sigtest: " + name + ": ok");
                return;
            }
            s_failures++;
            Say("sigtest: " + name + ": FAILED (" + why + ")");
        }

        private static void Say(string text)
        {
            byte[] bytes = new byte[text.Length + 1];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = (byte)text[i];
            bytes[text.Length] = (byte)'\n';
            Files.Write(Files.StandardOutput, bytes);
        }
    }
}
