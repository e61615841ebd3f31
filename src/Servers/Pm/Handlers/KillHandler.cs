using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Pm.Table;

namespace Minix3.Cosmos.Servers.Pm.Handlers
{
    // Kill -- PmKillRequest: Pid, Signal. A signal whose action
    // is to end the process becomes the Kill kernel call; the kernel's
    // report then arrives as "killed" and the status is 128 + the signal.
    // Pids PM did not give (boot components) are not PM's to signal, and
    // only root signals another user's processes.
    internal static unsafe class KillHandler
    {
        public static int Handle(Server server, ProcessRecord caller, Message* request)
        {
            long pid = PmKillRequest.Of(request)->Pid;
            long signal = PmKillRequest.Of(request)->Signal;
            if (pid <= 0 || pid > ProcessTable.MaxPid || signal < 0 || signal > PmLimits.MaxSignal)
                return Status.BadArgument;
            int status = server.Table.Kill(caller, (int)pid, (int)signal, out ProcessRecord? target, out KillAction action);
            if (status != Status.Ok || target == null)
                return status;
            return Signalling.SignalDelivery.Act(target, action, caller);
        }
    }
}
