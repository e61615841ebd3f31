// One entry of the (cleaned) physical memory map.
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>Physical addresses [Base, Base + Length) of one <see cref="MemoryRegionType"/>.</summary>
public struct MemoryRegion
{
    public ulong Base;
    public ulong Length;
    public MemoryRegionType Type;

    public MemoryRegion(ulong baseAddress, ulong length, MemoryRegionType type)
    {
        Base = baseAddress;
        Length = length;
        Type = type;
    }

    /// <summary>One past the last byte. Producers guarantee Base + Length does not wrap.</summary>
    public readonly ulong End => Base + Length;
}
