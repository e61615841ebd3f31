using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // Page allocations that outlive the loader: the kernel, modules and the
    // Multiboot information, all below 4 GiB where the 32-bit kernel entry and
    // Multiboot's 32-bit fields reach. LoaderData, so the memory map the kernel
    // gets calls them available: the kernel keeps out what the information
    // names (modules, the info structure and what it points to).
    internal static unsafe class PhysicalPages
    {
        internal const ulong PageSize = 4096;
        private const ulong Below4GiB = 0xFFFF_FFFF;

        private static BootServices* s_boot;

        // The kernel's range when it is staged elsewhere and moved there after
        // ExitBootServices: nothing the kernel gets may lie in it.
        private static ulong s_claimedStart, s_claimedEnd;

        internal static void Attach(BootServices* boot) => s_boot = boot;

        internal static ulong PagesFor(ulong bytes) => (bytes + PageSize - 1) / PageSize;

        // Anywhere below 4 GiB, page aligned; `what` names the purpose in the error.
        internal static byte* Allocate(ulong bytes, string what)
        {
            ulong address = Below4GiB;
            ulong pages = PagesFor(bytes == 0 ? 1 : bytes);
            if (Status.IsError(s_boot->AllocatePages(AllocateType.MaxAddress, MemoryType.LoaderData, (nuint)pages, &address)))
                Console.Fatal("memory too small: no " + Number.Decimal(pages * PageSize) + " bytes below 4 GiB for " + what);
            if (address < s_claimedEnd && address + pages * PageSize > s_claimedStart)
                Console.Fatal("memory taken: the firmware gave " + what + " memory inside the kernel's range " + Number.Hex(s_claimedStart) + "-" + Number.Hex(s_claimedEnd));
            return (byte*)address;
        }

        // Exactly at `address` (page aligned), or null when the firmware holds some of it.
        internal static byte* TryAllocateAt(ulong address, ulong bytes)
        {
            ulong at = address;
            ulong status = s_boot->AllocatePages(AllocateType.Address, MemoryType.LoaderData, (nuint)PagesFor(bytes), &at);
            return Status.IsError(status) ? null : (byte*)at;
        }

        internal static void Claim(ulong start, ulong end)
        {
            s_claimedStart = start;
            s_claimedEnd = end;
        }

        internal static void Zero(byte* start, ulong bytes)
        {
            for (ulong i = 0; i < bytes; i++)
                start[i] = 0;
        }

        internal static void Copy(byte* destination, byte* source, ulong bytes)
        {
            for (ulong i = 0; i < bytes; i++)
                destination[i] = source[i];
        }
    }
}
