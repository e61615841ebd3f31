using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // VmCtl's process operations (VmProcessRequest): the slots and address
    // spaces vm fills with Map. A process vm creates stays stopped until
    // Commit (spawn) or its requester's StateCtl (fork); until it has run,
    // Discard undoes it without a trace.
    internal static unsafe partial class VmCtl
    {
        private static int NewSpace(Process target)
        {
            KernelServices.Host.TakeStaged(target)?.Destroy();
            AddressSpace? space = ProcessLoader.NewSpace();
            if (space == null)
                return Status.NoMemory;
            KernelServices.Host.Stage(target, space);
            return Status.Ok;
        }

        // Exec (a staged space): the old image, its pending trap, grants,
        // exception entry and device windows go; the new one runs from Entry.
        // Spawn (none staged): the new process runs.
        private static int Commit(Process target, VmProcessRequest* request)
        {
            AddressSpace? staged = KernelServices.Host.TakeStaged(target);
            if (staged == null)
            {
                if (target.QuantumTicks != 0)
                    return Status.BadArgument;
                ProcessLoader.Run(target, (ulong)request->Entry);
                return Status.Ok;
            }
            KernelServices.Ipc.AbandonTrap(target);
            target.ReleaseImage();
            KernelServices.Host.Detach(target)?.Destroy();
            KernelServices.Host.Attach(target, staged);
            target.AddressSpaceRoot = staged.Root;
            ProcessLoader.PrepareFirstFrame((InterruptFrame*)target.SavedFrame, (ulong)request->Entry);
            KernelServices.Scheduler.Unblock(target, ProcessFlags.Stopped);
            return Status.Ok;
        }

        private static int Discard(Process target)
        {
            AddressSpace? staged = KernelServices.Host.TakeStaged(target);
            if (staged != null)
                staged.Destroy();
            else if (target.QuantumTicks == 0 && target.IsStopped)
                ProcessLoader.Discard(target);
            else
                return Status.BadArgument;
            return Status.Ok;
        }

        private static readonly Privilege s_table = new Privilege();

        private static int NewProcess(VmProcessRequest* request)
        {
            Process? holder = KernelServices.Processes.Lookup(new Endpoint(request->Source));
            if (holder == null)
                return Status.DeadEndpoint;
            int status = PrivilegeReader.ReadFrom(holder, (ulong)request->Table, request->TableLength, s_table);
            if (status != Status.Ok)
                return status;
            Process? process = ProcessLoader.Create(s_table, -1, forked: false);
            if (process == null)
                return Status.NoMemory;
            request->Target = process.Endpoint.Value;
            return Status.Ok;
        }

        // The child: the parent's privileges, ids, registers (its pending
        // trap returns 0), the receive it is blocked in, its grant table
        // and exception entry; an empty address space.
        private static int ForkProcess(VmProcessRequest* request)
        {
            Process? parent = KernelServices.Processes.Lookup(new Endpoint(request->Source));
            if (parent == null)
                return Status.DeadEndpoint;
            Process? child = ProcessLoader.Create(parent.Privilege, -1, forked: true);
            if (child == null)
                return Status.NoMemory;
            Buffer.MemoryCopy((void*)parent.SavedFrame, (void*)child.SavedFrame, InterruptFrame.Size, InterruptFrame.Size);
            ((InterruptFrame*)child.SavedFrame)->Rax = 0;
            child.UserId = parent.UserId;
            child.GroupId = parent.GroupId;
            KernelServices.Ipc.InheritReceive(child, parent);
            // Its memory will be a copy of the parent's, grant table included at the
            // same address: it grants what the parent did (as MINIX's fork does).
            child.FaultEntry = parent.FaultEntry;
            child.GrantTable = parent.GrantTable;
            child.GrantCount = parent.GrantCount;
            ProcessLoader.ResolveTargets(child);
            request->Target = child.Endpoint.Value;
            return Status.Ok;
        }
    }
}
