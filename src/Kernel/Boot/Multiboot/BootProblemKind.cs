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

    /// <summary>The magic is not Multiboot's. Value: the magic.</summary>
    BadMagic = 1,

    /// <summary>The info structure is outside the direct map or too short for its header. Value: its address.</summary>
    InfoOutOfRange = 2,

    /// <summary>The flags announce a field beyond the readable bytes; the field is skipped. Value: the field's offset.</summary>
    InfoTruncated = 4,

    /// <summary>A memory map entry size is too small; the rest of the map is dropped. Value: the size.</summary>
    MemoryMapEntrySizeInvalid = 11,

    /// <summary>A memory map entry runs past the end of the map; the rest of the map is dropped. Value: the entry's address.</summary>
    MemoryMapEntryPastEnd = 12,

    /// <summary>The memory map array lies outside the direct map. Value: its address.</summary>
    MemoryMapOutOfRange = 13,

    /// <summary>The module array lies outside the direct map. Value: its address.</summary>
    ModulesOutOfRange = 14,

    /// <summary>A module ends before it starts; it is dropped. Value: its start.</summary>
    ModuleEndBeforeStart = 15,

    /// <summary>More modules than <see cref="BootInfo.MaxModules"/>; the rest are dropped. Value: the dropped module's start.</summary>
    TooManyModules = 16,

    /// <summary>More available ranges than <see cref="BootInfo.MaxRanges"/>; the range is dropped. Value: its base.</summary>
    TooManyRegions = 20,

    /// <summary>A string lies outside the direct map; treated as empty. Value: its address.</summary>
    StringOutOfRange = 21,

    /// <summary>A string has no NUL within the direct map and <see cref="MultibootParser.MaxStringLength"/>; treated as empty. Value: its address.</summary>
    StringUnterminated = 22,

    /// <summary>More loader data ranges than <see cref="BootInfo.MaxRanges"/>. Value: the range's start.</summary>
    TooManyLoaderDataRanges = 23,
}
