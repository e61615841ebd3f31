using System.Runtime.CompilerServices;

namespace Minix3.Cosmos.Kernel
{
    // Boot-time allocations of raw, aligned kernel memory (descriptor tables,
    // emergency stacks). Carved from the kernel's managed heap, which never
    // moves or frees objects, so a pointer into a byte array stays valid for
    // the kernel's lifetime. Not for hot paths: the kernel heap is not collected.
    internal static unsafe class KernelMemory
    {
        internal static byte* AllocateZeroed(int size, int alignment)
        {
            byte[] block = new byte[size + alignment];
            ulong address = (ulong)Unsafe.AsPointer(ref block[0]);
            ulong aligned = (address + (ulong)alignment - 1) & ~((ulong)alignment - 1);
            return (byte*)aligned;
        }
    }
}
