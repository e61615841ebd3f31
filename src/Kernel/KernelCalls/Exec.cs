using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Exec — reads Word0 (target endpoint, or Endpoint.None: see Spawn), Word1 (address of an ELF image
    // in the caller's memory), Word2 (its length, at most MaxImage). Replaces
    // the target's image with this one: same endpoint and privileges, a new
    // address space, registers at the new entry point. The image is copied
    // into the kernel and validated completely first; if anything is wrong
    // (bad ELF, over the quota, no memory) the target is untouched.
    internal static unsafe class Exec
    {
        private const ulong MaxImage = 16 << 20;
        private const ulong PageSize = 4096;

        internal static int Handle(Process caller, Message* message)
        {
            if (message->Word0 == Endpoint.None.Value)
                return Spawn(caller, message);
            Process? target = KernelServices.Processes.Lookup(new Endpoint((int)message->Word0));
            if (target == null)
                return Status.DeadEndpoint;
            ulong length = (ulong)message->Word2;
            if (target == caller || length == 0 || length > MaxImage)
                return Status.BadArgument;
            ulong pages = (length + PageSize - 1) / PageSize;
            if (!KernelServices.Frames.TryAllocateContiguous(pages, PageSize, false, out ulong buffer))
                return Status.NoMemory;
            int status = Replace(caller, target, (ulong)message->Word1, (byte*)buffer, length);
            KernelServices.Frames.FreeContiguous(buffer, pages);
            return status;
        }

        // Spawn — Word0 Endpoint.None: a new process from an ELF image (Word1,
        // Word2) and a compiled privilege table (Word3 address, Word4 length),
        // started at once; reply Word5 its endpoint. The reincarnation server
        // restarts components this way: a dead component leaves no process
        // to fork a slot from. Exec is already as strong as PrivCtl (either
        // installs any table), so it needs no permission of its own.
        private const int MaxTable = 4096;

        private static int Spawn(Process caller, Message* message)
        {
            ulong length = (ulong)message->Word2;
            long tableLength = message->Word4;
            if (length == 0 || length > MaxImage || tableLength <= 0 || tableLength > MaxTable)
                return Status.BadArgument;
            byte* table = stackalloc byte[MaxTable];
            if (!KernelServices.Host.CopyFromProcess(caller, (ulong)message->Word3, table, (int)tableLength))
                return Status.BadAddress;
            ulong pages = (length + PageSize - 1) / PageSize;
            if (!KernelServices.Frames.TryAllocateContiguous(pages, PageSize, false, out ulong buffer))
                return Status.NoMemory;
            int status = Status.BadAddress;
            if (KernelServices.Host.CopyFromProcess(caller, (ulong)message->Word1, (byte*)buffer, (int)length))
            {
                // The name only labels the loader's refusals in the log.
                byte* name = stackalloc byte[5];
                for (int i = 0; i < 5; i++)
                    name[i] = (byte)"spawn"[i];
                Process? started = ProcessLoader.Start(new Boot.Multiboot.BootString(0, name, 5), (byte*)buffer, length, table, (ulong)tableLength);
                status = started == null ? Status.BadArgument : Status.Ok;
                if (started != null)
                    message->Word5 = started.Endpoint.Value;
            }
            KernelServices.Frames.FreeContiguous(buffer, pages);
            return status;
        }

        private static int Replace(Process caller, Process target, ulong source, byte* image, ulong length)
        {
            if (!KernelServices.Host.CopyFromProcess(caller, source, image, (int)length))
                return Status.BadAddress;
            ElfImage elf = ProcessLoader.Parser;
            if (!elf.Parse(new ReadOnlySpan<byte>(image, (int)length)))
                return Status.BadArgument;
            if ((elf.PageCount + ProcessLoader.KernelStackPages) * PageSize > target.Privilege.MemoryQuota)
                return Status.NoMemory;
            AddressSpace? space = AddressSpace.Create(KernelServices.Frames, KernelServices.KernelRoot, new DirectMap(0, PhysicalMemory.RamEnd));
            if (space == null || space.Load(elf, image) != MapResult.Success)
            {
                space?.Destroy();
                return Status.NoMemory;
            }
            KernelServices.Ipc.AbandonTrap(target);
            HardwareExceptions.Release(target);
            SetGrant.Release(target);
            KernelServices.Host.Detach(target)?.Destroy();
            KernelServices.Host.Attach(target, space);
            target.AddressSpaceRoot = space.Root;
            ProcessLoader.PrepareFirstFrame((InterruptFrame*)target.SavedFrame, elf.Entry);
            KernelServices.Scheduler.Unblock(target, ProcessFlags.Stopped);
            return Status.Ok;
        }
    }
}
