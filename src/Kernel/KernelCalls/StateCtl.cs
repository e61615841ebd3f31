using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // StateCtl (StateCtlMessage) — Stop or Resume Target. A stopped
    // process keeps its state and messages but is never scheduled (RS uses
    // this around a live update). PowerOff (with the run's ExitStatus) and
    // Reboot end the whole system: PM's shutdown, after the file systems
    // are synced; Target is not used.
    internal static unsafe class StateCtl
    {
        internal static int Handle(Process caller, StateCtlMessage* message)
        {
            if (message->Operation == StateCtlMessage.PowerOff)
            {
                Arch.X64.Power.PowerOff(message->ExitStatus == 0 ? Arch.X64.Power.StatusSuccess : Arch.X64.Power.StatusFailure);
                return Status.Ok;
            }
            if (message->Operation == StateCtlMessage.Reboot)
            {
                Arch.X64.Power.Reboot();
                return Status.Ok;
            }
            Process? target = KernelServices.Processes.Lookup(new Endpoint(message->Target));
            if (target == null)
                return Status.DeadEndpoint;
            if (target == caller)
                return Status.BadArgument;
            if (message->Operation == StateCtlMessage.Stop)
            {
                if (!target.IsStopped)
                    KernelServices.Scheduler.Block(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            if (message->Operation == StateCtlMessage.Resume)
            {
                if (target.IsStopped)
                    KernelServices.Scheduler.Unblock(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            return Status.BadArgument;
        }
    }
}
