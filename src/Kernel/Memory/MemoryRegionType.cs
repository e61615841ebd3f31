// Kinds of physical memory reported by the firmware through the boot loader.
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>
/// Values match the Multiboot 1 and 2 memory map "type" field (which both take from
/// the BIOS E820 call), so a raw type can be cast after range-checking. Any raw
/// value outside 1..5 is treated as <see cref="Reserved"/>, as both specs demand.
/// </summary>
public enum MemoryRegionType : uint
{
    Available = 1,
    Reserved = 2,
    AcpiReclaimable = 3,
    AcpiNvs = 4,
    Bad = 5,
}
