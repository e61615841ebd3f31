// Which boot protocol handed the kernel its info structure.
namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

public enum BootProtocol
{
    /// <summary>Nothing usable was parsed (bad magic or unreadable structure).</summary>
    None = 0,
    Multiboot1 = 1,
    Multiboot2 = 2,
}
