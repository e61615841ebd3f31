using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vm
{
    // The VmCtl kernel calls vm makes (layouts in
    // src/Lib/Ipc/VmCtlMessages.cs), each returning the call's status.
    internal static unsafe class Kernel
    {
        public static int Map(int target, ulong address, ulong length, int rights, int source, ulong sourceAddress, ulong copyTo, ulong copyLength)
        {
            Message message = default;
            VmMapRequest* request = VmMapRequest.Of(&message);
            request->Operation = VmCtlOperation.Map;
            request->Target = target;
            request->Address = (long)address;
            request->Length = (long)length;
            request->Rights = rights;
            request->Source = source;
            request->SourceAddress = (long)sourceAddress;
            request->CopyTo = (long)copyTo;
            request->CopyLength = (long)copyLength;
            return Ipc.KernelCall(KernelCall.VmCtl, &message);
        }

        // Fresh zeroed frames at `address` in `target` that are one
        // physical run starting at `physical` (DMA memory).
        public static int MapContiguous(int target, ulong address, ulong length, out ulong physical)
        {
            Message message = default;
            VmMapRequest* request = VmMapRequest.Of(&message);
            request->Operation = VmCtlOperation.Map;
            request->Target = target;
            request->Address = (long)address;
            request->Length = (long)length;
            request->Rights = VmRights.Writable | VmRights.Contiguous;
            request->Source = Endpoint.None.Value;
            int status = Ipc.KernelCall(KernelCall.VmCtl, &message);
            physical = (ulong)request->Physical;
            return status;
        }

        // Device memory at `address` in `target`, if its table lists it.
        public static int MapDevice(int target, ulong address, ulong physical, ulong length)
        {
            Message message = default;
            VmMapRequest* request = VmMapRequest.Of(&message);
            request->Operation = VmCtlOperation.MapDevice;
            request->Target = target;
            request->Address = (long)address;
            request->Length = (long)length;
            request->SourceAddress = (long)physical;
            return Ipc.KernelCall(KernelCall.VmCtl, &message);
        }

        // Copies `length` bytes of `source`'s user memory into vm's.
        public static int Copy(int source, ulong sourceAddress, void* into, ulong length)
        {
            Message message = default;
            VmMapRequest* request = VmMapRequest.Of(&message);
            request->Operation = VmCtlOperation.Copy;
            request->Source = source;
            request->SourceAddress = (long)sourceAddress;
            request->CopyTo = (long)into;
            request->CopyLength = (long)length;
            return Ipc.KernelCall(KernelCall.VmCtl, &message);
        }

        // What vm needs of `target` (quota, kernel-call bits, pages), with
        // owned range `index`.
        public static int Query(int target, int index, out VmQuery result)
        {
            Message message = default;
            VmQuery* query = VmQuery.Of(&message);
            query->Operation = VmCtlOperation.Query;
            query->Target = target;
            query->Index = index;
            int status = Ipc.KernelCall(KernelCall.VmCtl, &message);
            result = *query;
            return status;
        }

        public static int Process(int operation, int target, int source = 0, ulong entry = 0, ulong table = 0, ulong tableLength = 0) =>
            Process(operation, ref target, source, entry, table, tableLength);

        // NewProcess and ForkProcess reply the new endpoint in `target`.
        public static int Process(int operation, ref int target, int source, ulong entry, ulong table, ulong tableLength)
        {
            Message message = default;
            VmProcessRequest* request = VmProcessRequest.Of(&message);
            request->Operation = operation;
            request->Target = target;
            request->Source = source;
            request->Entry = (long)entry;
            request->Table = (long)table;
            request->TableLength = (long)tableLength;
            int status = Ipc.KernelCall(KernelCall.VmCtl, &message);
            target = request->Target;
            return status;
        }
    }
}
