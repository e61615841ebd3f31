using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Pm.Table
{
    // A process's signal sets beyond the ignored ones (ProcessRecord's
    // IgnoredSignals, which Ignore and SigAction share): bit n is signal n.
    public sealed class SignalState
    {
        public uint Caught;     // a handler in the process runs it
        public uint Blocked;    // the mask: held pending until unblocked
        public uint Pending;    // raised, not yet delivered or acted on
    }

    // What a signal raised for a process does now.
    public enum SignalOutcome
    {
        None,       // dropped (ignored, harmless by default) or held pending (blocked)
        End,        // its default action: PM ends the process
        Deliver,    // caught and not blocked: the process must run its handler
    }

    // MINIX's sig_proc rules, hardware-free: dispositions, the mask and the
    // pending set. Kill is never caught, ignored or blocked. A blocked
    // signal waits in Pending whatever its disposition, and acts when it
    // is unblocked (SetMask).
    public static class SignalRules
    {
        public static uint Bit(int signal) => 1u << signal;

        // Signals that can never be blocked, caught or ignored.
        public const uint Unmaskable = 1u << Signals.Kill;

        public static SignalOutcome Raise(ProcessRecord process, int signal)
        {
            if (!Signals.IsValid(signal) || signal == 0 || process.Zombie)
                return SignalOutcome.None;
            uint bit = Bit(signal);
            SignalState state = process.SignalSets;
            if (signal == Signals.Kill)
                return SignalOutcome.End;
            if ((process.IgnoredSignals & bit) != 0)
                return SignalOutcome.None;
            if ((state.Blocked & bit) != 0)
            {
                state.Pending |= bit;
                return SignalOutcome.None;
            }
            if ((state.Caught & bit) != 0)
            {
                state.Pending |= bit;
                return SignalOutcome.Deliver;
            }
            return Signals.EndsByDefault(signal) ? SignalOutcome.End : SignalOutcome.None;
        }

        // sigaction: the old disposition, or a status < 0.
        public static int SetDisposition(ProcessRecord process, int signal, int disposition)
        {
            if (!Signals.IsValid(signal) || signal == 0 || disposition < SignalDisposition.Default || disposition > SignalDisposition.Catch)
                return Status.BadArgument;
            if (signal == Signals.Kill && disposition != SignalDisposition.Default)
                return Status.NotAllowed;
            uint bit = Bit(signal);
            SignalState state = process.SignalSets;
            int old = Disposition(process, signal);
            process.IgnoredSignals &= ~bit;
            state.Caught &= ~bit;
            if (disposition == SignalDisposition.Ignore)
            {
                process.IgnoredSignals |= bit;
                state.Pending &= ~bit;
            }
            else if (disposition == SignalDisposition.Catch)
            {
                state.Caught |= bit;
            }
            return old;
        }

        public static int Disposition(ProcessRecord process, int signal)
        {
            uint bit = Bit(signal);
            if ((process.IgnoredSignals & bit) != 0)
                return SignalDisposition.Ignore;
            return (process.SignalSets.Caught & bit) != 0 ? SignalDisposition.Catch : SignalDisposition.Default;
        }

        // sigprocmask: the old mask in `old`; `deliver` the caught signals it
        // unblocked (taken: run them now); `end` the signal that ends the
        // process by default it unblocked (0 if none).
        public static int SetMask(ProcessRecord process, int how, uint set, out uint old, out uint deliver, out int end)
        {
            SignalState state = process.SignalSets;
            old = state.Blocked;
            deliver = 0;
            end = 0;
            if (how == SignalMaskHow.Block)
                state.Blocked |= set;
            else if (how == SignalMaskHow.Unblock)
                state.Blocked &= ~set;
            else if (how == SignalMaskHow.Set)
                state.Blocked = set;
            else
                return Status.BadArgument;
            state.Blocked &= ~(Unmaskable | 1u);
            uint released = state.Pending & ~state.Blocked;
            for (int signal = 1; signal <= Signals.Max; signal++)
            {
                uint bit = Bit(signal);
                if ((released & bit) == 0 || (state.Caught & bit) != 0)
                    continue;
                // Held while blocked with its default action (or ignored
                // since): it acts now.
                state.Pending &= ~bit;
                if (end == 0 && (process.IgnoredSignals & bit) == 0 && Signals.EndsByDefault(signal))
                    end = signal;
            }
            deliver = Take(process);
            return Status.Ok;
        }

        // The caught, unblocked pending signals, taken out of Pending.
        public static uint Take(ProcessRecord process)
        {
            SignalState state = process.SignalSets;
            uint ready = state.Pending & state.Caught & ~state.Blocked;
            state.Pending &= ~ready;
            return ready;
        }

        // Whether a caught signal waits to be delivered (a blocking call
        // must not start, or must end, Interrupted).
        public static bool HasDeliverable(ProcessRecord process)
        {
            SignalState state = process.SignalSets;
            return (state.Pending & state.Caught & ~state.Blocked) != 0;
        }

        // fork: the child has the parent's dispositions, mask and group,
        // nothing pending (POSIX).
        public static void Inherit(ProcessRecord parent, ProcessRecord child)
        {
            child.SignalSets.Caught = parent.SignalSets.Caught;
            child.SignalSets.Blocked = parent.SignalSets.Blocked;
            child.SignalSets.Pending = 0;
            child.Group = parent.Group;
        }

        // exec: the handlers are gone with the old program, so caught
        // signals go back to their default; ignored ones, the mask and
        // what is pending stay (POSIX).
        public static void Exec(ProcessRecord process)
        {
            process.SignalSets.Pending &= ~process.SignalSets.Caught | process.SignalSets.Blocked;
            process.SignalSets.Caught = 0;
        }

        // setpgid: Ok, or why not. The caller may move itself or a live
        // child of its own; group 0 means the target's own pid.
        public static int SetGroup(ProcessTable table, ProcessRecord caller, int pid, int group, out ProcessRecord? target)
        {
            target = null;
            if (pid < 0 || group < 0 || pid > ProcessTable.MaxPid || group > ProcessTable.MaxPid)
                return Status.BadArgument;
            target = pid == 0 || pid == caller.Pid ? caller : table.ByPid(pid);
            if (target == null || target.Zombie)
                return PmStatus.NoSuchProcess;
            if (target != caller && target.Parent != caller.Pid)
                return Status.NotAllowed;
            target.Group = group == 0 ? target.Pid : group;
            return Status.Ok;
        }
    }
}
