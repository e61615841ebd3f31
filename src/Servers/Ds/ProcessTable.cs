using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Ds
{
    // The kernel's process table (GetInfo) is where DS learns a caller's
    // label: the message's Source is set by the kernel, and the label by
    // the caller's compiled policy, so neither can be forged. Looked up on
    // every request that needs it rather than cached, because a privilege
    // change (PrivCtl) can give a live endpoint a new label.
    internal static unsafe class ProcessTable
    {
        public static string? LabelOf(Endpoint endpoint)
        {
            ProcessInfo* table = stackalloc ProcessInfo[Endpoint.SlotCount];
            Message message = default;
            message.Word0 = GetInfoMessage.Processes;
            message.Word1 = (long)table;
            message.Word2 = sizeof(ProcessInfo) * Endpoint.SlotCount;
            if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok)
                return null;
            int count = (int)(message.Word3 / sizeof(ProcessInfo));
            char* chars = stackalloc char[ProcessInfo.LabelBytes];
            for (int i = 0; i < count; i++)
            {
                if (table[i].Endpoint != endpoint.Value)
                    continue;
                int length = table[i].LabelLength;
                if (length <= 0 || length > ProcessInfo.LabelBytes)
                    return null;
                for (int c = 0; c < length; c++)
                    chars[c] = (char)table[i].Label[c];
                return new string(chars, 0, length);
            }
            return null;
        }

        public static Endpoint EndpointOf(string label) => Endpoints.Lookup(label);
    }
}
