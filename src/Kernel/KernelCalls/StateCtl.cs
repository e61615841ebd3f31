using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // StateCtl — reads Word0 (target endpoint), Word1 (Stop or Resume).
    // A stopped process keeps its state and messages but is never scheduled
    // (RS uses this around a live update).
    internal static unsafe class StateCtl
    {
        internal static int Handle(Process caller, Message* message)
        {
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
