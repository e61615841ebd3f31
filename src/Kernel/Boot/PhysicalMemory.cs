using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Builds the frame allocator from the boot memory map, keeping out every
    // range that is in use before the allocator exists: the first MiB (BIOS
    // data, VGA, the boot loader's leftovers), the kernel image with its bss
    // and heap, the boot information, the loader's other data and every boot
    // module.
    internal static class PhysicalMemory
    {
        private const ulong LowMemoryEnd = 0x100000;
        private const ulong PageSize = 4096;

        // End of the highest available RAM range, page aligned: the kernel
        // identity maps everything below it.
        internal static ulong RamEnd { get; private set; }

        internal static FrameAllocator Initialize(BootInfo info)
        {
            var frames = new FrameAllocator(new DirectMap(0, 0x1_0000_0000));
            if (!frames.Build(info.MemoryMap))
                Panic.Fail("physical memory: no usable RAM for the frame allocator");
            ref readonly Arch.X64.LinkerLayout layout = ref KernelImage.Layout;
            frames.Reserve(0, LowMemoryEnd);
            frames.Reserve(layout.ImageStart, layout.ImageEnd - layout.ImageStart);
            foreach (MemoryRegion range in info.LoaderData)
                frames.Reserve(range.Base, range.Length);
            foreach (BootModule module in info.Modules)
                frames.Reserve(module.Start, module.Length);
            foreach (MemoryRegion region in info.MemoryMap)
            {
                if (region.Type == MemoryRegionType.Available && region.End > RamEnd)
                    RamEnd = (region.End + PageSize - 1) & ~(PageSize - 1);
            }

            Log.Write("frames: ");
            Log.Decimal(frames.FreeFrames);
            Log.Write(" free of ");
            Log.Decimal(frames.TotalFrames);
            Log.Line(" usable");
            return frames;
        }
    }
}
