using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // VmCtl — the memory manager's primitives (src/Lib/Ipc/VmCtlMessages.cs):
    // reads VmMapRequest, VmQuery or VmProcessRequest by Operation. vm holds
    // the policy (ELF layout, quotas, what a fork copies, where a heap
    // grows); the kernel checks only what keeps it and the other processes
    // safe: user addresses, unmapped targets, readable sources.
    internal static unsafe partial class VmCtl
    {
        private const ulong PageSize = 4096;

        internal static int Handle(Process caller, Message* message)
        {
            int operation = *(int*)message->Payload;
            // Target lies at the same offset in every request; the operations
            // that act on one need it alive.
            Process? target = KernelServices.Processes.Lookup(new Endpoint(VmProcessRequest.Of(message)->Target));
            if (target == null && operation is >= VmCtlOperation.Map and <= VmCtlOperation.Discard or VmCtlOperation.MapDevice)
                return Status.DeadEndpoint;
            return operation switch
            {
                VmCtlOperation.Map => Map(target!, VmMapRequest.Of(message)),
                VmCtlOperation.Query => Query(target!, VmQuery.Of(message)),
                VmCtlOperation.NewSpace => NewSpace(target!),
                VmCtlOperation.Commit => Commit(target!, VmProcessRequest.Of(message)),
                VmCtlOperation.Discard => Discard(target!),
                VmCtlOperation.NewProcess => NewProcess(VmProcessRequest.Of(message)),
                VmCtlOperation.ForkProcess => ForkProcess(VmProcessRequest.Of(message)),
                VmCtlOperation.Copy => Copy(caller, VmMapRequest.Of(message)),
                VmCtlOperation.MapDevice => MapDevice(target!, VmMapRequest.Of(message)),
                _ => Status.BadArgument,
            };
        }

        private static int Map(Process target, VmMapRequest* request)
        {
            int rights = request->Rights;
            AddressSpace? space = (rights & VmRights.Staged) != 0 ? KernelServices.Host.StagedOf(target) : KernelServices.Host.SpaceOf(target);
            if (space == null || (rights & ~(VmRights.Writable | VmRights.Executable | VmRights.Staged | VmRights.Contiguous)) != 0)
                return Status.BadArgument;
            ulong address = (ulong)request->Address, length = (ulong)request->Length;
            ulong copyTo = (ulong)request->CopyTo, copyLength = (ulong)request->CopyLength;
            AddressSpace? source = null;
            if (request->Source != Endpoint.None.Value)
            {
                Process? from = KernelServices.Processes.Lookup(new Endpoint(request->Source));
                if (from == null)
                    return Status.DeadEndpoint;
                source = KernelServices.Host.SpaceOf(from);
                if (source == null || copyTo < address || copyLength > length || copyTo - address > length - copyLength)
                    return Status.BadArgument;
                if (!source.IsUserRange((ulong)request->SourceAddress, copyLength, false))
                    return Status.BadAddress;
            }
            PageFlags flags = ((rights & VmRights.Writable) != 0 ? PageFlags.Writable : PageFlags.None)
                | ((rights & VmRights.Executable) != 0 ? PageFlags.None : PageFlags.NoExecute);
            MapResult result = (rights & VmRights.Contiguous) != 0 ? space.MapContiguous(address, length, flags) : space.MapFresh(address, length, flags);
            // Checked above: the source is readable and the copy lies in the new range.
            if (result == MapResult.Success && source != null)
                space.FillFrom(source, (ulong)request->SourceAddress, copyTo, copyLength);
            if ((rights & VmRights.Contiguous) != 0 && space.Translate(address, out ulong physical, out _))
                request->Physical = (long)physical;   // DMA memory: where the device finds it
            return StatusOf(result);
        }

        private static int StatusOf(MapResult result) =>
            result == MapResult.Success ? Status.Ok : result == MapResult.OutOfMemory ? Status.NoMemory : Status.BadArgument;

        // vm reading a requester's image headers: checked on both sides.
        private static int Copy(Process caller, VmMapRequest* request)
        {
            Process? from = KernelServices.Processes.Lookup(new Endpoint(request->Source));
            if (from == null)
                return Status.DeadEndpoint;
            return KernelServices.Host.CopyBetween(from, (ulong)request->SourceAddress, caller, (ulong)request->CopyTo, (ulong)request->CopyLength)
                ? Status.Ok : Status.BadAddress;
        }

        // Device memory: where is vm's choice, what is the target's table's.
        private static int MapDevice(Process target, VmMapRequest* request)
        {
            ulong physical = (ulong)request->SourceAddress, length = (ulong)request->Length, address = (ulong)request->Address;
            if (length == 0 || ((physical | length | address) & (PageSize - 1)) != 0)
                return Status.BadArgument;
            if (!target.Privilege.AllowsMemory(physical, length))
            {
                Denied.Log(target, "memory", physical);
                return Status.NotAllowed;
            }
            AddressSpace? space = KernelServices.Host.SpaceOf(target);
            MapResult result = space == null ? MapResult.InvalidArgument : space.MapDevice(address, physical, length);
            if (result == MapResult.Success && physical <= VgaText.Physical && VgaText.Physical < physical + length)
                VgaText.HandOver();
            return StatusOf(result);
        }

        private static int Query(Process target, VmQuery* query)
        {
            AddressSpace? space = KernelServices.Host.SpaceOf(target);
            if (space == null)
                return Status.BadArgument;
            query->Quota = target.Privilege.Record.MemoryQuota;
            query->KernelCalls = target.Privilege.Record.KernelCalls;
            query->PagesOwned = (int)space.PagesOwned;
            query->RangeCount = space.Ranges(query->Index, out ulong start, out ulong end, out PageFlags flags);
            query->RangeStart = (long)start;
            query->RangeEnd = (long)end;
            query->RangeRights = ((flags & PageFlags.Writable) != 0 ? VmRights.Writable : 0)
                | (end > start && (flags & PageFlags.NoExecute) == 0 ? VmRights.Executable : 0);
            return Status.Ok;
        }
    }
}
