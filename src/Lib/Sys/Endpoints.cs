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
            int count = ReadTable(table);
            for (int i = 0; i < count; i++)
            {
                if (table[i].LabelEquals(label))
                    return new Endpoint(table[i].Endpoint);
            }
            return Endpoint.None;
        }

        // The kernel's label for a live endpoint ("" when there is none).
        public static string LabelOf(int endpoint)
        {
            ProcessInfo* table = stackalloc ProcessInfo[Endpoint.SlotCount];
            int count = ReadTable(table);
            for (int i = 0; i < count; i++)
            {
                if (table[i].Endpoint == endpoint)
                    return table[i].LabelText();
            }
            return "";
        }

        // One live process as the kernel sees it (GetInfo(Process)): its
        // label, and the effective uid and gid PM gave it, which a server
        // judges its requests by. False when the endpoint is not a live
        // process (or the caller may not ask the kernel).
        public static bool Describe(int endpoint, out ProcessInfo info)
        {
            info = default;
            Message message = default;
            GetInfoMessage* request = GetInfoMessage.Of(&message);
            request->What = GetInfoMessage.Process;
            fixed (ProcessInfo* into = &info)
                request->Buffer = (long)into;
            request->BufferSize = sizeof(ProcessInfo);
            request->Which = endpoint;
            return Ipc.KernelCall(KernelCall.GetInfo, &message) == Status.Ok;
        }

        // The kernel's process table (GetInfo) into `into`, which holds
        // Endpoint.SlotCount entries; how many were filled (0 when refused).
        public static int ReadTable(ProcessInfo* into)
        {
            Message message = default;
            GetInfoMessage* request = GetInfoMessage.Of(&message);
            request->What = GetInfoMessage.Processes;
            request->Buffer = (long)into;
            request->BufferSize = sizeof(ProcessInfo) * Endpoint.SlotCount;
            if (Ipc.KernelCall(KernelCall.GetInfo, &message) != Status.Ok)
                return 0;
            return (int)(request->Written / sizeof(ProcessInfo));
        }
    }
}
