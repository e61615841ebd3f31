using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // VDevIo — reads Word0 (address of DevIoRequest[]), Word1 (count, at
    // most VDevIoMessage.MaxRequests). All requests are checked before any
    // is performed; In requests get their Value filled and the vector is
    // copied back.
    internal static unsafe class VDevIo
    {
        internal static int Handle(Process caller, Message* message)
        {
            long count = message->Word1;
            if (count <= 0 || count > VDevIoMessage.MaxRequests)
                return Status.BadArgument;
            DevIoRequest* requests = stackalloc DevIoRequest[VDevIoMessage.MaxRequests];
            int bytes = (int)count * sizeof(DevIoRequest);
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Word0, requests, bytes))
                return Status.BadAddress;
            for (int i = 0; i < count; i++)
            {
                int status = DevIo.Check(caller, requests[i]);
                if (status != Status.Ok)
                    return status;
            }
            for (int i = 0; i < count; i++)
            {
                uint value = DevIo.Perform(requests[i]);
                if (requests[i].Direction == DevIoMessage.In)
                    requests[i].Value = value;
            }
            return KernelServices.Host.CopyToProcess(caller, (ulong)message->Word0, requests, bytes) ? Status.Ok : Status.BadAddress;
        }
    }
}
