using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Boot;
using Minix3.Cosmos.Kernel.Loader;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Fork — reads Word0 (parent endpoint). Replies Word1 with the child's
    // endpoint. The child is a copy of the parent: its memory, its
    // privileges, its ids, its registers (its pending trap returns 0), and the
    // receive the parent is blocked in (see IpcEngine.InheritReceive), its
    // grant table (SetGrant.Inherit). It
    // starts stopped: the process manager resumes it (StateCtl) when its own
    // bookkeeping is done. Nothing is left allocated when memory runs out.
    internal static unsafe class Fork
    {
        internal static int Handle(Process caller, Message* message)
        {
            Process? parent = KernelServices.Processes.Lookup(new Endpoint((int)message->Word0));
            if (parent == null)
                return Status.DeadEndpoint;
            AddressSpace? parentSpace = KernelServices.Host.SpaceOf(parent);
            if (parentSpace == null || parent == caller)
                return Status.BadArgument;
            Process? child = KernelServices.Processes.Allocate(parent.Privilege, forked: true);
            if (child == null)
                return Status.NoMemory;
            ProcessLoader.AdoptPrivilege(child, parent.Privilege);
            AddressSpace? space = parentSpace.Clone(KernelServices.KernelRoot, new DirectMap(0, PhysicalMemory.RamEnd));
            if (space == null || !KernelServices.Frames.TryAllocateContiguous(ProcessLoader.KernelStackPages, 4096, false, out ulong stack))
            {
                space?.Destroy();
                KernelServices.Ipc.ProcessExited(child);
                return Status.NoMemory;
            }
            child.KernelStackTop = stack + ProcessLoader.KernelStackPages * 4096UL;
            child.SavedFrame = child.KernelStackTop - InterruptFrame.Size;
            child.AddressSpaceRoot = space.Root;
            System.Buffer.MemoryCopy((void*)parent.SavedFrame, (void*)child.SavedFrame, InterruptFrame.Size, InterruptFrame.Size);
            ((InterruptFrame*)child.SavedFrame)->Rax = 0;
            child.SignalManager = parent.SignalManager;
            child.UserId = parent.UserId;
            child.GroupId = parent.GroupId;
            KernelServices.Host.Attach(child, space);
            KernelServices.Ipc.InheritReceive(child, parent);
            HardwareExceptions.Inherit(child, parent);
            SetGrant.Inherit(child, parent);
            ProcessLoader.ResolveTargets(child);
            message->Word1 = child.Endpoint.Value;
            return Status.Ok;
        }
    }
}
