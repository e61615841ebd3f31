using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Kill (KillMessage) — ends Target as "killed";
    // its signal manager gets the defect report. A process may not kill
    // itself this way (that is Exit).
    internal static unsafe class Kill
    {
        internal static int Handle(Process caller, KillMessage* message)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint(message->Target));
            if (target == null)
                return Status.DeadEndpoint;
            if (target == caller)
                return Status.BadArgument;
            Termination.End(target, DefectClass.Killed, 0, caller.Endpoint.Value);
            return Status.Ok;
        }
    }
}
