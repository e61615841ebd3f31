using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Signalling
{
    // What a raised signal does to a process, turned into actions: its end
    // (the Kill kernel call; the defect report that follows gives 128 + the
    // signal), or, for a caught one, the end of the blocking call it is in
    // with Interrupted, so that the user library runs its handler (see
    // PmSignalProtocol.cs): a Sleep or Wait PM holds is answered here; a
    // call VFS holds (a pipe, a terminal's read) is ended by VFS, which PM
    // tells (MINIX's PM tells VFS to cancel the same way). A process busy
    // computing runs the handler at its next call to PM.
    internal static unsafe class SignalDelivery
    {
        public static readonly PmTimers Timers = new PmTimers();

        // Acts on Kill's (or a group kill's) decision for target.
        public static int Act(ProcessRecord target, KillAction action, ProcessRecord? caller)
        {
            if (action == KillAction.End)
            {
                int status = Kernel.Kill(target.Endpoint);
                // Already ending: its report is on the way.
                return status == Status.DeadEndpoint ? Status.Ok : status;
            }
            if (action == KillAction.Deliver)
                Interrupt(target, caller);
            return Status.Ok;
        }

        // A signal raised by the system (a terminal's Ctrl-C, an alarm, a
        // child's end), with no sender to check: init is never ended this way.
        public static void Raise(ProcessRecord target, int signal)
        {
            SignalOutcome outcome = SignalRules.Raise(target, signal);
            if (outcome == SignalOutcome.End && target.Pid != ProcessTable.InitPid)
            {
                target.SignalSent = signal;
                Act(target, KillAction.End, null);
            }
            else if (outcome == SignalOutcome.Deliver)
            {
                Interrupt(target, null);
            }
        }

        // A caught signal is ready: end the call the process waits in.
        // The caller of a Kill to itself is in PM's own exchange: its reply
        // goes normally and the library then takes the signal.
        public static void Interrupt(ProcessRecord target, ProcessRecord? caller)
        {
            if (target == caller)
                return;
            if (Timers.EndSleep(target.Pid, out long left))
            {
                ReplyInterrupted(target.Endpoint, left);
                return;
            }
            if (target.PendingWait)
            {
                target.PendingWait = false;
                ReplyInterrupted(target.Endpoint, 0);
                return;
            }
            Vfs.Interrupt(target.Endpoint);
        }

        // The process ended: its timers go; its parent gets Child (ignored
        // unless it catches it).
        public static void Ended(ProcessTable table, ProcessRecord process)
        {
            Timers.Forget(process.Pid);
            ProcessRecord? parent = process.Parent > 0 ? table.ByPid(process.Parent) : null;
            if (parent != null && !parent.Zombie && (parent.SignalSets.Caught & SignalRules.Bit(Signals.Child)) != 0)
                Raise(parent, Signals.Child);
        }

        // PM's kernel alarm: sleeps that are over are answered, alarms raise Alarm.
        public static void AlarmRang(ProcessTable table)
        {
            List<PmTimers.Timer> due = Timers.Expired();
            for (int i = 0; i < due.Count; i++)
            {
                ProcessRecord? process = table.ByPid(due[i].Pid);
                if (process == null || process.Zombie || process.Endpoint != due[i].Endpoint)
                    continue;
                if (due[i].IsSleep)
                    Reply(process.Endpoint, Status.Ok, 0);
                else
                    Raise(process, Signals.Alarm);
            }
        }

        public static void ReplyInterrupted(int endpoint, long left) => Reply(endpoint, SignalStatus.Interrupted, left);

        private static void Reply(int endpoint, int status, long left)
        {
            Message reply = default;
            reply.Type = status;
            PmTimer.Of(&reply)->Milliseconds = left;
            Ipc.SendAsync(new Endpoint(endpoint), &reply);
        }
    }
}
