// Multiboot 1 info structure (Multiboot Specification 0.6.96, section 3.3).
//
// Wire format, all little-endian u32 unless noted; a field is valid only when its
// flag bit is set:
//   0  flags
//   4  mem_lower, 8 mem_upper (KiB)                      bit 0
//   16 cmdline (physical address of a C string)          bit 2
//   20 mods_count, 24 mods_addr                          bit 3
//   44 mmap_length, 48 mmap_addr                         bit 6
//   64 boot_loader_name (physical address of C string)   bit 9
// The structure is at most 116 bytes (through the framebuffer fields).
// Module entry (16 bytes): mod_start, mod_end (exclusive), string, reserved.
// Memory map entry: u32 size (NOT counting itself), u64 base, u64 length, u32 type;
// the next entry starts size + 4 bytes later.
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

internal static class Multiboot1Parser
{
    private const ulong FullInfoSize = 116;
    private const uint FlagMemory = 1u << 0;
    private const uint FlagCommandLine = 1u << 2;
    private const uint FlagModules = 1u << 3;
    private const uint FlagMemoryMap = 1u << 6;
    private const uint FlagLoaderName = 1u << 9;
    private const ulong ModuleEntrySize = 16;
    private const uint MinMapEntrySize = 20;

    public static bool Parse(ulong info, ulong readable, DirectMap memory, BootInfo result)
    {
        if (readable < 4)
        {
            result.Report(BootProblemKind.InfoOutOfRange, info);
            return false;
        }
        ulong size = readable < FullInfoSize ? readable : FullInfoSize;
        result.InfoRange = new PhysicalRange(info, info + size);
        result.AddLoaderData(info, size);
        uint flags = MultibootParser.Read32(memory, info);

        if ((flags & FlagMemory) != 0 && Has(readable, 4, 8, result))
        {
            result.HasBasicMemory = true;
            result.LowerMemoryKiB = MultibootParser.Read32(memory, info + 4);
            result.UpperMemoryKiB = MultibootParser.Read32(memory, info + 8);
        }
        if ((flags & FlagCommandLine) != 0 && Has(readable, 16, 4, result))
            result.CommandLine = ExternalString(MultibootParser.Read32(memory, info + 16), memory, result);
        if ((flags & FlagModules) != 0 && Has(readable, 20, 8, result))
            ParseModules(MultibootParser.Read32(memory, info + 20), MultibootParser.Read32(memory, info + 24), memory, result);
        if ((flags & FlagMemoryMap) != 0 && Has(readable, 44, 8, result))
            ParseMemoryMap(MultibootParser.Read32(memory, info + 44), MultibootParser.Read32(memory, info + 48), memory, result);
        if ((flags & FlagLoaderName) != 0 && Has(readable, 64, 4, result))
            result.LoaderName = ExternalString(MultibootParser.Read32(memory, info + 64), memory, result);

        // Without a usable map, the BIOS sizes still describe two certain stretches of RAM.
        if (result.MemoryMap.Count == 0 && result.HasBasicMemory)
        {
            result.MemoryMap.Add(0, (ulong)result.LowerMemoryKiB * 1024, (uint)MemoryRegionType.Available, result);
            result.MemoryMap.Add(0x100000, (ulong)result.UpperMemoryKiB * 1024, (uint)MemoryRegionType.Available, result);
        }
        return true;
    }

    /// <summary>True when the field at [offset, offset + size) is readable; reports otherwise.</summary>
    private static bool Has(ulong readable, ulong offset, ulong size, BootInfo result)
    {
        if (offset + size <= readable)
            return true;
        result.Report(BootProblemKind.InfoTruncated, offset);
        return false;
    }

    /// <summary>A string outside the info structure; address 0 means "none" and is not a problem.</summary>
    private static BootString ExternalString(uint physical, DirectMap memory, BootInfo result)
    {
        if (physical == 0)
            return default;
        ulong spanned = MultibootParser.ReadString(memory, physical, MultibootParser.MaxStringLength + 1, result, out BootString text);
        result.AddLoaderData(physical, spanned);
        return text;
    }

    private static void ParseModules(uint count, uint address, DirectMap memory, BootInfo result)
    {
        if (count == 0)
            return;
        ulong bytes = count * ModuleEntrySize;
        if (!memory.Covers(address, bytes))
        {
            result.Report(BootProblemKind.ModulesOutOfRange, address);
            return;
        }
        result.AddLoaderData(address, bytes);
        for (uint i = 0; i < count; i++)
        {
            ulong entry = address + i * ModuleEntrySize;
            uint start = MultibootParser.Read32(memory, entry);
            uint end = MultibootParser.Read32(memory, entry + 4);
            if (result.Modules.Length == BootInfo.MaxModules)
            {
                result.AddModule(start, end, default); // records TooManyModules
                return;
            }
            if (end < start)
            {
                result.AddModule(start, end, default); // records ModuleEndBeforeStart
                continue;
            }
            BootString name = ExternalString(MultibootParser.Read32(memory, entry + 8), memory, result);
            result.AddModule(start, end, name);
        }
    }

    /// <summary>Feeds every well-formed entry to the map; stops at the first malformed one.</summary>
    private static void ParseMemoryMap(uint length, uint address, DirectMap memory, BootInfo result)
    {
        if (!memory.Covers(address, length))
        {
            result.Report(BootProblemKind.MemoryMapOutOfRange, address);
            return;
        }
        result.AddLoaderData(address, length);
        ulong end = (ulong)address + length;
        ulong entry = address;
        while (entry < end)
        {
            if (end - entry < 4)
            {
                result.Report(BootProblemKind.MemoryMapEntryPastEnd, entry);
                break;
            }
            uint size = MultibootParser.Read32(memory, entry);
            if (size < MinMapEntrySize)
            {
                result.Report(BootProblemKind.MemoryMapEntrySizeInvalid, size);
                break;
            }
            if ((ulong)size + 4 > end - entry)
            {
                result.Report(BootProblemKind.MemoryMapEntryPastEnd, entry);
                break;
            }
            result.MemoryMap.Add(
                MultibootParser.Read64(memory, entry + 4),
                MultibootParser.Read64(memory, entry + 12),
                MultibootParser.Read32(memory, entry + 20),
                result);
            entry += (ulong)size + 4;
        }
    }
}
