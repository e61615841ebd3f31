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

        // The kernel's PML4 (every address space shares its first entry).
        internal static ulong Root { get; private set; }

        // `ramEnd` is the end of the highest RAM range the kernel identity maps.
        internal static bool Initialize(FrameAllocator frames, ulong ramEnd)
        {
            AddressSpace? space = AddressSpace.Create(frames, 0, new DirectMap(0, ramEnd));
            if (space == null)
                return Failed("the kernel's PML4");
            ref readonly LinkerLayout layout = ref KernelImage.Layout;
            const PageFlags Data = PageFlags.Writable | PageFlags.NoExecute | PageFlags.Global;
            if (!space.MapIdentity(LowMemoryStart, KernelBase, Data, false))
                return Failed("low memory");
            if (!space.MapIdentity(layout.TextStart, layout.TextEnd, PageFlags.Global, false))
                return Failed("kernel code");
            if (!space.MapIdentity(layout.RodataStart, layout.RodataEnd, PageFlags.NoExecute | PageFlags.Global, false))
                return Failed("kernel read-only data");
            if (!space.MapIdentity(layout.DataStart, layout.ImageEnd, Data, false))
                return Failed("kernel data");
            if (!space.MapIdentity(layout.ImageEnd, ramEnd, Data, true))
                return Failed("physical memory");
            Root = space.Root;
            Cpu.WriteCr3(Root);
            return true;
        }

        // Only the page tables can run out: of frames.
        private static bool Failed(string what)
        {
            Log.Write("paging: no frames to map ");
            Log.Line(what);
            return false;
        }
    }
}
