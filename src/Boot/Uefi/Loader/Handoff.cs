using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The last step with the firmware. ExitBootServices takes the key of the
    // latest memory map; the firmware may change the map meanwhile (timer
    // events), and then refuses: after such a failure only GetMemoryMap and
    // ExitBootServices may be called (UEFI 2.10 section 7.4), so the retry
    // takes the map again into the same buffer and converts it again, with no
    // allocation and no console output in between.
    internal static unsafe class Handoff
    {
        private const int Attempts = 8;

        internal static void ExitBootServices(void* image, BootServices* boot, MultibootInfo info)
        {
            MemoryMap.Snapshot map = MemoryMap.Prepare(boot);
            ulong status = Status.InvalidParameter;
            for (int attempt = 0; attempt < Attempts && Status.IsError(status); attempt++)
            {
                MemoryMap.Take(boot, ref map);
                MemoryMap.Convert(map, info);
                status = boot->ExitBootServices(image, map.Key);
            }
            if (Status.IsError(status))
                Console.Fatal("ExitBootServices refused " + Number.Decimal(Attempts) + " times (status " + Number.Hex(status) + ")");
            Console.FirmwareGone();
        }
    }
}
