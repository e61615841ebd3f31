// Entry point of boot info parsing: picks the protocol by the magic value the
// loader left in EAX, and holds the bounds-checked readers both protocols share.
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

public static unsafe class MultibootParser
{
    /// <summary>EAX value of a Multiboot 1 loader (EBX then holds the info address).</summary>
    public const uint Multiboot1Magic = 0x2BADB002;

    /// <summary>EAX value of a Multiboot 2 loader (EBX then holds the info address).</summary>
    public const uint Multiboot2Magic = 0x36D76289;

    /// <summary>Longest string accepted (command lines, names), excluding the NUL.</summary>
    public const int MaxStringLength = 4096;

    /// <summary>
    /// Parses the info structure at physical <paramref name="infoPhysical"/> into
    /// <paramref name="result"/> (which is reset first). At most <paramref name="readableBytes"/>
    /// bytes of the structure are read, and nothing outside <paramref name="memory"/> is read at
    /// all. Returns false when nothing could be parsed (bad magic, unreadable header); true
    /// otherwise, even if parts were dropped: check <see cref="BootInfo.Problems"/>.
    /// </summary>
    public static bool Parse(uint magic, ulong infoPhysical, ulong readableBytes, DirectMap memory, BootInfo result)
    {
        result.Reset();
        if (magic != Multiboot1Magic && magic != Multiboot2Magic)
        {
            result.Report(BootProblemKind.BadMagic, magic);
            return false;
        }
        if (infoPhysical >= memory.Limit)
        {
            result.Report(BootProblemKind.InfoOutOfRange, infoPhysical);
            return false;
        }
        // Never read past the direct map, whatever the caller claims is readable.
        if (readableBytes > memory.Limit - infoPhysical)
            readableBytes = memory.Limit - infoPhysical;
        bool parsed = magic == Multiboot1Magic
            ? Multiboot1Parser.Parse(infoPhysical, readableBytes, memory, result)
            : Multiboot2Parser.Parse(infoPhysical, readableBytes, memory, result);
        if (parsed)
            result.Protocol = magic == Multiboot1Magic ? BootProtocol.Multiboot1 : BootProtocol.Multiboot2;
        return parsed;
    }

    internal static uint Read32(DirectMap memory, ulong physical)
    {
        return *(uint*)memory.Pointer(physical);
    }

    internal static ulong Read64(DirectMap memory, ulong physical)
    {
        return *(ulong*)memory.Pointer(physical);
    }

    /// <summary>
    /// Reads a NUL-terminated string at <paramref name="physical"/> whose NUL must lie within
    /// <paramref name="maxBytes"/> bytes (and the direct map). On failure reports and yields an
    /// empty string. Returns the bytes it spans including the NUL (0 on failure).
    /// </summary>
    internal static ulong ReadString(DirectMap memory, ulong physical, ulong maxBytes, BootInfo info, out BootString result)
    {
        result = default;
        if (!memory.Covers(physical, 1))
        {
            info.Report(BootProblemKind.StringOutOfRange, physical);
            return 0;
        }
        ulong bound = memory.Limit - physical;
        if (maxBytes < bound)
            bound = maxBytes;
        if (bound > MaxStringLength + 1)
            bound = MaxStringLength + 1;
        byte* start = memory.Pointer(physical);
        for (ulong i = 0; i < bound; i++)
        {
            if (start[i] == 0)
            {
                result = new BootString(physical, start, (int)i);
                return i + 1;
            }
        }
        info.Report(BootProblemKind.StringUnterminated, physical);
        return 0;
    }
}
