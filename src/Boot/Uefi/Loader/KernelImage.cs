using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // Places \boot\kernel.elf the way a Multiboot 1 loader does through the
    // header's address fields ("a.out kludge", flag bit 16; Multiboot 0.6.96
    // section 3.1.3), which the kernel's header always carries
    // (src/Asm/Kernel/MultibootHeaders.cs): the header is 4-byte aligned in the
    // first 8 KiB of the file; the file bytes from the header's position minus
    // (header_addr - load_addr) are copied to load_addr up to load_end_addr
    // (0: to the end of the file), and memory up to bss_end_addr is zeroed.
    //   +0 magic 0x1BADB002, +4 flags, +8 checksum (magic + flags + checksum = 0),
    //   +12 header_addr, +16 load_addr, +20 load_end_addr, +24 bss_end_addr, +28 entry_addr
    internal static unsafe class KernelImage
    {
        internal const string Path = "\\boot\\kernel.elf";
        private const uint HeaderMagic = 0x1BADB002;
        private const uint FlagAddressFields = 1u << 16;
        private const int SearchBytes = 8192;
        private const int HeaderBytes = 32;

        // Loads the kernel at its physical address, or stages it for a move
        // there after ExitBootServices (KernelPlacement).
        internal static KernelPlacement Load(BootVolume volume, BootServices* boot)
        {
            long size = volume.SizeOf(Path);
            if (size < 0)
                Console.Fatal("missing file " + Path);
            byte* file = PhysicalPages.Allocate((ulong)size, Path);
            volume.Read(Path, file, (ulong)size);

            uint* header = FindHeader(file, size);
            uint flags = header[1];
            if ((flags & FlagAddressFields) == 0)
                Console.Fatal("bad kernel " + Path + ": its Multiboot header has no address fields (flag bit 16)");
            uint headerAddress = header[3], loadAddress = header[4], loadEnd = header[5], bssEnd = header[6], entry = header[7];
            long fileOffset = (long)((byte*)header - file) - (headerAddress - loadAddress);
            if (loadEnd == 0)
                loadEnd = (uint)(loadAddress + (size - fileOffset));
            if (fileOffset < 0 || loadEnd < loadAddress || fileOffset + (loadEnd - loadAddress) > size
                || (bssEnd != 0 && bssEnd < loadEnd) || entry < loadAddress || (loadAddress & 0xFFF) != 0)
                Console.Fatal("bad kernel " + Path + ": its Multiboot address fields do not fit the file");
            uint end = bssEnd == 0 ? loadEnd : bssEnd;

            var placement = new KernelPlacement { Entry = entry };
            byte* target = PhysicalPages.TryAllocateAt(loadAddress, end - loadAddress);
            if (target == null)
            {
                MemoryMap.RequireFreeAfterExit(boot, loadAddress, end, "the kernel");
                if (MachineCode.Overlaps(loadAddress, end))
                    Console.Fatal("memory taken: the loader's machine code landed in the kernel's range");
                PhysicalPages.Claim(loadAddress, end);
                target = PhysicalPages.Allocate(end - loadAddress, "the kernel's staging copy");
                placement.Destination = loadAddress;
                placement.Source = (uint)(ulong)target;
                placement.Length = end - loadAddress;
            }
            PhysicalPages.Copy(target, file + fileOffset, loadEnd - loadAddress);
            PhysicalPages.Zero(target + (loadEnd - loadAddress), end - loadEnd);
            Console.Line("kernel: " + Number.Hex(loadAddress) + "-" + Number.Hex(end) + ", entry " + Number.Hex(entry)
                + (placement.Length != 0 ? ", staged at " + Number.Hex(placement.Source) + " until the firmware leaves" : ""));
            return placement;
        }

        private static uint* FindHeader(byte* file, long size)
        {
            long limit = size < SearchBytes ? size : SearchBytes;
            for (long offset = 0; offset + HeaderBytes <= limit; offset += 4)
            {
                uint* candidate = (uint*)(file + offset);
                if (candidate[0] != HeaderMagic)
                    continue;
                if (candidate[0] + candidate[1] + candidate[2] != 0)
                    Console.Fatal("bad kernel " + Path + ": Multiboot header checksum is wrong");
                return candidate;
            }
            Console.Fatal("bad kernel " + Path + ": no Multiboot header in its first 8 KiB");
            return null;
        }
    }
}
