using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

[TestFixture]
public sealed class PageMapperUnmapAndLargePageTests : PageMapperFixture
{
    [Test]
    public void UnmapRemovesPagesAndFreesEmptyTables()
    {
        Mapper.Map(0x7000_0000, 0x10_0000, 8 * Page, PageFlags.Writable, MapOptions.None);
        Assert.That(Mapper.Unmap(0x7000_0000, 8 * Page), Is.EqualTo(MapResult.Success));
        Assert.That(Mapper.Translate(0x7000_0000, out _, out _), Is.False);
        Assert.That(Walker.Leaves(), Is.Empty);
        Assert.That(Walker.TableCount(), Is.EqualTo(1));
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot));
    }

    [Test]
    public void UnmapKeepsTablesThatStillHoldPages()
    {
        Mapper.Map(0x7000_0000, 0x10_0000, 3 * Page, PageFlags.None, MapOptions.None);
        Assert.That(Mapper.Unmap(0x7000_1000, Page), Is.EqualTo(MapResult.Success));
        Assert.That(Walker.Resolve(0x7000_1000).Mapped, Is.False);
        AssertMapped(0x7000_0000, 0x10_0000, Page);
        AssertMapped(0x7000_2000, 0x10_2000, Page);
        Assert.That(Walker.TableCount(), Is.EqualTo(4));
    }

    [Test]
    public void UnmappingHolesIsHarmless()
    {
        Mapper.Map(0x7000_0000, 0x10_0000, Page, PageFlags.None, MapOptions.None);
        Assert.That(Mapper.Unmap(0x1_0000_0000, 64UL << 30), Is.EqualTo(MapResult.Success));
        AssertMapped(0x7000_0000, 0x10_0000, Page);
    }

    [Test]
    public void UnmapSpanningSeveralTablesClearsExactlyTheRange()
    {
        ulong virt = (1UL << 30) - 4 * Page;
        Mapper.Map(virt, 0x10_0000, 8 * Page, PageFlags.None, MapOptions.None);
        Assert.That(Mapper.Unmap(virt + Page, 6 * Page), Is.EqualTo(MapResult.Success));
        var leaves = Walker.Leaves();
        Assert.That(leaves.Count, Is.EqualTo(2));
        Assert.That(leaves[0].Virtual, Is.EqualTo(virt));
        Assert.That(leaves[1].Virtual, Is.EqualTo(virt + 7 * Page));
    }

    [Test]
    public void AlignedRangesUseLargePagesWhenAllowed()
    {
        Assert.That(Mapper.Map(0x4000_0000, 0x40_0000, 2 * Large, PageFlags.Writable, MapOptions.AllowLargePages), Is.EqualTo(MapResult.Success));
        var leaves = Walker.Leaves();
        Assert.That(leaves.Count, Is.EqualTo(2));
        Assert.That(leaves[0].Size, Is.EqualTo(Large));
        Assert.That(Walker.TableCount(), Is.EqualTo(3), "root, PDPT, PD: no page tables");
        Assert.That(Mapper.Translate(0x4000_0000 + Large + 0x12345, out ulong phys, out PageFlags flags), Is.True);
        Assert.That(phys, Is.EqualTo(0x40_0000 + Large + 0x12345));
        Assert.That(flags, Is.EqualTo(PageFlags.Present | PageFlags.Writable | PageFlags.LargePage));
        Assert.That(Walker.Resolve(0x4000_0000 + 0x1F_F000).Physical, Is.EqualTo(0x40_0000 + 0x1F_F000));
    }

    [Test]
    public void LargePagesNeedBothAddressesAligned()
    {
        Mapper.Map(0x4000_0000, 0x40_1000, Large, PageFlags.None, MapOptions.AllowLargePages);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(512));
        Assert.That(Walker.Leaves().TrueForAll(l => l.Size == Page), Is.True);
        AssertMapped(0x4000_0000, 0x40_1000, Large);
    }

    [Test]
    public void RaggedRangesMixSmallAndLargePages()
    {
        ulong virt = 0x4000_0000 - Page, phys = 0x40_0000 - Page;
        Mapper.Map(virt, phys, 2 * Large + 2 * Page, PageFlags.None, MapOptions.AllowLargePages);
        var leaves = Walker.Leaves();
        Assert.That(leaves.ConvertAll(l => l.Size), Is.EqualTo(new[] { Page, Large, Large, Page }));
        AssertMapped(virt, phys, 2 * Large + 2 * Page);
    }

    [Test]
    public void WithoutTheOptionOnlySmallPagesAreUsed()
    {
        Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.None);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(512));
    }

    [Test]
    public void CuttingThroughALargePageIsRefused()
    {
        Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.AllowLargePages);
        Assert.That(Mapper.Unmap(0x4000_0000 + Page, Page), Is.EqualTo(MapResult.LargePageConflict));
        Assert.That(Mapper.Unmap(0x4000_0000 - Page, 2 * Page), Is.EqualTo(MapResult.LargePageConflict));
        AssertMapped(0x4000_0000, 0x40_0000, Large);
        Assert.That(Mapper.Unmap(0x4000_0000 - Page, Large + 2 * Page), Is.EqualTo(MapResult.Success));
        Assert.That(Walker.Leaves(), Is.Empty);
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot));
    }

    [Test]
    public void SmallPageInsideALargePageIsRefused()
    {
        Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.AllowLargePages);
        Assert.That(Mapper.Map(0x4000_1000, 0x80_0000, Page, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.AlreadyMapped));
        Assert.That(Mapper.Map(0x4000_1000, 0x80_0000, Page, PageFlags.None, MapOptions.AllowRemap), Is.EqualTo(MapResult.LargePageConflict));
        Assert.That(Walker.Resolve(0x4000_1000).Physical, Is.EqualTo(0x40_1000));
    }

    [Test]
    public void LargePageOverAPageTableNeedsRemapAndFreesTheTable()
    {
        Mapper.Map(0x4000_3000, 0x80_0000, Page, PageFlags.None, MapOptions.None);
        ulong free = Frames.FreeFrames;
        Assert.That(Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.AllowLargePages), Is.EqualTo(MapResult.AlreadyMapped));
        Assert.That(Walker.Resolve(0x4000_3000).Physical, Is.EqualTo(0x80_0000));
        Assert.That(Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.AllowLargePages | MapOptions.AllowRemap),
            Is.EqualTo(MapResult.Success));
        Assert.That(Walker.Resolve(0x4000_3000).Physical, Is.EqualTo(0x40_3000));
        Assert.That(Walker.Resolve(0x4000_3000).PageSize, Is.EqualTo(Large));
        Assert.That(Frames.FreeFrames, Is.EqualTo(free + 1), "the replaced page table went back");
    }

    [Test]
    public void LargePageReplacesALargePageWhenRemapIsAllowed()
    {
        Mapper.Map(0x4000_0000, 0x40_0000, Large, PageFlags.None, MapOptions.AllowLargePages);
        Assert.That(Mapper.Map(0x4000_0000, 0x80_0000, Large, PageFlags.Writable, MapOptions.AllowLargePages | MapOptions.AllowRemap),
            Is.EqualTo(MapResult.Success));
        Assert.That(Walker.Resolve(0x4000_0000).Physical, Is.EqualTo(0x80_0000));
        Assert.That(Walker.Resolve(0x4000_0000).Writable, Is.True);
    }

    [Test]
    public void OneGibPagesFromAnotherBuilderAreReadAndRespected()
    {
        // Hand-build a 1 GiB page at 3 GiB (as a boot stub might) in PDPT slot 3.
        Assert.That(Frames.TryAllocate(true, out ulong pdpt), Is.True);
        Ram.Write64(Mapper.RootTable, pdpt | PageTableWalker.P | PageTableWalker.RW);
        Ram.Write64(pdpt + 3 * 8, 0xC000_0000 | PageTableWalker.P | PageTableWalker.RW | PageTableWalker.PS);
        Assert.That(Mapper.Translate(0xC123_4567, out ulong phys, out PageFlags flags), Is.True);
        Assert.That(phys, Is.EqualTo(0xC123_4567));
        Assert.That(flags & PageFlags.LargePage, Is.EqualTo(PageFlags.LargePage));
        Assert.That(Mapper.Map(0xC000_0000, 0, Large, PageFlags.None, MapOptions.AllowLargePages | MapOptions.AllowRemap),
            Is.EqualTo(MapResult.LargePageConflict));
        Assert.That(Mapper.Unmap(0xC000_0000, Large), Is.EqualTo(MapResult.LargePageConflict));
        Assert.That(Mapper.Unmap(0xC000_0000, 1UL << 30), Is.EqualTo(MapResult.Success));
        Assert.That(Mapper.Translate(0xC123_4567, out _, out _), Is.False);
    }
}
