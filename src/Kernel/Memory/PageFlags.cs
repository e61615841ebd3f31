// Caller-facing mapping attributes. Values are the hardware bits of the same name
// (see PageTableEntry), so they go into an entry without translation.
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>Combine with '|'. Mapping implies Present; Translate reports it.</summary>
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

    /// <summary>Survives CR3 reloads (kernel mappings shared by every address space).</summary>
    Global = PageTableEntry.Global,
    NoExecute = PageTableEntry.NoExecute,
}
