// Outcome of PageMapper.Map and Unmap.
namespace Minix3.Cosmos.Kernel.Memory;

public enum MapResult
{
    Success = 0,

    /// <summary>Zero length, a range that wraps, or flags Map does not accept.</summary>
    InvalidArgument = 1,

    /// <summary>An address or the length is not a multiple of 4 KiB.</summary>
    Misaligned = 2,

    /// <summary>The virtual range is not canonical (bits 63..47 not all equal) or crosses the hole.</summary>
    NotCanonical = 3,

    /// <summary>The physical range reaches past 2^52.</summary>
    PhysicalTooLarge = 4,

    /// <summary>Some page is mapped already and <see cref="MapOptions.AllowRemap"/> was not given. Nothing changed.</summary>
    AlreadyMapped = 5,

    /// <summary>The range cuts through an existing large page (splitting is not supported). Nothing changed.</summary>
    LargePageConflict = 6,

    /// <summary>No frame for a page table. Without AllowRemap, the pages mapped so far are unmapped again.</summary>
    OutOfMemory = 7,
}
