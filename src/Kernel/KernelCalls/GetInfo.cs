using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // GetInfo (GetInfoMessage) — Processes: one ProcessInfo per live
    // process; Process: the one whose endpoint is Which; BootModules: one
    // BootModuleInfo per module; ModuleData: module Which's bytes. As much
    // as fits; replies Written.
    internal static unsafe class GetInfo
    {
        internal static int Handle(Process caller, GetInfoMessage* message)
        {
            if (message->BufferSize < 0)
                return Status.BadArgument;
            if (message->What == GetInfoMessage.BootModules)
                return Modules(caller, message);
            if (message->What == GetInfoMessage.ModuleData)
                return ModuleData(caller, message);
            if (message->What == GetInfoMessage.Process)
                return OneProcess(caller, message);
            if (message->What != GetInfoMessage.Processes)
                return Status.BadArgument;
            ulong buffer = (ulong)message->Buffer;
            long room = message->BufferSize / sizeof(ProcessInfo);
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
            message->Written = written * sizeof(ProcessInfo);
            return Status.Ok;
        }

        // The one process a server asks about (its sender, to judge a
        // request by its ids): a lookup, not a walk of the table.
        private static int OneProcess(Process caller, GetInfoMessage* message)
        {
            Process? p = KernelServices.Processes.Lookup(new Endpoint((int)message->Which));
            if (p == null)
                return Status.DeadEndpoint;
            if (message->BufferSize < sizeof(ProcessInfo))
                return Status.BadArgument;
            ProcessInfo info;
            Describe(p, &info);
            if (!KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer, &info, sizeof(ProcessInfo)))
                return Status.BadAddress;
            message->Written = sizeof(ProcessInfo);
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
            info->Flags = (ushort)p.Privilege.Record.Flags;
            var space = KernelServices.Host.SpaceOf(p);
            info->MemoryBytes = space == null ? 0 : space.PagesOwned * 4096;
            var label = p.Label;
            int length = label.Length < ProcessInfo.LabelBytes ? label.Length : ProcessInfo.LabelBytes;
            for (int i = 0; i < length; i++)
                info->Label[i] = label[i];
            info->LabelLength = length;
        }

        private static int Modules(Process caller, GetInfoMessage* message)
        {
            var modules = KernelServices.Boot.Modules;
            long room = message->BufferSize / sizeof(BootModuleInfo);
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
                if (!KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer + (ulong)(written * sizeof(BootModuleInfo)), &info, sizeof(BootModuleInfo)))
                    return Status.BadAddress;
                written++;
            }
            message->Written = written * sizeof(BootModuleInfo);
            return Status.Ok;
        }

        // The modules' contents are programs, privilege tables and scripts:
        // only for components whose policy says `bootimage`.
        private static int ModuleData(Process caller, GetInfoMessage* message)
        {
            if ((caller.Privilege.Record.Flags & PrivilegeFlags.BootImage) == 0)
            {
                Denied.Log(caller, "boot module", (ulong)message->Which);
                return Status.NotAllowed;
            }
            var modules = KernelServices.Boot.Modules;
            long index = message->Which;
            if (index < 0 || index >= modules.Length)
                return Status.BadArgument;
            ulong length = modules[(int)index].Length;
            if (length > (ulong)message->BufferSize)
                length = (ulong)message->BufferSize;
            if (length > int.MaxValue || !KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer, (void*)modules[(int)index].Start, (int)length))
                return Status.BadAddress;
            message->Written = (long)length;
            return Status.Ok;
        }
    }
}
