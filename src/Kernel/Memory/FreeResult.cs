// Outcome of returning frames to the FrameAllocator.
namespace Minix3.Cosmos.Kernel.Memory;

/// <summary>Why a free was refused; on any refusal nothing at all was freed.</summary>
public enum FreeResult
{
    Freed = 0,

    /// <summary>The address is not 4 KiB aligned, or the count is zero or absurd.</summary>
    Invalid = 2,

    /// <summary>Some frame was never usable (reserved, a hole, the allocator's own bitmap).</summary>
    NotUsable = 3,

    /// <summary>Some frame is already free.</summary>
    DoubleFree = 4,
}
