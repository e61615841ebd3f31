using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Typed wrappers over the kernel calls a driver uses. Each returns the
    // call's Status; layouts are in src/Lib/Ipc/KernelCallMessages.cs.
    public static unsafe class Devices
    {
        public static int In(ushort port, int width, out uint value)
        {
            Message message = default;
            DevIoMessage* request = DevIoMessage.Of(&message);
            request->Port = port;
            request->Width = width;
            request->Direction = DevIoMessage.In;
            int status = Ipc.KernelCall(KernelCall.DevIo, &message);
            value = (uint)request->Value;
            return status;
        }

        public static int Out(ushort port, int width, uint value)
        {
            Message message = default;
            DevIoMessage* request = DevIoMessage.Of(&message);
            request->Port = port;
            request->Width = width;
            request->Direction = DevIoMessage.Out;
            request->Value = value;
            return Ipc.KernelCall(KernelCall.DevIo, &message);
        }

        public static int IrqControl(int operation, int line)
        {
            Message message = default;
            IrqCtlMessage* request = IrqCtlMessage.Of(&message);
            request->Operation = operation;
            request->Line = line;
            return Ipc.KernelCall(KernelCall.IrqCtl, &message);
        }

        // Device memory the caller's table lists (`memory`), mapped uncached
        // by the memory manager (the umap bit); `address` is where.
        public static int Map(ulong physical, ulong length, out ulong address)
        {
            address = 0;
            Message message = default;
            message.Type = VmRequest.MapDevice;
            VmDeviceRequest* request = VmDeviceRequest.Of(&message);
            request->Physical = (long)physical;
            request->Length = (long)length;
            int status = Ipc.SendRec(Endpoint.MemoryManager, &message);
            if (status != Status.Ok)
                return status;
            if (message.Type == Status.Ok)
                address = (ulong)VmDeviceReply.Of(&message)->Address;
            return message.Type;
        }

        // DMA memory for the device the caller holds (claim it from pci
        // first): `bytes` (a multiple of 4096, at most IommuLimits.MaxDma)
        // of pinned memory that is one physical run, mapped read-write at
        // `address`; the device reaches it at `physical`. It comes from the
        // IOMMU manager (IommuMessages.cs), which maps it into the device's
        // domain and keeps the frames when the caller ends: zeroed, except
        // that a restarted driver of the same device gets its predecessor's
        // buffers back as they were (a device still running on the old
        // rings lands in them; the driver programs its rings again). In a
        // system without iommu it is vm's (the dma bit; AllocatePinned).
        public static int AllocateDma(ulong bytes, out ulong address, out ulong physical)
        {
            address = physical = 0;
            if (!IommuClient.Present)
                return AllocatePinned(bytes, out address, out physical);
            int status = IommuClient.Dma(IommuDmaRequest.OnlyDevice, bytes, out physical, out _);
            if (status != Status.Ok)
                return status;
            return Map(physical, bytes, out address);
        }

        // Pinned memory from vm (the dma bit; VmMessages.cs VmDmaRequest):
        // `bytes` (a multiple of 4096, at most VmLimits.MaxDma) of zeroed
        // memory that is one physical run, mapped read-write at `address`,
        // at `physical` for a device. Counted against the caller's quota
        // and freed when it ends: the IOMMU manager's own memory, which it
        // lends to drivers (a driver's own would be freed under a device
        // still writing to it when the driver dies).
        public static int AllocatePinned(ulong bytes, out ulong address, out ulong physical)
        {
            address = physical = 0;
            Message message = default;
            message.Type = VmRequest.Dma;
            VmDmaRequest.Of(&message)->Bytes = (long)bytes;
            int status = Ipc.SendRec(Endpoint.MemoryManager, &message);
            if (status != Status.Ok)
                return status;
            if (message.Type == Status.Ok)
            {
                address = (ulong)VmDmaReply.Of(&message)->Address;
                physical = (ulong)VmDmaReply.Of(&message)->Physical;
            }
            return message.Type;
        }

        public static int SetAlarm(long milliseconds)
        {
            Message message = default;
            SetAlarmMessage.Of(&message)->Milliseconds = milliseconds;
            return Ipc.KernelCall(KernelCall.SetAlarm, &message);
        }

        // Waits for an alarm milliseconds from now. Other kernel messages
        // arriving meanwhile (defect reports, IRQ notifications) are
        // consumed, so this is for components that expect none.
        public static int Sleep(long milliseconds)
        {
            if (milliseconds <= 0)
                return Status.Ok;
            int status = SetAlarm(milliseconds);
            if (status != Status.Ok)
                return status;
            Message message;
            while (true)
            {
                status = Ipc.Receive(Endpoint.Kernel, &message);
                if (status != Status.Ok)
                    return status;
                if (message.Type == KernelMessageType.Notification && NotificationMessage.Of(&message)->Alarm != 0)
                    return Status.Ok;
            }
        }
    }

    // The grant table a component publishes, and safe copies through others'
    // grants. The table lives in the component's memory (a fixed array
    // allocated once); revoking bumps the entry's sequence so old ids fail.
    public static unsafe class Grants
    {
        public static int Publish(GrantEntry* table, int count)
        {
            Message message = default;
            SetGrantMessage* request = SetGrantMessage.Of(&message);
            request->Table = (long)table;
            request->Count = count;
            return Ipc.KernelCall(KernelCall.SetGrant, &message);
        }

        public static int CopyFrom(Endpoint granter, GrantId grant, ulong offset, void* destination, ulong length) =>
            Copy(KernelCall.SafeCopyFrom, granter, grant, offset, destination, length);

        public static int CopyTo(Endpoint granter, GrantId grant, ulong offset, void* source, ulong length) =>
            Copy(KernelCall.SafeCopyTo, granter, grant, offset, source, length);

        private static int Copy(KernelCall call, Endpoint granter, GrantId grant, ulong offset, void* local, ulong length)
        {
            Message message = default;
            SafeCopyMessage* request = SafeCopyMessage.Of(&message);
            request->Granter = granter.Value;
            request->Grant = grant.Value;
            request->Offset = (long)offset;
            request->Local = (long)local;
            request->Length = (long)length;
            return Ipc.KernelCall(call, &message);
        }
    }

    // A new process from a program image and a compiled privilege table,
    // running at once: the memory manager's Spawn (VmMessages.cs; the
    // requester's table needs the exec bit). RS starts and restarts
    // components this way, PM a recovery script's shell.
    public static unsafe class ProcessControl
    {
        public static int Spawn(byte[]? image, byte[] table, out int endpoint)
        {
            endpoint = 0;
            if (image == null || image.Length == 0)
                return Status.BadArgument;
            fixed (byte* bytes = image)
            fixed (byte* privileges = table)
            {
                Message message = default;
                message.Type = VmRequest.Spawn;
                VmSpawnRequest* request = VmSpawnRequest.Of(&message);
                request->Image = (long)bytes;
                request->Length = image.Length;
                request->Table = (long)privileges;
                request->TableLength = table.Length;
                int status = Ipc.SendRec(Endpoint.MemoryManager, &message);
                if (status != Status.Ok)
                    return status;
                if (message.Type == Status.Ok)
                    endpoint = VmEndpointReply.Of(&message)->Endpoint;
                return message.Type;
            }
        }

        // A stopped copy of `parent` (the requester's table needs the fork bit).
        public static int Fork(int parent, out int child)
        {
            Message message = default;
            message.Type = VmRequest.Fork;
            VmForkRequest.Of(&message)->Parent = parent;
            int status = Ipc.SendRec(Endpoint.MemoryManager, &message);
            if (status == Status.Ok)
                status = message.Type;
            child = status == Status.Ok ? VmEndpointReply.Of(&message)->Endpoint : 0;
            return status;
        }

        // `target` runs `image` from its entry (the exec bit).
        public static int Exec(int target, byte[] image)
        {
            fixed (byte* bytes = image)
            {
                Message message = default;
                message.Type = VmRequest.Exec;
                VmExecRequest* request = VmExecRequest.Of(&message);
                request->Target = target;
                request->Image = (long)bytes;
                request->Length = image.Length;
                int status = Ipc.SendRec(Endpoint.MemoryManager, &message);
                return status == Status.Ok ? message.Type : status;
            }
        }
    }
}
