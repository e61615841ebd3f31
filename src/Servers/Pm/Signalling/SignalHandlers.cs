using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Signalling
{
    // The requests of PmSignalProtocol.cs, one method each, reading the
    // typed payloads named there. TerminalSignal comes from TTY, not from a
    // process of PM's, and is checked by the sender's label.
    internal static unsafe class SignalHandlers
    {
        public const string TerminalLabel = "tty";

        // The request's handler, or false when it is none of these.
        public static bool TryDispatch(Server server, ProcessRecord caller, Message* request, Message* reply, out int status)
        {
            status = Status.Ok;
            switch (request->Type)
            {
                case PmSignalRequest.SigAction: status = SigAction(caller, request, reply); return true;
                case PmSignalRequest.SigMask: status = SigMask(caller, request, reply); return true;
                case PmSignalRequest.TakeSignals: status = TakeSignals(caller, reply); return true;
                case PmSignalRequest.Alarm: status = Alarm(caller, request, reply); return true;
                case PmSignalRequest.Sleep: status = Sleep(caller, request, reply); return true;
                case PmSignalRequest.SetGroup: status = SetGroup(server, caller, request, reply); return true;
                case PmSignalRequest.GetGroup: status = GetGroup(caller, reply); return true;
                case PmSignalRequest.KillGroup: status = KillGroup(server, caller, request); return true;
                default: return false;
            }
        }

        // SigAction -- reads PmSignalAction Signal, Disposition.
        private static int SigAction(ProcessRecord caller, Message* request, Message* reply)
        {
            PmSignalAction action = *PmSignalAction.Of(request);
            int old = SignalRules.SetDisposition(caller, action.Signal, action.Disposition);
            if (old < 0)
                return old;
            PmSignalAction.Of(reply)->Signal = action.Signal;
            PmSignalAction.Of(reply)->Disposition = old;
            return Status.Ok;
        }

        // SigMask -- reads PmSignalMask How, Set.
        private static int SigMask(ProcessRecord caller, Message* request, Message* reply)
        {
            PmSignalMask mask = *PmSignalMask.Of(request);
            int status = SignalRules.SetMask(caller, mask.How, mask.Set, out uint old, out uint deliver, out int end);
            if (status != Status.Ok)
                return status;
            if (end != 0 && caller.Pid != ProcessTable.InitPid)
            {
                caller.SignalSent = end;
                if (Kernel.Kill(caller.Endpoint) == Status.Ok)
                    return Server.NoReply;
            }
            PmSignalMask.Of(reply)->Set = old;
            PmSignalMask.Of(reply)->Deliver = deliver;
            return Status.Ok;
        }

        // TakeSignals -- reads nothing.
        private static int TakeSignals(ProcessRecord caller, Message* reply)
        {
            PmSignalMask.Of(reply)->Deliver = SignalRules.Take(caller);
            return Status.Ok;
        }

        // Alarm -- reads PmTimer Milliseconds.
        private static int Alarm(ProcessRecord caller, Message* request, Message* reply)
        {
            long milliseconds = PmTimer.Of(request)->Milliseconds;
            if (milliseconds < 0 || milliseconds > 1_000_000_000)
                return Status.BadArgument;
            PmTimer.Of(reply)->Milliseconds = SignalDelivery.Timers.SetAlarm(caller.Pid, caller.Endpoint, milliseconds);
            return Status.Ok;
        }

        // Sleep -- reads PmTimer Milliseconds (< 0: until a signal). A caught
        // signal already waiting ends it before it starts.
        private static int Sleep(ProcessRecord caller, Message* request, Message* reply)
        {
            long milliseconds = PmTimer.Of(request)->Milliseconds;
            if (milliseconds > 1_000_000_000)
                return Status.BadArgument;
            if (SignalRules.HasDeliverable(caller))
            {
                PmTimer.Of(reply)->Milliseconds = milliseconds < 0 ? 0 : milliseconds;
                return SignalStatus.Interrupted;
            }
            if (milliseconds == 0)
                return Status.Ok;
            SignalDelivery.Timers.StartSleep(caller.Pid, caller.Endpoint, milliseconds);
            return Server.NoReply;
        }

        // SetGroup -- reads PmProcessGroup Pid, Group.
        private static int SetGroup(Server server, ProcessRecord caller, Message* request, Message* reply)
        {
            PmProcessGroup group = *PmProcessGroup.Of(request);
            int status = SignalRules.SetGroup(server.Table, caller, group.Pid, group.Group, out ProcessRecord? target);
            if (status != Status.Ok)
                return status;
            PmProcessGroup.Of(reply)->Pid = target!.Pid;
            PmProcessGroup.Of(reply)->Group = target.Group;
            return Status.Ok;
        }

        // GetGroup -- reads nothing.
        private static int GetGroup(ProcessRecord caller, Message* reply)
        {
            PmProcessGroup.Of(reply)->Pid = caller.Pid;
            PmProcessGroup.Of(reply)->Group = caller.Group;
            return Status.Ok;
        }

        // KillGroup -- reads PmProcessGroup Group, Signal: Kill's rules for
        // each member.
        private static int KillGroup(Server server, ProcessRecord caller, Message* request)
        {
            PmProcessGroup group = *PmProcessGroup.Of(request);
            if (group.Group <= 0 || !Signals.IsValid(group.Signal))
                return Status.BadArgument;
            int found = 0, allowed = 0;
            int[] pids = Members(server.Table, group.Group);
            for (int i = 0; i < pids.Length; i++)
            {
                found++;
                int status = server.Table.Kill(caller, pids[i], group.Signal, out ProcessRecord? target, out KillAction action);
                if (status != Status.Ok || target == null)
                    continue;
                allowed++;
                SignalDelivery.Act(target, action, caller);
            }
            if (found == 0)
                return PmStatus.NoSuchProcess;
            return allowed == 0 ? Status.NotAllowed : Status.Ok;
        }

        // TerminalSignal -- from TTY only, reads PmProcessGroup Group,
        // Signal. Never answered (TTY sent it without waiting).
        public static int FromTerminal(Server server, Message* request)
        {
            if (Kernel.LabelOf(request->Source) != TerminalLabel)
                return Server.NoReply;
            PmProcessGroup group = *PmProcessGroup.Of(request);
            if (group.Group <= 0 || !Signals.IsValid(group.Signal) || group.Signal == 0)
                return Server.NoReply;
            int[] pids = Members(server.Table, group.Group);
            for (int i = 0; i < pids.Length; i++)
            {
                ProcessRecord? target = server.Table.ByPid(pids[i]);
                if (target != null)
                    SignalDelivery.Raise(target, group.Signal);
            }
            return Server.NoReply;
        }

        // The live members' pids, taken before any of them is acted on.
        private static int[] Members(ProcessTable table, int group)
        {
            int count = 0;
            for (int i = 0; i < table.Count; i++)
            {
                if (table[i].Group == group && !table[i].Zombie)
                    count++;
            }
            var pids = new int[count];
            count = 0;
            for (int i = 0; i < table.Count; i++)
            {
                if (table[i].Group == group && !table[i].Zombie)
                    pids[count++] = table[i].Pid;
            }
            return pids;
        }
    }
}
