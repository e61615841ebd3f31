// Outcome of AddressSpace.MapFresh and MapDevice.
namespace Minix3.Cosmos.Kernel.Memory;

public enum MapResult
{
    Success = 0,

    /// <summary>Zero length, a range outside the user half, a bad physical range, or no room for another range.</summary>
    InvalidArgument = 1,

    /// <summary>An address or the length is not a multiple of 4 KiB.</summary>
    Misaligned = 2,

    /// <summary>Some page is mapped already. Nothing changed.</summary>
    AlreadyMapped = 5,

    /// <summary>No frame for a page or a page table; the pages mapped so far were taken back.</summary>
    OutOfMemory = 7,
}
