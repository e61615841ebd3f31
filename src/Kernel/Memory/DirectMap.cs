// The window through which the kernel reaches physical memory. Every piece of
// hardware-free logic that reads or writes physical memory (boot info parsing,
// the frame allocator, the page-table builder) goes through one of these, so the
// same code runs in the kernel (identity map, offset 0) and in host tests (a fake
// RAM block whose host address is the offset).
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>
/// Physical address p is reachable at virtual address p + the offset given, for
/// every p in [0, <see cref="Limit"/>). Nothing at or above Limit may be touched.
/// </summary>
public unsafe struct DirectMap
{
    private readonly ulong offset;
    private readonly ulong limit;

    public DirectMap(ulong offset, ulong limit)
    {
        this.offset = offset;
        this.limit = limit;
    }

    /// <summary>First physical address that is NOT mapped.</summary>
    public readonly ulong Limit => limit;

    /// <summary>True when [physical, physical + length) lies wholly inside the window.</summary>
    /// <remarks>Written so that no sum can wrap: a huge length cannot sneak past.</remarks>
    public readonly bool Covers(ulong physical, ulong length)
    {
        return physical <= limit && length <= limit - physical;
    }

    /// <summary>Pointer to physical address <paramref name="physical"/>; the caller checks <see cref="Covers"/>.</summary>
    public readonly byte* Pointer(ulong physical)
    {
        return (byte*)(physical + offset);
    }
}
