// How PageMapper.Map may treat existing mappings and page sizes.
namespace Minix3.Cosmos.Kernel.Memory;

public enum MapOptions
{
    None = 0,

    /// <summary>Replace existing mappings instead of refusing with <see cref="MapResult.AlreadyMapped"/>.</summary>
    AllowRemap = 1,

    /// <summary>Use 2 MiB pages wherever virtual and physical addresses are both 2 MiB aligned.</summary>
    AllowLargePages = 2,
}
