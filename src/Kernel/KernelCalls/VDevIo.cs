using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // VDevIo (VDevIoMessage) — a vector of at most MaxRequests accesses,
    // all checked before any is performed; In requests get their Value
    // filled and the vector is copied back. Mode String: one port accessed
    // Count times, checked once: a disk sector costs one kernel call and a
    // few instructions per access.
    internal static unsafe class VDevIo
    {
        internal static int Handle(Process caller, VDevIoMessage* message)
        {
            if (message->Mode == VDevIoMessage.String)
                return String(caller, message);
            long count = message->Count;
            if (count <= 0 || count > VDevIoMessage.MaxRequests)
                return Status.BadArgument;
            DevIoRequest* requests = stackalloc DevIoRequest[VDevIoMessage.MaxRequests];
            int bytes = (int)count * sizeof(DevIoRequest);
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Buffer, requests, bytes))
                return Status.BadAddress;
            for (int i = 0; i < count; i++)
            {
                int status = DevIo.Check(caller, requests[i].Port, requests[i].Width, requests[i].Direction, out _);
                if (status != Status.Ok)
                    return status;
            }
            for (int i = 0; i < count; i++)
            {
                uint value = DevIo.Perform(requests[i]);
                if (requests[i].Direction == DevIoMessage.In)
                    requests[i].Value = value;
            }
            return KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer, requests, bytes) ? Status.Ok : Status.BadAddress;
        }

        private static int String(Process caller, VDevIoMessage* message)
        {
            long count = message->Count, width = message->Width;
            if (count <= 0 || (ulong)width > 4 || count > VDevIoMessage.MaxStringBytes || count * width > VDevIoMessage.MaxStringBytes)
                return Status.BadArgument;
            int status = DevIo.Check(caller, message->Port, width, message->Direction, out DevIoRequest request);
            if (status != Status.Ok)
                return status;
            // Values are moved 4 bytes at a time whatever the width (the port
            // access uses the low Width bytes; a stored value's high bytes are
            // overwritten by the next one, the last's fall in the slack).
            byte* values = stackalloc byte[VDevIoMessage.MaxStringBytes + sizeof(uint)];
            int bytes = (int)(count * width);
            bool input = request.Direction == DevIoMessage.In;
            if (!input && !KernelServices.Host.CopyFromProcess(caller, (ulong)message->Buffer, values, bytes))
                return Status.BadAddress;
            for (int i = 0; i < count; i++)
            {
                uint* value = (uint*)(values + i * width);
                request.Value = *value;
                uint read = DevIo.Perform(request);
                if (input)
                    *value = read;
            }
            return !input || KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer, values, bytes) ? Status.Ok : Status.BadAddress;
        }
    }
}
