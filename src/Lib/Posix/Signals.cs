using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Posix
{
    // A signal handler: runs in the process, on its own stack, with the
    // signal's number.
    public delegate void SignalHandler(int signal);

    // signal/sigaction, sigprocmask, alarm, pause, sleep, kill, setpgid and
    // getpgrp over PM (PmSignalProtocol.cs). PM keeps the dispositions,
    // the mask and what is pending; the handlers are here. A caught
    // signal ends the call the process is blocked in (a read of a pipe or
    // a terminal, Sleep, Pause, Wait) with Interrupted (EINTR); before
    // that call returns, the library takes the pending signals from PM and
    // runs their handlers. So handlers run at the return of a call, never
    // in the middle of other code, which also means they need no locks
    // against the program. A process that computes without calling PM or
    // VFS calls Poll to run what has come.
    public static unsafe class Signals
    {
        public const int Max = 31;

        private static readonly SignalHandler?[] s_handlers = new SignalHandler?[Max + 1];
        private static bool s_anyCaught;
        private static bool s_running;
        private static uint s_toRun;

        // Whether the process catches any signal (its calls may then end Interrupted).
        public static bool AnyCaught => s_anyCaught;

        // sigaction with a handler. Kill cannot be caught (NotAllowed).
        public static int Catch(int signal, SignalHandler handler)
        {
            if (signal <= 0 || signal > Max || handler == null)
                return Status.BadArgument;
            s_handlers[signal] = handler;
            int status = Action(signal, SignalDisposition.Catch);
            if (status < 0)
                s_handlers[signal] = null;
            else
                s_anyCaught = true;
            return status;
        }

        // SIG_IGN and SIG_DFL.
        public static int Ignore(int signal) => Action(signal, SignalDisposition.Ignore);
        public static int Default(int signal) => Action(signal, SignalDisposition.Default);

        // The old disposition (SignalDisposition), or a status < 0.
        private static int Action(int signal, int disposition)
        {
            Message message = default;
            message.Type = PmSignalRequest.SigAction;
            PmSignalAction.Of(&message)->Signal = signal;
            PmSignalAction.Of(&message)->Disposition = disposition;
            int status = Processes.Call(&message);
            if (status < 0)
                return status;
            if (disposition != SignalDisposition.Catch && signal > 0 && signal <= Max)
                s_handlers[signal] = null;
            return PmSignalAction.Of(&message)->Disposition;
        }

        public static uint Bit(int signal) => 1u << signal;

        // sigprocmask (how: SignalMaskHow). A blocked signal waits; when it
        // is unblocked its handler runs before this returns (or, with its
        // default action, the process ends). Kill is never blocked.
        public static int Mask(int how, uint set, out uint old)
        {
            old = 0;
            Message message = default;
            message.Type = PmSignalRequest.SigMask;
            PmSignalMask.Of(&message)->How = how;
            PmSignalMask.Of(&message)->Set = set;
            int status = Processes.Call(&message);
            if (status < 0)
                return status;
            old = PmSignalMask.Of(&message)->Set;
            Run(PmSignalMask.Of(&message)->Deliver);
            return Status.Ok;
        }

        public static int Block(uint set) => Mask(SignalMaskHow.Block, set, out _);
        public static int Unblock(uint set) => Mask(SignalMaskHow.Unblock, set, out _);

        // alarm(): Alarm in `milliseconds` (0 cancels); the milliseconds the
        // previous alarm had left, or a status < 0.
        public static long Alarm(long milliseconds)
        {
            Message message = default;
            message.Type = PmSignalRequest.Alarm;
            PmTimer.Of(&message)->Milliseconds = milliseconds;
            int status = Processes.Call(&message);
            return status < 0 ? status : PmTimer.Of(&message)->Milliseconds;
        }

        // pause(): waits for a caught signal; returns Interrupted after its
        // handler ran.
        public static int Pause() => SleepAtPm(-1, out _);

        // sleep() for a process that catches signals: Interrupted (with the
        // milliseconds left) when a caught signal came first, its handler
        // run. Without handlers the kernel's alarm does (nothing can
        // interrupt that sleep but the end of the process).
        public static int Sleep(long milliseconds, out long left)
        {
            left = 0;
            if (!s_anyCaught)
                return Devices.Sleep(milliseconds);
            return SleepAtPm(milliseconds, out left);
        }

        private static int SleepAtPm(long milliseconds, out long left)
        {
            Message message = default;
            message.Type = PmSignalRequest.Sleep;
            PmTimer.Of(&message)->Milliseconds = milliseconds;
            int status = Processes.Call(&message);
            left = status == SignalStatus.Interrupted ? PmTimer.Of(&message)->Milliseconds : 0;
            return status;
        }

        // kill(-group, signal): every member of the group the caller may signal.
        public static int KillGroup(int group, int signal)
        {
            Message message = default;
            message.Type = PmSignalRequest.KillGroup;
            PmProcessGroup.Of(&message)->Group = group;
            PmProcessGroup.Of(&message)->Signal = signal;
            return Processes.Call(&message);
        }

        // setpgid(pid, group): pid 0 the caller, group 0 the pid's own.
        public static int SetGroup(int pid, int group)
        {
            Message message = default;
            message.Type = PmSignalRequest.SetGroup;
            PmProcessGroup.Of(&message)->Pid = pid;
            PmProcessGroup.Of(&message)->Group = group;
            int status = Processes.Call(&message);
            return status < 0 ? status : PmProcessGroup.Of(&message)->Group;
        }

        // getpgrp().
        public static int GetGroup()
        {
            Message message = default;
            message.Type = PmSignalRequest.GetGroup;
            int status = Processes.Call(&message);
            return status < 0 ? status : PmProcessGroup.Of(&message)->Group;
        }

        // tcsetpgrp/tcgetpgrp: the terminal's foreground group (its Ctrl-C
        // interrupts that group).
        public static int SetForeground(int fd, int group)
        {
            TerminalGroup block = default;
            block.Group = group;
            int status = Files.Ioctl(fd, TerminalIoctl.SetGroup, new System.Span<byte>((byte*)&block, TerminalGroup.Size));
            return status < 0 ? status : 0;
        }

        public static int GetForeground(int fd)
        {
            TerminalGroup block = default;
            int status = Files.Ioctl(fd, TerminalIoctl.GetGroup, new System.Span<byte>((byte*)&block, TerminalGroup.Size));
            return status < 0 ? status : block.Group;
        }

        // Runs the handlers of whatever caught signals PM holds for this
        // process now.
        public static void Poll()
        {
            if (!s_anyCaught)
                return;
            Message message = default;
            message.Type = PmSignalRequest.TakeSignals;
            if (Processes.Call(&message) == Status.Ok)
                Run(PmSignalMask.Of(&message)->Deliver);
        }

        // After a call to PM or VFS: one that ended Interrupted, or a
        // signal the process sent, may have handlers to run.
        internal static void AfterCall(int request, int status)
        {
            if (!s_anyCaught || request == PmSignalRequest.TakeSignals)
                return;
            if (status == SignalStatus.Interrupted || request == PmRequest.Kill || request == PmSignalRequest.KillGroup)
                Poll();
        }

        // Runs the handlers of `set`, lowest signal first. A handler's own
        // calls may bring more: they join the set being run rather than
        // nest.
        private static void Run(uint set)
        {
            s_toRun |= set;
            if (s_running)
                return;
            s_running = true;
            while (s_toRun != 0)
            {
                int signal = 1;
                while ((s_toRun & Bit(signal)) == 0)
                    signal++;
                s_toRun &= ~Bit(signal);
                SignalHandler? handler = s_handlers[signal];
                if (handler != null)
                    handler(signal);
            }
            s_running = false;
        }
    }
}
