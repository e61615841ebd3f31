using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // GetInfo — reads Word0 (what), Word1 (buffer), Word2 (buffer size).
    // Processes: one ProcessInfo per live process, as many as fit; replies
    // Word3 with the bytes written.
    internal static unsafe class GetInfo
    {
        internal static int Handle(Process caller, Message* message)
        {
            if (message->Word0 != GetInfoMessage.Processes || message->Word2 < 0)
                return Status.BadArgument;
            ulong buffer = (ulong)message->Word1;
            long room = message->Word2 / sizeof(ProcessInfo);
            long written = 0;
            ProcessInfo info;
            for (int slot = 0; slot < ProcessTable.SlotCount && written < room; slot++)
            {
                Process p = KernelServices.Processes[slot];
                if (p.IsFree)
                    continue;
                Describe(p, &info);
                if (!KernelServices.Host.CopyToProcess(caller, buffer + (ulong)(written * sizeof(ProcessInfo)), &info, sizeof(ProcessInfo)))
                    return Status.BadAddress;
                written++;
            }
            message->Word3 = written * sizeof(ProcessInfo);
            return Status.Ok;
        }

        private static void Describe(Process p, ProcessInfo* info)
        {
            *info = default;
            info->Endpoint = p.Endpoint.Value;
            info->State = (int)p.Flags;
            info->Priority = p.Priority;
            var space = KernelServices.Host.SpaceOf(p);
            info->MemoryBytes = space == null ? 0 : space.PagesOwned * 4096;
            var label = p.Label;
            int length = label.Length < ProcessInfo.LabelBytes ? label.Length : ProcessInfo.LabelBytes;
            for (int i = 0; i < length; i++)
                info->Label[i] = label[i];
            info->LabelLength = length;
        }
    }
}
