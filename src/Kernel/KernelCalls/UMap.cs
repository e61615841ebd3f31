using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // UMap — reads Word0 (physical base), Word1 (length), both page
    // aligned. Maps the device memory, uncached, into the caller above its
    // image (DeviceBase and up) if its policy lists the range; replies Word2
    // with the virtual address.
    internal static unsafe class UMap
    {
        private const ulong PageSize = 4096;
        private const ulong DeviceBase = 0x0000_00C0_0000_0000;
        private const ulong DeviceWindow = 0x0000_0040_0000_0000;
        private static readonly ulong[] s_next = new ulong[ProcessTable.SlotCount];

        internal static int Handle(Process caller, Message* message)
        {
            ulong physical = (ulong)message->Word0;
            ulong length = (ulong)message->Word1;
            if (length == 0 || ((physical | length) & (PageSize - 1)) != 0)
                return Status.BadArgument;
            if (!caller.Privilege.AllowsMemory(physical, length))
            {
                Denied.Log(caller, "memory", physical);
                return Status.NotAllowed;
            }
            ulong offset = s_next[caller.Slot];
            if (length > DeviceWindow - offset)
                return Status.NoMemory;
            var space = KernelServices.Host.SpaceOf(caller);
            if (space == null)
                return Status.BadArgument;
            MapResult result = space.MapDevice(DeviceBase + offset, physical, length);
            if (result != MapResult.Success)
                return result == MapResult.OutOfMemory ? Status.NoMemory : Status.BadArgument;
            s_next[caller.Slot] = offset + length;
            if (physical <= Arch.X64.VgaText.Physical && Arch.X64.VgaText.Physical < physical + length)
                Arch.X64.VgaText.HandOver();
            message->Word2 = (long)(DeviceBase + offset);
            return Status.Ok;
        }

        internal static void Release(Process process) => s_next[process.Slot] = 0;
    }
}
