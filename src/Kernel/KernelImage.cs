using Minix3.Cosmos.Kernel.Arch.X64;

namespace Minix3.Cosmos.Kernel
{
    // Where the linker put the kernel's sections (src/Build/Linker/kernel.ld).
    // Read once at boot through asm_linker_layout.
    internal static unsafe class KernelImage
    {
        private static LinkerLayout s_layout;

        internal static void Initialize()
        {
            fixed (LinkerLayout* layout = &s_layout)
                Cpu.ReadLinkerLayout(layout);
        }

        internal static ref readonly LinkerLayout Layout => ref s_layout;

        internal static bool Contains(ulong address, ulong length) =>
            address >= s_layout.ImageStart && address <= s_layout.ImageEnd && length <= s_layout.ImageEnd - address;
    }
}
