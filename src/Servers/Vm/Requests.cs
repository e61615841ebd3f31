using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vm
{
    // One method per request (src/Lib/Ipc/VmMessages.cs). Each first asks
    // the kernel for the requester's table (VmCtl Query): its Fork, Exec or
    // Brk bit says whether it may ask, its quota how much. A refused request
    // changes nothing: what was built for it is discarded.
    internal static unsafe class Requests
    {
        private const ulong PageSize = Loading.PageSize;

        private static bool Allows(in VmQuery table, KernelCall call) => (table.KernelCalls & (1UL << (int)call)) != 0;

        private static int Permit(int requester, KernelCall call)
        {
            int status = Kernel.Query(requester, 0, out VmQuery table);
            return status != Status.Ok ? status : Allows(table, call) ? Status.Ok : Status.NotAllowed;
        }

        // Brk — reads VmBrkRequest.Bytes; replies VmBrkReply.Address.
        public static int Brk(int requester, Message* request, Message* reply)
        {
            int status = Permit(requester, KernelCall.Brk);
            if (status != Status.Ok)
                return status;
            status = Grow(requester, VmBrkRequest.Of(request)->Bytes, out ulong address);
            VmBrkReply.Of(reply)->Address = (long)address;
            return status;
        }

        // `bytes` of zeroed read-write memory at the end of `target`'s
        // highest owned range (its image, or its last growth).
        public static int Grow(int target, long bytes, out ulong address)
        {
            address = 0;
            if (bytes <= 0 || bytes > VmLimits.MaxBrk || (bytes & (long)(PageSize - 1)) != 0)
                return Status.BadArgument;
            int status = Kernel.Query(target, 0, out VmQuery table);
            if (status != Status.Ok)
                return status;
            if (((ulong)table.PagesOwned + (ulong)bytes / PageSize + Loading.KernelStackPages) * PageSize > table.Quota)
                return Status.NoMemory;
            ulong end = 0;
            for (int i = 0; i < table.RangeCount; i++)
            {
                if ((status = Kernel.Query(target, i, out VmQuery range)) != Status.Ok)
                    return status;
                // DMA memory lies far above the image: the heap grows after the image's ranges.
                if ((ulong)range.RangeEnd > end && (ulong)range.RangeStart < DmaWindow.Base)
                    end = (ulong)range.RangeEnd;
            }
            if (end == 0)
                return Status.BadArgument;
            status = Kernel.Map(target, end, (ulong)bytes, VmRights.Writable, Endpoint.None.Value, 0, 0, 0);
            if (status == Status.Ok)
                address = end;
            return status;
        }

        // Exec — reads VmExecRequest: Target's image replaced by the one in
        // the requester's memory, in a staged space swapped in at the end.
        public static int Exec(int requester, Message* request)
        {
            int status = Permit(requester, KernelCall.Exec);
            if (status != Status.Ok)
                return status;
            VmExecRequest* exec = VmExecRequest.Of(request);
            int target = exec->Target;
            if (target == requester || target == Endpoint.MemoryManager.Value)
                return Status.BadArgument;
            ulong image = (ulong)exec->Image;
            if ((status = Loading.Parse(requester, image, (ulong)exec->Length, out ElfImage elf)) != Status.Ok)
                return status;
            if ((status = Kernel.Query(target, 0, out VmQuery table)) != Status.Ok)
                return status;
            if (!Loading.FitsQuota(elf, table.Quota))
                return Status.NoMemory;
            if ((status = Kernel.Process(VmCtlOperation.NewSpace, target)) != Status.Ok)
                return status;
            status = Loading.MapSegments(elf, target, VmRights.Staged, requester, image);
            if (status != Status.Ok)
            {
                Kernel.Process(VmCtlOperation.Discard, target);
                return status;
            }
            status = Kernel.Process(VmCtlOperation.Commit, target, 0, elf.Entry);
            if (status == Status.Ok)
                DeviceWindows.Forget(target);
            return status;
        }

        // Spawn — reads VmSpawnRequest; replies VmEndpointReply: a new
        // process from the table, loaded, then started.
        public static int Spawn(int requester, Message* request, Message* reply)
        {
            int status = Permit(requester, KernelCall.Exec);
            if (status != Status.Ok)
                return status;
            VmSpawnRequest* spawn = VmSpawnRequest.Of(request);
            ulong image = (ulong)spawn->Image;
            if ((status = Loading.Parse(requester, image, (ulong)spawn->Length, out ElfImage elf)) != Status.Ok)
                return status;
            if (spawn->TableLength <= 0 || spawn->TableLength > VmLimits.MaxTable)
                return Status.BadArgument;
            int child = 0;
            status = Kernel.Process(VmCtlOperation.NewProcess, ref child, requester, 0, (ulong)spawn->Table, (ulong)spawn->TableLength);
            if (status != Status.Ok)
                return status;
            if ((status = Kernel.Query(child, 0, out VmQuery table)) == Status.Ok && !Loading.FitsQuota(elf, table.Quota))
                status = Status.NoMemory;
            if (status == Status.Ok)
                status = Loading.MapSegments(elf, child, 0, requester, image);
            if (status == Status.Ok)
                status = Kernel.Process(VmCtlOperation.Commit, child, 0, elf.Entry);
            if (status != Status.Ok)
            {
                Kernel.Process(VmCtlOperation.Discard, child);
                return status;
            }
            VmEndpointReply.Of(reply)->Endpoint = child;
            return Status.Ok;
        }

        // Fork — reads VmForkRequest.Parent; replies VmEndpointReply: a
        // stopped copy of the parent's slot, then each range the parent
        // owns copied into it with the same rights.
        public static int Fork(int requester, Message* request, Message* reply)
        {
            int status = Permit(requester, KernelCall.Fork);
            if (status != Status.Ok)
                return status;
            int parent = VmForkRequest.Of(request)->Parent;
            if (parent == requester || parent == Endpoint.MemoryManager.Value)
                return Status.BadArgument;
            if ((status = Kernel.Query(parent, 0, out VmQuery first)) != Status.Ok)
                return status;
            int child = 0;
            if ((status = Kernel.Process(VmCtlOperation.ForkProcess, ref child, parent, 0, 0, 0)) != Status.Ok)
                return status;
            for (int i = 0; i < first.RangeCount && status == Status.Ok; i++)
            {
                if ((status = Kernel.Query(parent, i, out VmQuery range)) != Status.Ok)
                    break;
                ulong start = (ulong)range.RangeStart, length = (ulong)(range.RangeEnd - range.RangeStart);
                status = Kernel.Map(child, start, length, range.RangeRights, parent, start, start, length);
            }
            if (status != Status.Ok)
            {
                Kernel.Process(VmCtlOperation.Discard, child);
                return status;
            }
            VmEndpointReply.Of(reply)->Endpoint = child;
            return Status.Ok;
        }
    
        // MapDevice — reads VmDeviceRequest; replies VmDeviceReply.Address:
        // the next free part of the requester's device window. The kernel
        // checks the range against the requester's table.
        public static int MapDevice(int requester, Message* request, Message* reply)
        {
            int status = Permit(requester, KernelCall.UMap);
            if (status != Status.Ok)
                return status;
            ulong physical = (ulong)VmDeviceRequest.Of(request)->Physical, length = (ulong)VmDeviceRequest.Of(request)->Length;
            if (length == 0 || ((physical | length) & (PageSize - 1)) != 0)
                return Status.BadArgument;
            ulong used = DeviceWindows.Used(requester);
            if (length > DeviceWindows.Size - used)
                return Status.NoMemory;
            ulong address = DeviceWindows.Base + used;
            status = Kernel.MapDevice(requester, address, physical, length);
            if (status != Status.Ok)
                return status;
            DeviceWindows.Add(requester, length);
            VmDeviceReply.Of(reply)->Address = (long)address;
            return Status.Ok;
        }

        // Dma — reads VmDmaRequest.Bytes; replies VmDmaReply: physically
        // contiguous memory right after the requester's last DMA range (its
        // owned ranges in DmaWindow, read off the kernel's tables: a new
        // process or image starts with none), within its quota.
        public static int Dma(int requester, Message* request, Message* reply)
        {
            int status = Permit(requester, KernelCall.Dma);
            if (status != Status.Ok)
                return status;
            long bytes = VmDmaRequest.Of(request)->Bytes;
            if (bytes <= 0 || bytes > VmLimits.MaxDma || (bytes & (long)(PageSize - 1)) != 0)
                return Status.BadArgument;
            if ((status = Kernel.Query(requester, 0, out VmQuery table)) != Status.Ok)
                return status;
            if (((ulong)table.PagesOwned + (ulong)bytes / PageSize + Loading.KernelStackPages) * PageSize > table.Quota)
                return Status.NoMemory;
            ulong address = DmaWindow.Base;
            for (int i = 0; i < table.RangeCount; i++)
            {
                if ((status = Kernel.Query(requester, i, out VmQuery range)) != Status.Ok)
                    return status;
                if ((ulong)range.RangeStart >= DmaWindow.Base && (ulong)range.RangeEnd > address)
                    address = (ulong)range.RangeEnd;
            }
            if (address + (ulong)bytes > DmaWindow.Base + DmaWindow.Size)
                return Status.NoMemory;
            if ((status = Kernel.MapContiguous(requester, address, (ulong)bytes, out ulong physical)) != Status.Ok)
                return status;
            VmDmaReply.Of(reply)->Address = (long)address;
            VmDmaReply.Of(reply)->Physical = (long)physical;
            return Status.Ok;
        }
    }
}
