// Shared set-up for the page-table builder tests: 32 MiB of fake RAM full of
// garbage, a frame allocator over it, an empty address space, and an
// independent walker over the same tables.
using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

public abstract class PageMapperFixture
{
    protected const ulong Page = 4096;
    protected const ulong Large = 2UL << 20;
    protected const ulong RamSize = 32UL << 20;

    internal FakeRam Ram = null!;
    internal PageTableWalker Walker = null!;
    protected FrameAllocator Frames = null!;
    protected PageMapper Mapper = null!;

    /// <summary>Free frames right after the root table was allocated.</summary>
    protected ulong FreeAfterRoot;

    [SetUp]
    public void CreateAddressSpace()
    {
        Ram = new FakeRam(RamSize);
        Frames = new FrameAllocator(Ram.Map);
        Assert.That(Frames.Build(new[] { new MemoryRegion(1UL << 20, RamSize - (1UL << 20), MemoryRegionType.Available) }), Is.True);
        Assert.That(PageMapper.TryCreateRoot(Frames, out ulong root), Is.True);
        Mapper = new PageMapper(Frames, Ram.Map, root);
        Walker = new PageTableWalker(Ram, root);
        FreeAfterRoot = Frames.FreeFrames;
    }

    [TearDown]
    public void FreeRam() => Ram.Dispose();

    /// <summary>Asserts that every page of [virt, +length) reaches the matching physical page.</summary>
    protected void AssertMapped(ulong virt, ulong phys, ulong length)
    {
        for (ulong offset = 0; offset < length; offset += Page)
        {
            PageTableWalker.Walk walk = Walker.Resolve(virt + offset);
            Assert.That(walk.Mapped, Is.True, $"0x{virt + offset:X} not mapped");
            Assert.That(walk.Physical, Is.EqualTo(phys + offset), $"0x{virt + offset:X}");
            Assert.That(Mapper.Translate(virt + offset + 0x123, out ulong translated, out _), Is.True);
            Assert.That(translated, Is.EqualTo(phys + offset + 0x123));
        }
    }
}
