using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;

namespace Minix3.Cosmos.Kernel.Loader
{
    // Turns a component image plus its compiled policy into a process: the
    // privilege table is read and installed first (default deny), then the
    // image is validated, checked against the memory quota and mapped into a
    // fresh address space; the process gets a kernel stack whose top holds
    // the register frame of its first instruction (ring 3, at the ELF entry,
    // interrupts on). Anything wrong is reported and the component skipped.
    internal static unsafe class ProcessLoader
    {
        internal const int KernelStackPages = 4;
        private const ulong PageSize = 4096;
        private const ulong InitialFlags = 0x202;    // IF, and the always-one bit
        private const ushort InitialFpuControl = 0x037F;
        private const uint InitialMxcsr = 0x1F80;    // all SSE exceptions masked

        // Read into first, then copied into the slot's own (AdoptPrivilege).
        private static readonly Privilege s_loading = new Privilege();

        // One Privilege per slot, reused by every process the slot holds
        // (boot start, fork): the kernel heap is never collected, so an
        // object per process would leak with every command a shell runs.
        private static readonly Privilege?[] s_slotPrivileges = new Privilege?[ProcessTable.SlotCount];

        // Gives a freshly allocated process the slot's own privilege object,
        // holding a copy of source.
        internal static void AdoptPrivilege(Process process, Privilege source)
        {
            Privilege own = s_slotPrivileges[process.Slot] ??= new Privilege();
            own.CopyFrom(source);
            process.Privilege = own;
        }

        internal static Process? Start(BootString name, byte* image, ulong imageLength, byte* table, ulong tableLength)
        {
            Privilege privilege = s_loading;
            if (!PrivilegeReader.Read(new ReadOnlySpan<byte>(table, (int)tableLength), privilege, out int errorOffset))
                return Refuse(name, "malformed privilege table at offset ", (ulong)errorOffset);
            ElfImage elf = Parser;
            if (imageLength > int.MaxValue || !elf.Parse(new ReadOnlySpan<byte>(image, (int)imageLength)))
                return Refuse(name, "bad ELF image, problem ", (ulong)elf.Problem);
            ulong needed = (elf.PageCount + KernelStackPages) * PageSize;
            if (needed > privilege.MemoryQuota)
                return Refuse(name, "image needs more memory than its quota, bytes ", needed);
            Process? process = KernelServices.Processes.Allocate(privilege);
            if (process == null)
                return Refuse(name, "process table full", 0);
            AdoptPrivilege(process, privilege);
            AddressSpace? space = AddressSpace.Create(KernelServices.Frames, KernelServices.KernelRoot, new DirectMap(0, PhysicalMemory.RamEnd));
            if (space == null || space.Load(elf, image) != MapResult.Success
                || !KernelServices.Frames.TryAllocateContiguous(KernelStackPages, PageSize, true, out ulong stack))
            {
                space?.Destroy();
                KernelServices.Ipc.ProcessExited(process);
                return Refuse(name, "out of memory", 0);
            }
            process.KernelStackTop = stack + KernelStackPages * PageSize;
            process.SavedFrame = process.KernelStackTop - InterruptFrame.Size;
            process.AddressSpaceRoot = space.Root;
            PrepareFirstFrame((InterruptFrame*)process.SavedFrame, elf.Entry);
            KernelServices.Host.Attach(process, space);
            ResolveTargets(process);
            KernelServices.Scheduler.Unblock(process, ProcessFlags.Stopped);
            Denied.Prefix(process);
            Log.Write("started: endpoint ");
            Log.Decimal((ulong)process.Endpoint.Value);
            Log.Write(", ");
            Log.Decimal(space.PagesOwned * 4);
            Log.Line(" KiB");
            return process;
        }

        // One parser for every load: the kernel loads one image at a time.
        internal static readonly ElfImage Parser = new ElfImage();

        internal static void PrepareFirstFrame(InterruptFrame* frame, ulong entry)
        {
            byte* raw = (byte*)frame;
            for (int i = 0; i < InterruptFrame.Size; i++)
                raw[i] = 0;
            *(ushort*)(frame->Fx + 0) = InitialFpuControl;
            *(uint*)(frame->Fx + 24) = InitialMxcsr;
            frame->Rip = entry;
            frame->Cs = SegmentTables.UserCode;
            frame->Rflags = InitialFlags;
            frame->Rsp = 0;   // _start loads the stack its linker script reserved
            frame->Ss = SegmentTables.UserData;
        }

        private static Process? Refuse(BootString name, string why, ulong value)
        {
            Log.Write("loader: not starting ");
            Log.Ascii(name.Pointer, name.Length);
            Log.Write(": ");
            Log.Write(why);
            Log.Decimal(value);
            Log.Line();
            return null;
        }

        // A process started, or took a new table (label and targets): the
        // slots it may send to, and which live processes may now send to its
        // slot. One pass over the table, not one per process: a fork costs
        // O(slots x targets). A slot stays in others' sets after its process
        // ends (IPC checks liveness first) until the slot's next process
        // comes through here.
        internal static void ResolveTargets(Process changed)
        {
            Privilege own = changed.Privilege;
            own.TargetSlots.Clear();
            for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            {
                Process p = KernelServices.Processes[slot];
                if (p.IsFree)
                    continue;
                if (Targets(own, p.Privilege.Label, p.Privilege.LabelLength))
                    own.TargetSlots.Add(slot);
                if (p == changed)
                    continue;
                if (Targets(p.Privilege, own.Label, own.LabelLength))
                    p.Privilege.TargetSlots.Add(changed.Slot);
                else
                    p.Privilege.TargetSlots.Remove(changed.Slot);
            }
        }

        // Whether `privilege` lists `label` among its IPC targets.
        private static bool Targets(Privilege privilege, byte[] label, int length)
        {
            for (int t = 0; t < privilege.TargetCount; t++)
            {
                if (privilege.TargetLabelLengths[t] != length)
                    continue;
                int offset = t * Privilege.MaxLabelLength, i = 0;
                while (i < length && privilege.TargetLabels[offset + i] == label[i])
                    i++;
                if (i == length)
                    return true;
            }
            return false;
        }

        internal static Process? FindByLabel(byte[] label, int length, Process? except) => FindByLabel(label, 0, length, except);

        internal static Process? FindByLabel(byte[] label, int offset, int length, Process? except)
        {
            if (length == 0)
                return null;
            for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            {
                Process p = KernelServices.Processes[slot];
                if (!p.IsFree && p != except && p.Privilege.LabelEquals(label, offset, length))
                    return p;
            }
            return null;
        }
    }
}
