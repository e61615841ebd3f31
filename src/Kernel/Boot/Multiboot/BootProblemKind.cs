// Codes for everything the boot info parser found wrong and refused to trust.
// The kernel cannot print while parsing (no console yet), so problems are
// recorded and printed later as "kind value" pairs.
namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// What went wrong. The comment on each member says what the accompanying
/// <see cref="BootProblem.Value"/> holds. Numeric values are stable: they are printed.
/// </summary>
public enum BootProblemKind : uint
{
    None = 0,

    /// <summary>The magic is neither Multiboot 1 nor 2. Value: the magic.</summary>
    BadMagic = 1,

    /// <summary>The info structure is outside the direct map or too short for its header. Value: its address.</summary>
    InfoOutOfRange = 2,

    /// <summary>Multiboot 2 info is not 8-byte aligned (parsed anyway). Value: its address.</summary>
    InfoMisaligned = 3,

    /// <summary>Multiboot 1 flags announce a field beyond the readable bytes; the field is skipped. Value: the field's offset.</summary>
    InfoTruncated = 4,

    /// <summary>Multiboot 2 total_size exceeds the readable bytes; only the readable part is parsed. Value: total_size.</summary>
    TotalSizeBeyondLimit = 5,

    /// <summary>Multiboot 2 total_size cannot even hold the header and an end tag. Value: total_size.</summary>
    TotalSizeTooSmall = 6,

    /// <summary>A tag's size is below its 8-byte header (or below what its type needs); parsing stops or the tag is skipped. Value: the tag's address.</summary>
    TagTooSmall = 7,

    /// <summary>A tag runs past the end of the structure; parsing stops. Value: the tag's address.</summary>
    TagPastEnd = 8,

    /// <summary>No end tag was found before the end of the structure. Value: the address reached.</summary>
    MissingEndTag = 9,

    /// <summary>A tag that may appear once appeared again; the first wins. Value: the tag type.</summary>
    DuplicateTag = 10,

    /// <summary>A memory map entry size is too small (or, for Multiboot 2, not a multiple of 8). Value: the size.</summary>
    MemoryMapEntrySizeInvalid = 11,

    /// <summary>A memory map entry runs past the end of the map; the rest of the map is dropped. Value: the entry's address.</summary>
    MemoryMapEntryPastEnd = 12,

    /// <summary>The Multiboot 1 memory map array lies outside the direct map. Value: its address.</summary>
    MemoryMapOutOfRange = 13,

    /// <summary>The Multiboot 1 module array lies outside the direct map. Value: its address.</summary>
    ModulesOutOfRange = 14,

    /// <summary>A module ends before it starts; it is dropped. Value: its start.</summary>
    ModuleEndBeforeStart = 15,

    /// <summary>More modules than <see cref="BootInfo.MaxModules"/>; the rest are dropped. Value: the dropped module's start.</summary>
    TooManyModules = 16,

    /// <summary>A memory region of length zero; dropped. Value: its base.</summary>
    ZeroLengthRegion = 17,

    /// <summary>A memory region whose end wraps past 2^64; dropped. Value: its base.</summary>
    RegionWraps = 18,

    /// <summary>A memory region overlaps an earlier one; see <see cref="BootMemoryMap"/> for who wins. Value: its base.</summary>
    OverlappingRegion = 19,

    /// <summary>More regions than <see cref="BootMemoryMap.Capacity"/>; the region is dropped. Value: its base.</summary>
    TooManyRegions = 20,

    /// <summary>A string lies outside the direct map; treated as empty. Value: its address.</summary>
    StringOutOfRange = 21,

    /// <summary>A string has no NUL within its bounds (or within <see cref="MultibootParser.MaxStringLength"/>); treated as empty. Value: its address.</summary>
    StringUnterminated = 22,

    /// <summary>More loader data ranges than <see cref="BootInfo.MaxLoaderData"/>. Value: the range's start.</summary>
    TooManyLoaderDataRanges = 23,
}
