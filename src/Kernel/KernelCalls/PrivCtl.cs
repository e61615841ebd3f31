using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // PrivCtl (PrivCtlMessage) — replaces the target's privileges with a
    // table's Kernel record (RS installs a restarted component's table this
    // way, PM a program's). The record is checked completely before anything
    // changes; a bad one leaves the target as it was.
    internal static unsafe class PrivCtl
    {
        private static readonly Privilege s_scratch = new Privilege();

        internal static int Handle(Process caller, PrivCtlMessage* request)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint((int)request->Target));
            if (target == null)
                return Status.DeadEndpoint;
            int status = PrivilegeReader.ReadFrom(caller, (ulong)request->Table, request->Length, s_scratch);
            if (status != Status.Ok)
                return status;
            target.Privilege.Record = s_scratch.Record;
            ProcessLoader.ResolveTargets(target);   // the new record's targets, both ways
            KernelServices.Scheduler.ApplyPrivilege(target);
            return Status.Ok;
        }
    }
}
