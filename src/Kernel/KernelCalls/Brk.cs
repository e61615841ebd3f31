using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Brk — reads Word0 (bytes, a multiple of 4096, at most MaxBrk). Maps
    // that much zeroed memory right after the caller's image (or its last
    // growth), so its heap can continue into it; replies Word1 with the
    // address. Refused past the caller's memory quota (image + growth +
    // kernel stack).
    internal static unsafe class Brk
    {
        internal static int Handle(Process caller, Message* message)
        {
            long bytes = message->Word0;
            if (bytes <= 0 || bytes > KernelCallLimits.MaxBrk || (bytes & 4095) != 0)
                return Status.BadArgument;
            var space = KernelServices.Host.SpaceOf(caller);
            if (space == null)
                return Status.BadArgument;
            ulong pages = (ulong)bytes / 4096;
            if ((space.PagesOwned + pages + Loader.ProcessLoader.KernelStackPages) * 4096 > caller.Privilege.MemoryQuota)
                return Status.NoMemory;
            MapResult result = space.Grow(pages, out ulong address);
            if (result != MapResult.Success)
                return result == MapResult.OutOfMemory ? Status.NoMemory : Status.BadArgument;
            message->Word1 = (long)address;
            return Status.Ok;
        }
    }
}
