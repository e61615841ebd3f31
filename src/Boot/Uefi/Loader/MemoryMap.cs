using Minix3.Cosmos.Boot.Uefi.Efi;

namespace Minix3.Cosmos.Boot.Uefi
{
    // The firmware's memory map, and its Multiboot form. After ExitBootServices
    // everything the firmware used for boot services, and the loader's own
    // memory, is free RAM (type 1); ACPI tables that the OS may reclaim once
    // read are type 3, ACPI NVS type 4; everything else (runtime services,
    // MMIO, unusable, persistent) is reserved (2). Adjacent entries of one type
    // are merged, so OVMF's hundred-odd entries become a few dozen.
    internal static unsafe class MemoryMap
    {
        private const uint Available = 1, Reserved = 2, AcpiReclaimable = 3, AcpiNvs = 4;
        private const ulong LowMemoryEnd = 0xA0000, HighMemoryStart = 0x100000;

        internal struct Snapshot
        {
            internal byte* Buffer;
            internal nuint Capacity, Size, Key, DescriptorSize;
        }

        // A buffer large enough for the map plus the entries a few more
        // allocations (this buffer's own among them) can add.
        internal static Snapshot Prepare(BootServices* boot)
        {
            Snapshot map = default;
            nuint size = 0, key, descriptorSize;
            uint version;
            boot->GetMemoryMap(&size, null, &key, &descriptorSize, &version);
            map.Capacity = size + 16 * descriptorSize;
            map.Buffer = PhysicalPages.Allocate(map.Capacity, "the firmware's memory map");
            return map;
        }

        // Fills the snapshot; allocates nothing (ExitBootServices wants the key
        // of a map taken after the last allocation).
        internal static void Take(BootServices* boot, ref Snapshot map)
        {
            nuint size = map.Capacity, key, descriptorSize;
            uint version;
            ulong status = boot->GetMemoryMap(&size, map.Buffer, &key, &descriptorSize, &version);
            if (Status.IsError(status))
                Console.Fatal("GetMemoryMap failed (status " + Number.Hex(status) + ")");
            map.Size = size;
            map.Key = key;
            map.DescriptorSize = descriptorSize;
        }

        // Writes the Multiboot entries; allocates nothing (it may run between a
        // failed ExitBootServices and the retry, when only the map may be asked for).
        internal static void Convert(in Snapshot map, MultibootInfo info)
        {
            byte* output = info.MapEntries;
            int count = 0;
            ulong lower = 0, upper = 0;
            for (nuint offset = 0; offset < map.Size; offset += map.DescriptorSize)
            {
                var descriptor = (MemoryDescriptor*)(map.Buffer + offset);
                uint type = TypeOf(descriptor->Type);
                ulong start = descriptor->PhysicalStart, length = descriptor->NumberOfPages * PhysicalPages.PageSize;
                if (type == Available && start == 0 && length > lower)
                    lower = length < LowMemoryEnd ? length : LowMemoryEnd;
                if (count > 0 && MergesWith(output + (count - 1) * MultibootInfo.MapEntryBytes, start, type))
                {
                    *(ulong*)(output + (count - 1) * MultibootInfo.MapEntryBytes + 12) += length;
                    continue;
                }
                if (count == MultibootInfo.MaxMapEntries)
                    break;   // the rest is lost to the kernel, which then uses less RAM: safe
                byte* entry = output + count * MultibootInfo.MapEntryBytes;
                *(uint*)entry = MultibootInfo.MapEntryBytes - 4;
                *(ulong*)(entry + 4) = start;
                *(ulong*)(entry + 12) = length;
                *(uint*)(entry + 20) = type;
                count++;
            }
            // mem_upper: the available RAM that starts at 1 MiB, without a gap.
            for (int i = 0; i < count; i++)
            {
                byte* entry = output + i * MultibootInfo.MapEntryBytes;
                ulong start = *(ulong*)(entry + 4), end = start + *(ulong*)(entry + 12);
                if (*(uint*)(entry + 20) == Available && start <= HighMemoryStart && end > HighMemoryStart)
                    upper = end - HighMemoryStart;
            }
            info.SetMemoryMap(count, (uint)(lower / 1024), (uint)(upper / 1024 > uint.MaxValue ? uint.MaxValue : upper / 1024));
        }

        // Fatal unless all of [start, end) is RAM that is free once boot services
        // end: free now, the firmware's boot-services memory, or the loader's own.
        internal static void RequireFreeAfterExit(BootServices* boot, ulong start, ulong end, string what)
        {
            Snapshot map = Prepare(boot);
            Take(boot, ref map);
            ulong covered = 0;
            for (nuint offset = 0; offset < map.Size; offset += map.DescriptorSize)
            {
                var descriptor = (MemoryDescriptor*)(map.Buffer + offset);
                ulong from = descriptor->PhysicalStart, to = from + descriptor->NumberOfPages * PhysicalPages.PageSize;
                if (to <= start || from >= end)
                    continue;
                if (TypeOf(descriptor->Type) != Available)
                    Console.Fatal("memory taken: the firmware keeps " + Number.Hex(from) + "-" + Number.Hex(to) + " (UEFI memory type "
                        + Number.Decimal((ulong)descriptor->Type) + ") where " + what + " must go, " + Number.Hex(start) + "-" + Number.Hex(end));
                covered += (to < end ? to : end) - (from > start ? from : start);
            }
            if (covered != end - start)
                Console.Fatal("memory too small: " + Number.Hex(start) + "-" + Number.Hex(end) + ", where " + what + " must go, is not all RAM");
        }

        private static bool MergesWith(byte* previous, ulong start, uint type) =>
            *(uint*)(previous + 20) == type && *(ulong*)(previous + 4) + *(ulong*)(previous + 12) == start;

        private static uint TypeOf(MemoryType type) => type switch
        {
            MemoryType.Conventional or MemoryType.BootServicesCode or MemoryType.BootServicesData
                or MemoryType.LoaderCode or MemoryType.LoaderData => Available,
            MemoryType.AcpiReclaim => AcpiReclaimable,
            MemoryType.AcpiNvs => AcpiNvs,
            _ => Reserved,
        };
    }
}
