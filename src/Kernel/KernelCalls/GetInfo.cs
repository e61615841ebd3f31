using System;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // GetInfo (GetInfoMessage) — Processes: one ProcessInfo per live
    // process; Process: the one whose endpoint is Which; BootModules: one
    // BootModuleInfo per module; ModuleData: module Which's bytes. As much
    // as fits; replies Written. FreeFrames: Written is the frame count
    // (tests check that ended components give all their memory back).
    internal static unsafe class GetInfo
    {
        internal static int Handle(Process caller, GetInfoMessage* message)
        {
            if (message->BufferSize < 0)
                return Status.BadArgument;
            if (message->What == GetInfoMessage.ModuleData)
                return ModuleData(caller, message);
            if (message->What == GetInfoMessage.FreeFrames)
            {
                message->Written = (long)KernelServices.Frames.FreeFrames;
                return Status.Ok;
            }
            // The three listings share one copy-out loop: `count` candidate
            // records of `size` bytes, Describe filling one (false: skip it).
            int count, size = sizeof(ProcessInfo);
            Process? one = null;
            if (message->What == GetInfoMessage.Processes)
                count = ProcessTable.SlotCount;
            else if (message->What == GetInfoMessage.BootModules)
            {
                count = KernelServices.Boot.Modules.Length;
                size = sizeof(BootModuleInfo);
            }
            else if (message->What != GetInfoMessage.Process || message->BufferSize < size)
                return Status.BadArgument;
            else if ((one = KernelServices.Processes.Lookup(new Endpoint((int)message->Which))) == null)
                return Status.DeadEndpoint;
            else
                count = 1;   // a lookup, not a walk: servers ask about their sender
            byte* record = stackalloc byte[sizeof(ProcessInfo) > sizeof(BootModuleInfo) ? sizeof(ProcessInfo) : sizeof(BootModuleInfo)];
            long written = 0;
            for (int i = 0; i < count && (written + 1) * size <= message->BufferSize; i++)
            {
                if (!Describe(message->What, one, i, record))
                    continue;
                if (!KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer + (ulong)(written * size), record, size))
                    return Status.BadAddress;
                written++;
            }
            message->Written = written * size;
            return Status.Ok;
        }

        // Record `index` of a listing: boot module `index`, or the process
        // asked about (one) or in slot `index` (false for a free slot).
        private static bool Describe(long what, Process? one, int index, byte* record)
        {
            if (what == GetInfoMessage.BootModules)
            {
                var module = (BootModuleInfo*)record;
                *module = default;
                module->Size = KernelServices.Boot.Modules[index].Length;
                var name = Boot.BootProcesses.NameOf(KernelServices.Boot.Modules[index]);
                module->NameLength = name.Length < BootModuleInfo.NameBytes ? name.Length : BootModuleInfo.NameBytes;
                name.AsSpan().Slice(0, module->NameLength).CopyTo(new Span<byte>(module->Name, module->NameLength));
                return true;
            }
            Process p = one ?? KernelServices.Processes[index];
            if (p.IsFree)
                return false;
            var info = (ProcessInfo*)record;
            *info = default;
            info->Endpoint = p.Endpoint.Value;
            info->Uid = p.UserId;
            info->Gid = p.GroupId;
            info->State = (int)p.Flags;
            info->Priority = (short)p.Priority;
            info->Flags = (ushort)p.Privilege.Record.Flags;
            info->MemoryBytes = (KernelServices.Host.SpaceOf(p)?.PagesOwned ?? 0) * 4096;
            var label = p.Label;
            info->LabelLength = label.Length < ProcessInfo.LabelBytes ? label.Length : ProcessInfo.LabelBytes;
            label.Slice(0, info->LabelLength).CopyTo(new Span<byte>(info->Label, info->LabelLength));
            return true;
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
            if ((ulong)message->Which >= (ulong)KernelServices.Boot.Modules.Length)
                return Status.BadArgument;   // negative ones too
            Boot.Multiboot.BootModule module = KernelServices.Boot.Modules[(int)message->Which];
            ulong length = Math.Min(module.Length, (ulong)message->BufferSize);
            if (length > int.MaxValue || !KernelServices.Host.CopyToProcess(caller, (ulong)message->Buffer, (void*)module.Start, (int)length))
                return Status.BadAddress;
            message->Written = (long)length;
            return Status.Ok;
        }
    }
}
