using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // StateCtl — reads Word0 (target endpoint), Word1 (Stop or Resume).
    // A stopped process keeps its state and messages but is never scheduled
    // (RS uses this around a live update). Word1 PowerOff (Word2 the exit
    // status the run ends with) and Reboot end the whole system: PM's
    // shutdown, after the file systems are synced; Word0 is not used.
    internal static unsafe class StateCtl
    {
        internal static int Handle(Process caller, Message* message)
        {
            if (message->Word1 == StateCtlMessage.PowerOff)
            {
                Arch.X64.Power.PowerOff(message->Word2 == 0 ? Arch.X64.Power.StatusSuccess : Arch.X64.Power.StatusFailure);
                return Status.Ok;
            }
            if (message->Word1 == StateCtlMessage.Reboot)
            {
                Arch.X64.Power.Reboot();
                return Status.Ok;
            }
            Process? target = KernelServices.Processes.Lookup(new Endpoint((int)message->Word0));
            if (target == null)
                return Status.DeadEndpoint;
            if (target == caller)
                return Status.BadArgument;
            if (message->Word1 == StateCtlMessage.Stop)
            {
                if (!target.IsStopped)
                    KernelServices.Scheduler.Block(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            if (message->Word1 == StateCtlMessage.Resume)
            {
                if (target.IsStopped)
                    KernelServices.Scheduler.Unblock(target, ProcessFlags.Stopped);
                return Status.Ok;
            }
            return Status.BadArgument;
        }
    }
}
