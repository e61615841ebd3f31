using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // GetInfo — reads Word0 (what), Word1 (buffer), Word2 (buffer size),
    // Word4 (module index, for ModuleData; endpoint, for Process). Processes:
    // one ProcessInfo per live process; Process: the one at Word4;
    // BootModules: one BootModuleInfo per module; ModuleData: a module's bytes. As much as fits; replies Word3 with the bytes written.
    internal static unsafe class GetInfo
    {
        internal static int Handle(Process caller, Message* message)
        {
            if (message->Word2 < 0)
                return Status.BadArgument;
            if (message->Word0 == GetInfoMessage.BootModules)
                return Modules(caller, message);
            if (message->Word0 == GetInfoMessage.ModuleData)
                return ModuleData(caller, message);
            if (message->Word0 == GetInfoMessage.Process)
                return OneProcess(caller, message);
            if (message->Word0 != GetInfoMessage.Processes)
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

        // The one process a server asks about (its sender, to judge a
        // request by its ids): a lookup, not a walk of the table.
        private static int OneProcess(Process caller, Message* message)
        {
            Process? p = KernelServices.Processes.Lookup(new Endpoint((int)message->Word4));
            if (p == null)
                return Status.DeadEndpoint;
            if (message->Word2 < sizeof(ProcessInfo))
                return Status.BadArgument;
            ProcessInfo info;
            Describe(p, &info);
            if (!KernelServices.Host.CopyToProcess(caller, (ulong)message->Word1, &info, sizeof(ProcessInfo)))
                return Status.BadAddress;
            message->Word3 = sizeof(ProcessInfo);
            return Status.Ok;
        }

        private static void Describe(Process p, ProcessInfo* info)
        {
            *info = default;
            info->Endpoint = p.Endpoint.Value;
            info->Uid = p.UserId;
            info->Gid = p.GroupId;
            info->State = (int)p.Flags;
            info->Priority = (short)p.Priority;
            info->Flags = (ushort)p.Privilege.Flags;
            var space = KernelServices.Host.SpaceOf(p);
            info->MemoryBytes = space == null ? 0 : space.PagesOwned * 4096;
            var label = p.Label;
            int length = label.Length < ProcessInfo.LabelBytes ? label.Length : ProcessInfo.LabelBytes;
            for (int i = 0; i < length; i++)
                info->Label[i] = label[i];
            info->LabelLength = length;
        }

        private static int Modules(Process caller, Message* message)
        {
            var modules = KernelServices.Boot.Modules;
            long room = message->Word2 / sizeof(BootModuleInfo);
            long written = 0;
            BootModuleInfo info;
            for (int i = 0; i < modules.Length && written < room; i++)
            {
                info = default;
                info.Size = modules[i].Length;
                var name = Boot.BootProcesses.NameOf(modules[i]);
                int length = name.Length < BootModuleInfo.NameBytes ? name.Length : BootModuleInfo.NameBytes;
                for (int c = 0; c < length; c++)
                    info.Name[c] = name.Pointer[c];
                info.NameLength = length;
                if (!KernelServices.Host.CopyToProcess(caller, (ulong)message->Word1 + (ulong)(written * sizeof(BootModuleInfo)), &info, sizeof(BootModuleInfo)))
                    return Status.BadAddress;
                written++;
            }
            message->Word3 = written * sizeof(BootModuleInfo);
            return Status.Ok;
        }

        // The modules' contents are programs, privilege tables and scripts:
        // only for components whose policy says `bootimage`.
        private static int ModuleData(Process caller, Message* message)
        {
            if ((caller.Privilege.Flags & PrivilegeFlags.BootImage) == 0)
            {
                Denied.Log(caller, "boot module", (ulong)message->Word4);
                return Status.NotAllowed;
            }
            var modules = KernelServices.Boot.Modules;
            long index = message->Word4;
            if (index < 0 || index >= modules.Length)
                return Status.BadArgument;
            ulong length = modules[(int)index].Length;
            if (length > (ulong)message->Word2)
                length = (ulong)message->Word2;
            if (length > int.MaxValue || !KernelServices.Host.CopyToProcess(caller, (ulong)message->Word1, (void*)modules[(int)index].Start, (int)length))
                return Status.BadAddress;
            message->Word3 = (long)length;
            return Status.Ok;
        }
    }
}
