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

        // PrivAdd (PrivAddMessage) — one I/O range, memory range or IRQ line
        // added to Target's record: pci hands a driver its device's BARs and
        // line this way (which device, and whether the driver's policy names
        // it, is pci's judgement). In the record, so it ends with the
        // process. Checked as a table's record is, on a copy: an entry past
        // a full array lands inside the copy and its count fails Valid.
        internal static int Add(PrivAddMessage* request)
        {
            Process? target = KernelServices.Processes.Lookup(new Endpoint(request->Target));
            if (target == null)
                return Status.DeadEndpoint;
            KernelPrivilege k = target.Privilege.Record;
            ulong first = request->First, last = request->Last;
            if (request->Kind == PrivAddMessage.Io && first <= last && last <= ushort.MaxValue)
            {
                k.IoFirst[k.IoRangeCount] = (ushort)first;
                k.IoLast[k.IoRangeCount++] = (ushort)last;
            }
            else if (request->Kind == PrivAddMessage.Memory)
            {
                k.MemoryBase[k.MemoryRangeCount] = first;
                k.MemoryLength[k.MemoryRangeCount++] = last - first + 1;   // first > last wraps: not Valid
            }
            else if (request->Kind == PrivAddMessage.Irq && first == last && last < 16)
                k.Irqs[k.IrqCount++] = (byte)first;
            else
                return Status.BadArgument;
            if (!PrivilegeReader.Valid(&k))
                return Status.BadArgument;
            target.Privilege.Record = k;
            return Status.Ok;
        }
    }
}
