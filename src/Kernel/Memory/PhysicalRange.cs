// A half-open range of physical addresses, shared by the boot info parser (what
// the loader handed us) and the frame allocator (what is usable).
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>Physical addresses [Start, End). Invariant kept by producers: Start &lt;= End.</summary>
public struct PhysicalRange
{
    public ulong Start;
    public ulong End;

    public PhysicalRange(ulong start, ulong end)
    {
        Start = start;
        End = end;
    }

    public readonly ulong Length => End - Start;

    public readonly bool IsEmpty => End <= Start;

    /// <summary>True when the two ranges share at least one byte.</summary>
    public readonly bool Overlaps(ulong start, ulong end)
    {
        return start < End && Start < end;
    }
}
