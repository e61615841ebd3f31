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
            frames.AddMemoryMap(info.MemoryMap.Regions);
            ref readonly Arch.X64.LinkerLayout layout = ref KernelImage.Layout;
            frames.Reserve(0, LowMemoryEnd);
            frames.Reserve(layout.ImageStart, layout.ImageEnd - layout.ImageStart);
            frames.Reserve(info.InfoRange.Start, info.InfoRange.Length);
            foreach (PhysicalRange range in info.LoaderData)
                frames.Reserve(range.Start, range.Length);
            foreach (BootModule module in info.Modules)
                frames.Reserve(module.Start, module.Length);
            if (!frames.Build())
                Panic.Fail("physical memory: no usable RAM for the frame allocator");

            ulong end = 0;
            foreach (MemoryRegion region in info.MemoryMap.Regions)
            {
                if (region.Type == MemoryRegionType.Available && region.End > end)
                    end = region.End;
            }
            RamEnd = (end + PageSize - 1) & ~(PageSize - 1);

            Log.Write("frames: ");
            Log.Decimal(frames.FreeFrames);
            Log.Write(" free of ");
            Log.Decimal(frames.TotalFrames);
            Log.Write(" usable (");
            Log.Decimal(frames.FreeFrames * PageSize / (1024 * 1024));
            Log.Line(" MiB free)");
            return frames;
        }
    }
}
