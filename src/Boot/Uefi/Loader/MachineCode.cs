using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // What C# cannot do: port I/O and leaving long mode. The bytes are written
    // at build time by src/Boot/Uefi/MachineCode (CodePage.cs, on the Iced
    // assembler) and copied here to one page below 4 GiB, allocated as
    // LoaderCode so that the firmware keeps it executable, and below 4 GiB
    // because its last part runs as 32-bit code.
    internal static unsafe class MachineCode
    {
        private static byte* s_page;

        internal static void Install(BootServices* boot)
        {
            ulong address = 0xFFFF_FFFF;
            ulong status = boot->AllocatePages(AllocateType.MaxAddress, MemoryType.LoaderCode, 1, &address);
            if (Status.IsError(status))
                Console.Fatal("no memory below 4 GiB for the loader's machine code");
            s_page = (byte*)address;
            System.ReadOnlySpan<byte> bytes = CodePageBytes.Page;
            for (int i = 0; i < bytes.Length; i++)
                s_page[i] = bytes[i];
            Console.AttachSerial((delegate* unmanaged<ushort, byte, void>)(s_page + CodePageBytes.PortOut),
                (delegate* unmanaged<ushort, byte>)(s_page + CodePageBytes.PortIn));
        }

        // Never returns: the CPU leaves for the kernel's 32-bit entry with
        // EAX = 0x2BADB002 and EBX = info (Multiboot 1, paging off), after moving
        // `length` bytes from `source` to `destination` (the kernel, when its
        // range was the firmware's until ExitBootServices; 0: nothing to move).
        internal static void EnterKernel(uint entry, uint info, uint destination, uint source, uint length)
        {
            byte* handOver = s_page + CodePageBytes.HandOver;
            *(uint*)(handOver + CodePageBytes.HandOverDestination) = destination;
            *(uint*)(handOver + CodePageBytes.HandOverSource) = source;
            *(uint*)(handOver + CodePageBytes.HandOverLength) = length;
            *(uint*)(handOver + CodePageBytes.HandOverEntry) = entry;
            *(uint*)(handOver + CodePageBytes.HandOverInfo) = info;
            var enter = (delegate* unmanaged<void>)(s_page + CodePageBytes.EnterKernel);
            enter();
        }

        internal static bool Overlaps(ulong start, ulong end) => (ulong)s_page < end && (ulong)s_page + PhysicalPages.PageSize > start;
    }
}
