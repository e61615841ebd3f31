using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.KernelCalls;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Loader
{
    // Turns a boot module plus its compiled policy into a process: the
    // privilege table is read and installed first (default deny), then the
    // image is validated, checked against the memory quota and mapped into a
    // fresh address space; the process gets a kernel stack whose top holds
    // the register frame of its first instruction (ring 3, at the ELF entry,
    // interrupts on). Anything wrong is reported and the component skipped.
    // Every later program is loaded by the memory manager (vm) through
    // VmCtl, from the same Create/Run/Discard steps
    // (docs/memory-manager.md).
    internal static unsafe class ProcessLoader
    {
        internal const int KernelStackPages = 4;
        private const ulong PageSize = 4096;
        private const ulong InitialFlags = 0x202;    // IF, and the always-one bit
        private const ushort InitialFpuControl = 0x037F;
        private const uint InitialMxcsr = 0x1F80;    // all SSE exceptions masked

        // Read into first, then copied into the slot's own (Create).
        private static readonly Privilege s_loading = new Privilege();

        // A boot module with its table, in `slot` (or the lowest free one).
        internal static Process? Start(BootString name, byte* image, ulong imageLength, byte* table, ulong tableLength, int slot = -1)
        {
            if (!PrivilegeReader.Read(new ReadOnlySpan<byte>(table, (int)tableLength), s_loading, out int errorOffset))
                return Refuse(name, "malformed privilege table at offset ", (ulong)errorOffset);
            Process? process = Create(s_loading, slot, forked: false);
            if (process == null)
                return Refuse(name, "process table full or out of memory", 0);
            AddressSpace space = KernelServices.Host.SpaceOf(process)!;
            bool loaded = LoadSegments(space, image, imageLength, out ulong entry);
            ulong needed = (space.PagesOwned + KernelStackPages) * PageSize;
            if (!loaded || needed > process.Privilege.Record.MemoryQuota)
            {
                Discard(process);
                return loaded ? Refuse(name, "image needs more memory than its quota, bytes ", needed) : Refuse(name, "bad ELF image or out of memory", 0);
            }
            Run(process, entry);
            return process;
        }

        // Only what loading a boot module needs, every read checked against
        // the module and every mapping against the user half (MapFresh); the
        // memory manager validates every later program in full
        // (src/Servers/Vm/ElfImage.cs).
        private static bool LoadSegments(AddressSpace space, byte* image, ulong length, out ulong entry)
        {
            entry = length >= 64 ? *(ulong*)(image + 24) : 0;
            if (length < 64 || *(uint*)image != 0x464C457F || image[4] != 2 || *(ushort*)(image + 18) != 62 || *(ushort*)(image + 54) != 56)
                return false;
            ulong headers = *(ulong*)(image + 32), count = *(ushort*)(image + 56);
            if (headers > length || count * 56 > length - headers)
                return false;
            for (byte* header = image + headers; header < image + headers + count * 56; header += 56)
            {
                ulong offset = *(ulong*)(header + 8), address = *(ulong*)(header + 16);
                ulong fileSize = *(ulong*)(header + 32), memorySize = *(ulong*)(header + 40);
                if (*(uint*)header != 1 || memorySize == 0)
                    continue;   // not PT_LOAD, or nothing to load
                if (fileSize > memorySize || offset > length || fileSize > length - offset || memorySize > UserSpace.Limit || address > UserSpace.Limit)
                    return false;
                ulong start = address & ~(PageSize - 1), end = (address + memorySize + PageSize - 1) & ~(PageSize - 1);
                uint flags = *(uint*)(header + 4);
                PageFlags rights = ((flags & 2) != 0 ? PageFlags.Writable : PageFlags.None) | ((flags & 1) != 0 ? PageFlags.None : PageFlags.NoExecute);
                if (space.MapFresh(start, end - start, rights) != MapResult.Success || !space.Fill(address, image + offset, fileSize))
                    return false;
            }
            return space.IsExecutable(entry);
        }

        // A stopped process holding a copy of `privilege`, with an empty
        // address space and a kernel stack; null when the table (or, for a
        // fork, the part of it forks may use) or memory is full.
        internal static Process? Create(Privilege privilege, int slot, bool forked)
        {
            Process? process = slot >= 0 ? KernelServices.Processes.AllocateSlot(slot, privilege) : KernelServices.Processes.Allocate(privilege, forked);
            if (process == null)
                return null;
            // The slot's own privilege object from here on, holding a copy;
            // its TargetSlots are resolved when it runs (Run, or VmCtl's Fork).
            Privilege own = process.OwnPrivilege ??= new Privilege();
            own.Record = privilege.Record;
            process.Privilege = own;
            AddressSpace? space = NewSpace();
            if (space == null || !KernelServices.Frames.TryAllocateContiguous(KernelStackPages, PageSize, true, out ulong stack))
            {
                space?.Destroy();
                KernelServices.Ipc.ProcessExited(process);
                return null;
            }
            process.KernelStackTop = stack + KernelStackPages * PageSize;
            process.SavedFrame = process.KernelStackTop - InterruptFrame.Size;
            process.AddressSpaceRoot = space.Root;
            KernelServices.Host.Attach(process, space);
            return process;
        }

        internal static AddressSpace? NewSpace() =>
            AddressSpace.Create(KernelServices.Frames, KernelServices.KernelRoot, new DirectMap(0, PhysicalMemory.RamEnd));

        // Starts a process Create made: its first instruction at `entry`.
        internal static void Run(Process process, ulong entry)
        {
            PrepareFirstFrame((InterruptFrame*)process.SavedFrame, entry);
            ResolveTargets(process);
            KernelServices.Scheduler.Unblock(process, ProcessFlags.Stopped);
            Denied.Prefix(process);
            Log.Write("started: endpoint ");
            Log.Decimal((ulong)process.Endpoint.Value);
            Log.Write(", ");
            Log.Decimal(KernelServices.Host.SpaceOf(process)!.PagesOwned * 4);
            Log.Line(" KiB");
        }

        // Undoes Create (and a fork's inheritance) for a process that never
        // ran: nothing of it can be on a CPU, so everything goes at once.
        internal static void Discard(Process process)
        {
            KernelServices.Host.Detach(process)?.Destroy();
            KernelServices.Host.TakeStaged(process)?.Destroy();
            KernelServices.Frames.FreeContiguous(process.KernelStackTop - KernelStackPages * PageSize, KernelStackPages);
            KernelServices.Ipc.ProcessExited(process);
        }

        internal static void PrepareFirstFrame(InterruptFrame* frame, ulong entry)
        {
            *frame = default;
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
                if (Targets(own, p.Label) || IsMemoryManager(p))
                    own.TargetSlots.Add(slot);
                if (p == changed)
                    continue;
                if (Targets(p.Privilege, own.Label) || IsMemoryManager(changed))
                    p.Privilege.TargetSlots.Add(changed.Slot);
                else
                    p.Privilege.TargetSlots.Remove(changed.Slot);
            }
        }

        // Every process may ask the memory manager (its heap grows through
        // it); what it may ask for is vm's judgement, from its table.
        private static bool IsMemoryManager(Process p) =>
            p.Slot == Endpoint.MemoryManagerSlot && p.Label.SequenceEqual("vm"u8);

        // Whether `privilege` lists `label` among its IPC targets.
        private static bool Targets(Privilege privilege, ReadOnlySpan<byte> label)
        {
            for (int t = 0; t < privilege.Record.TargetCount; t++)
            {
                if (privilege.TargetLabelAt(t).SequenceEqual(label))
                    return true;
            }
            return false;
        }

        internal static Process? FindByLabel(ReadOnlySpan<byte> label, Process? except)
        {
            if (label.Length == 0)
                return null;
            for (int slot = 0; slot < ProcessTable.SlotCount; slot++)
            {
                Process p = KernelServices.Processes[slot];
                if (!p.IsFree && p != except && p.Label.SequenceEqual(label))
                    return p;
            }
            return null;
        }
    }
}
