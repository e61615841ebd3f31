using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Finding another component's endpoint by label. Until the data store
    // publishes endpoints (it will, with the reincarnation server), the
    // kernel's process table answers (GetInfo).
    public static unsafe class Endpoints
    {
        public static Endpoint Lookup(string label)
        {
            ProcessInfo* table = stackalloc ProcessInfo[Endpoint.SlotCount];
            Message message = default;
            message.Word0 = GetInfoMessage.Processes;
            message.Word1 = (long)table;
            message.Word2 = sizeof(ProcessInfo) * Endpoint.SlotCount;
            if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok)
                return Endpoint.None;
            int count = (int)(message.Word3 / sizeof(ProcessInfo));
            for (int i = 0; i < count; i++)
            {
                if (table[i].LabelEquals(label))
                    return new Endpoint(table[i].Endpoint);
            }
            return Endpoint.None;
        }
    }
}
