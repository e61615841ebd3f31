// Shared set-up for the page-table tests: 32 MiB of fake RAM full of garbage
// (reached through a direct map with an offset, as in no kernel), a frame
// allocator over it, an empty address space, and an independent walker over
// the same tables.
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

public abstract class AddressSpaceFixture
{
    protected const ulong Page = 4096;
    protected const ulong Large = 2UL << 20;
    protected const ulong RamSize = 32UL << 20;
    /// <summary>The first user address.</summary>
    protected const ulong U = UserSpace.Base;

    internal FakeRam Ram = null!;
    internal PageTableWalker Walker = null!;
    internal FrameAllocator Frames = null!;
    internal AddressSpace Space = null!;

    /// <summary>Free frames right after the root table was allocated.</summary>
    protected ulong FreeAfterRoot;

    [SetUp]
    public void CreateAddressSpace()
    {
        Ram = new FakeRam(RamSize);
        Frames = new FrameAllocator(Ram.Map);
        Assert.That(Frames.Build(new[] { new MemoryRegion(1UL << 20, RamSize - (1UL << 20), MemoryRegionType.Available) }), Is.True);
        Space = AddressSpace.Create(Frames, 0, Ram.Map)!;
        Walker = new PageTableWalker(Ram, Space.Root);
        FreeAfterRoot = Frames.FreeFrames;
    }

    [TearDown]
    public void FreeRam() => Ram.Dispose();

    /// <summary>Asserts that every page of [virt, +length) reaches the matching physical page.</summary>
    internal void AssertMapped(ulong virt, ulong phys, ulong length)
    {
        for (ulong offset = 0; offset < length; offset += Page)
        {
            PageTableWalker.Walk walk = Walker.Resolve(virt + offset);
            Assert.That(walk.Mapped, Is.True, $"0x{virt + offset:X} not mapped");
            Assert.That(walk.Physical, Is.EqualTo(phys + offset), $"0x{virt + offset:X}");
            Assert.That(Space.Translate(virt + offset + 0x123, out ulong translated, out _), Is.True);
            Assert.That(translated, Is.EqualTo(phys + offset + 0x123));
        }
    }
}
