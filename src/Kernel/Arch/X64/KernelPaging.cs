using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Arch.X64
{
    // Replaces the boot stub's blanket 4 GiB identity map with the kernel's
    // own: each kernel section with the rights it needs (code read-only and
    // executable; read-only data, data, bss and heap not executable), all
    // physical RAM identity mapped read-write and not executable (the direct
    // map page tables and boot modules are reached through), and page 0 left
    // unmapped so a null dereference faults. Everything is supervisor-only.
    internal static class KernelPaging
    {
        private const ulong LowMemoryStart = 0x1000;
        private const ulong KernelBase = 0x100000;

        private static PageMapper? s_mapper;

        internal static PageMapper Mapper => s_mapper!;

        // `ramEnd` is the end of the highest RAM range the kernel identity maps.
        internal static bool Initialize(FrameAllocator frames, ulong ramEnd)
        {
            if (!PageMapper.TryCreateRoot(frames, out ulong root))
                return Failed("no frame for the kernel's PML4", MapResult.OutOfMemory);
            var mapper = new PageMapper(frames, new DirectMap(0, ramEnd), root);
            ref readonly LinkerLayout layout = ref KernelImage.Layout;

            const PageFlags Data = PageFlags.Writable | PageFlags.NoExecute | PageFlags.Global;
            MapResult result = mapper.Map(LowMemoryStart, LowMemoryStart, KernelBase - LowMemoryStart, Data, MapOptions.None);
            if (result != MapResult.Success)
                return Failed("low memory", result);
            result = mapper.Map(layout.TextStart, layout.TextStart, layout.TextEnd - layout.TextStart, PageFlags.Global, MapOptions.None);
            if (result != MapResult.Success)
                return Failed("kernel code", result);
            result = mapper.Map(layout.RodataStart, layout.RodataStart, layout.RodataEnd - layout.RodataStart, PageFlags.NoExecute | PageFlags.Global, MapOptions.None);
            if (result != MapResult.Success)
                return Failed("kernel read-only data", result);
            result = mapper.Map(layout.DataStart, layout.DataStart, layout.ImageEnd - layout.DataStart, Data, MapOptions.None);
            if (result != MapResult.Success)
                return Failed("kernel data", result);
            if (ramEnd > layout.ImageEnd)
            {
                ulong start = layout.ImageEnd;
                result = mapper.Map(start, start, ramEnd - start, Data, MapOptions.AllowLargePages);
                if (result != MapResult.Success)
                    return Failed("physical memory", result);
            }
            Cpu.WriteCr3(root);
            s_mapper = mapper;
            return true;
        }

        private static bool Failed(string what, MapResult result)
        {
            Log.Write("paging: cannot map ");
            Log.Write(what);
            Log.Write(": error ");
            Log.Decimal((ulong)result);
            Log.Line();
            return false;
        }
    }
}
