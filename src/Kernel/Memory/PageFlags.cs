// Caller-facing mapping attributes. Values are the hardware bits of the same name
// (see PageTableEntry), so they go into an entry without translation.
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>
/// Combine with '|'. For <see cref="PageMapper.Map"/>, Present is implied and LargePage is
/// chosen by <see cref="MapOptions.AllowLargePages"/>; both appear in what
/// <see cref="PageMapper.Translate"/> reports.
/// </summary>
public enum PageFlags : ulong
{
    None = 0,
    Present = PageTableEntry.Present,
    Writable = PageTableEntry.Writable,
    User = PageTableEntry.User,

    /// <summary>Write-through caching (with <see cref="CacheDisable"/>: device memory).</summary>
    WriteThrough = PageTableEntry.WriteThrough,

    /// <summary>Uncached: for memory-mapped device registers.</summary>
    CacheDisable = PageTableEntry.CacheDisable,

    /// <summary>Reported by Translate for a 2 MiB (or 1 GiB) page; never passed to Map.</summary>
    LargePage = PageTableEntry.LargePage,

    /// <summary>Survives CR3 reloads (kernel mappings shared by every address space).</summary>
    Global = PageTableEntry.Global,
    NoExecute = PageTableEntry.NoExecute,
}
