// The Multiboot (version 1) info structure (Multiboot Specification 0.6.96,
// section 3.3): QEMU's -kernel and GRUB's `multiboot` command both hand it over.
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
using System;
using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

public static unsafe class MultibootParser
{
    /// <summary>EAX value of a Multiboot loader (EBX then holds the info address).</summary>
    public const uint Multiboot1Magic = 0x2BADB002;

    /// <summary>Longest string accepted (command lines, names), excluding the NUL.</summary>
    public const int MaxStringLength = 4096;

    private const ulong FullInfoSize = 116;
    private const ulong FieldsRead = 68;    // through boot_loader_name
    private const uint FlagMemory = 1u << 0;
    private const uint FlagCommandLine = 1u << 2;
    private const uint FlagModules = 1u << 3;
    private const uint FlagMemoryMap = 1u << 6;
    private const uint FlagLoaderName = 1u << 9;
    private const ulong ModuleEntrySize = 16;
    private const uint MinMapEntrySize = 20;
    private const uint AvailableType = 1;

    /// <summary>
    /// Parses the info structure at physical <paramref name="info"/> into
    /// <paramref name="result"/> (a fresh one). At most <paramref name="readable"/>
    /// bytes of the structure are read, and nothing outside <paramref name="memory"/> is read at
    /// all. Every part dropped is logged as it is found (Skipped). Returns false when nothing
    /// could be parsed (bad magic, a structure unreadable up to the last field the kernel
    /// uses); true otherwise, even if parts were dropped.
    /// </summary>
    public static bool Parse(uint magic, ulong info, ulong readable, DirectMap memory, BootInfo result)
    {
        if (magic != Multiboot1Magic)
        {
            Skipped("not the Multiboot magic", magic);
            return false;
        }
        if (readable < FieldsRead || !memory.Covers(info, FieldsRead))
        {
            Skipped("info structure outside memory or cut short", info);
            return false;
        }
        // Never past the direct map, whatever the caller claims is readable.
        result.AddLoaderData(info, Math.Min(Math.Min(readable, memory.Limit - info), FullInfoSize));
        uint flags = Read32(memory, info);
        if ((flags & FlagCommandLine) != 0)
            result.CommandLine = ExternalString(Read32(memory, info + 16), memory, result);
        if ((flags & FlagModules) != 0)
            ParseModules(Read32(memory, info + 20), Read32(memory, info + 24), memory, result);
        if ((flags & FlagMemoryMap) != 0)
            ParseMemoryMap(Read32(memory, info + 44), Read32(memory, info + 48), memory, result);
        if ((flags & FlagLoaderName) != 0)
            result.LoaderName = ExternalString(Read32(memory, info + 64), memory, result);

        // Without a usable map, the BIOS sizes still describe two certain stretches of RAM.
        if (result.MemoryMap.Length == 0 && (flags & FlagMemory) != 0)
        {
            result.AddRegion(new MemoryRegion(0, (ulong)Read32(memory, info + 4) * 1024, MemoryRegionType.Available));
            result.AddRegion(new MemoryRegion(0x100000, (ulong)Read32(memory, info + 8) * 1024, MemoryRegionType.Available));
        }
        return true;
    }

    private static uint Read32(DirectMap memory, ulong physical) => *(uint*)memory.Pointer(physical);

    /// <summary>
    /// A part of the boot information the kernel will not trust, with the number that
    /// locates it (an address, size or offset). Logged at once: the serial port is up.
    /// </summary>
    private static void Skipped(string what, ulong value)
    {
        Log.Write("boot: skipped malformed entry: ");
        Log.Write(what);
        Log.Write(" (");
        Log.Hex(value);
        Log.Line(")");
    }

    /// <summary>
    /// A NUL-terminated string outside the info structure, whose NUL must lie within
    /// <see cref="MaxStringLength"/> bytes and the direct map; on failure reported and empty.
    /// Address 0 means "none" and is not a problem.
    /// </summary>
    private static BootString ExternalString(uint physical, DirectMap memory, BootInfo result)
    {
        if (physical == 0)
            return default;
        if (!memory.Covers(physical, 1))
        {
            Skipped("string outside memory", physical);
            return default;
        }
        ulong bound = Math.Min(memory.Limit - physical, MaxStringLength + 1);
        byte* start = memory.Pointer(physical);
        for (ulong i = 0; i < bound; i++)
        {
            if (start[i] == 0)
            {
                result.AddLoaderData(physical, i + 1);
                return new BootString(start, (int)i);
            }
        }
        Skipped("string without its end", physical);
        return default;
    }

    private static void ParseModules(uint count, uint address, DirectMap memory, BootInfo result)
    {
        if (count == 0)
            return;
        ulong bytes = count * ModuleEntrySize;
        if (!memory.Covers(address, bytes))
        {
            Skipped("module array outside memory", address);
            return;
        }
        result.AddLoaderData(address, bytes);
        for (uint i = 0; i < count; i++)
        {
            ulong entry = address + i * ModuleEntrySize;
            uint start = Read32(memory, entry);
            uint end = Read32(memory, entry + 4);
            // A dropped module's name is not read, so it is no loader data to keep.
            if (end < start)
                Skipped("module ending before its start", start);
            else if (result.Modules.Length == BootInfo.MaxModules)
            {
                Skipped("module past the most kept", start);
                return;
            }
            else
                result.AddModule(new BootModule(start, end, ExternalString(Read32(memory, entry + 8), memory, result)));
        }
    }

    /// <summary>
    /// Records every entry of the map (the frame allocator makes the unavailable one win
    /// where entries overlap). Stops at the first malformed entry.
    /// </summary>
    private static void ParseMemoryMap(uint length, uint address, DirectMap memory, BootInfo result)
    {
        if (!memory.Covers(address, length))
        {
            Skipped("memory map outside memory", address);
            return;
        }
        result.AddLoaderData(address, length);
        ulong end = (ulong)address + length;
        for (ulong entry = address; entry < end;)
        {
            uint size = end - entry < 4 ? 0 : Read32(memory, entry);   // 0: too small below
            if (size < MinMapEntrySize || (ulong)size + 4 > end - entry)
            {
                Skipped("memory map entry too small or past the map's end, and the rest of the map", entry);
                break;
            }
            ulong start = *(ulong*)memory.Pointer(entry + 4);
            ulong regionLength = *(ulong*)memory.Pointer(entry + 12);
            if (regionLength > ulong.MaxValue - start)
                regionLength = ulong.MaxValue - start;   // a region running off the top ends there
            bool available = Read32(memory, entry + 20) == AvailableType;
            if (!result.AddRegion(new MemoryRegion(start, regionLength, available ? MemoryRegionType.Available : MemoryRegionType.Reserved)))
                Skipped("memory map entry past the most kept", start);
            entry += (ulong)size + 4;
        }
    }
}
