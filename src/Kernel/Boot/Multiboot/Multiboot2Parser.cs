// Multiboot 2 boot information (Multiboot2 Specification 2.0, section 3.6).
//
// Wire format, little-endian:
//   header:  u32 total_size (including the header), u32 reserved
//   tags:    each starts 8-byte aligned: u32 type, u32 size (header included,
//            padding excluded); the next tag starts at align8(tag + size).
//   type 0   end (size 8)
//   type 1   command line: C string at +8
//   type 2   boot loader name: C string at +8
//   type 3   module: u32 mod_start, u32 mod_end (exclusive), C string at +16
//   type 4   basic memory: u32 mem_lower, u32 mem_upper (KiB)
//   type 6   memory map: u32 entry_size, u32 entry_version, then entries of
//            u64 base, u64 length, u32 type, u32 reserved (entry_size is a
//            multiple of 8 and at least 24; entries may grow in later versions)
// Everything, strings included, lies inside [info, info + total_size).
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

internal static class Multiboot2Parser
{
    private const ulong HeaderSize = 8;
    private const ulong TagHeaderSize = 8;
    private const uint TagEnd = 0;
    private const uint TagCommandLine = 1;
    private const uint TagLoaderName = 2;
    private const uint TagModule = 3;
    private const uint TagBasicMemory = 4;
    private const uint TagMemoryMap = 6;
    private const uint MinMapEntrySize = 24;

    public static bool Parse(ulong info, ulong readable, DirectMap memory, BootInfo result)
    {
        if (readable < HeaderSize)
        {
            result.Report(BootProblemKind.InfoOutOfRange, info);
            return false;
        }
        if ((info & 7) != 0)
            result.Report(BootProblemKind.InfoMisaligned, info);
        ulong total = MultibootParser.Read32(memory, info);
        if (total < HeaderSize + TagHeaderSize)
        {
            result.Report(BootProblemKind.TotalSizeTooSmall, total);
            return false;
        }
        // Parse what we may read; tags that would need the rest are refused below.
        ulong limit = total;
        if (total > readable)
        {
            result.Report(BootProblemKind.TotalSizeBeyondLimit, total);
            limit = readable;
        }
        result.InfoRange = new PhysicalRange(info, info + limit);
        result.AddLoaderData(info, limit);

        ulong offset = HeaderSize;
        bool sawEnd = false;
        bool sawCommandLine = false;
        bool sawLoaderName = false;
        while (limit - offset >= TagHeaderSize)
        {
            uint type = MultibootParser.Read32(memory, info + offset);
            ulong size = MultibootParser.Read32(memory, info + offset + 4);
            if (size < TagHeaderSize)
            {
                result.Report(BootProblemKind.TagTooSmall, info + offset);
                break;
            }
            if (size > limit - offset)
            {
                result.Report(BootProblemKind.TagPastEnd, info + offset);
                break;
            }
            if (type == TagEnd)
            {
                sawEnd = true;
                break;
            }
            ParseTag(type, info + offset, size, memory, result, ref sawCommandLine, ref sawLoaderName);
            // offset + size <= limit < 2^33, so the sum and the rounding cannot wrap.
            offset = (offset + size + 7) & ~7UL;
            if (offset > limit)
                offset = limit;
        }
        if (!sawEnd)
            result.Report(BootProblemKind.MissingEndTag, info + offset);
        return true;
    }

    /// <summary>Handles one tag that lies wholly within the structure; size &gt;= 8.</summary>
    private static void ParseTag(
        uint type, ulong tag, ulong size, DirectMap memory, BootInfo result, ref bool sawCommandLine, ref bool sawLoaderName)
    {
        BootString text;
        switch (type)
        {
            case TagCommandLine:
                if (sawCommandLine)
                {
                    result.Report(BootProblemKind.DuplicateTag, type);
                    return;
                }
                sawCommandLine = true;
                MultibootParser.ReadString(memory, tag + 8, size - 8, result, out text);
                result.CommandLine = text;
                return;
            case TagLoaderName:
                if (sawLoaderName)
                {
                    result.Report(BootProblemKind.DuplicateTag, type);
                    return;
                }
                sawLoaderName = true;
                MultibootParser.ReadString(memory, tag + 8, size - 8, result, out text);
                result.LoaderName = text;
                return;
            case TagModule:
                if (size < 17)
                {
                    result.Report(BootProblemKind.TagTooSmall, tag);
                    return;
                }
                uint start = MultibootParser.Read32(memory, tag + 8);
                uint end = MultibootParser.Read32(memory, tag + 12);
                text = default;
                if (end >= start)
                    MultibootParser.ReadString(memory, tag + 16, size - 16, result, out text);
                result.AddModule(start, end, text);
                return;
            case TagBasicMemory:
                if (size < 16)
                {
                    result.Report(BootProblemKind.TagTooSmall, tag);
                    return;
                }
                result.HasBasicMemory = true;
                result.LowerMemoryKiB = MultibootParser.Read32(memory, tag + 8);
                result.UpperMemoryKiB = MultibootParser.Read32(memory, tag + 12);
                return;
            case TagMemoryMap:
                ParseMemoryMap(tag, size, memory, result);
                return;
            default:
                return; // framebuffer, ACPI, ELF sections...: not ours to judge
        }
    }

    private static void ParseMemoryMap(ulong tag, ulong size, DirectMap memory, BootInfo result)
    {
        if (size < 16)
        {
            result.Report(BootProblemKind.TagTooSmall, tag);
            return;
        }
        ulong entrySize = MultibootParser.Read32(memory, tag + 8);
        if (entrySize < MinMapEntrySize || (entrySize & 7) != 0)
        {
            result.Report(BootProblemKind.MemoryMapEntrySizeInvalid, entrySize);
            return;
        }
        ulong end = tag + size;
        for (ulong entry = tag + 16; entry < end; entry += entrySize)
        {
            if (end - entry < entrySize)
            {
                result.Report(BootProblemKind.MemoryMapEntryPastEnd, entry);
                return;
            }
            result.MemoryMap.Add(
                MultibootParser.Read64(memory, entry),
                MultibootParser.Read64(memory, entry + 8),
                MultibootParser.Read32(memory, entry + 16),
                result);
        }
    }
}
