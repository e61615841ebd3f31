using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

[TestFixture]
public sealed class PageMapperTests : PageMapperFixture
{
    private const ulong P = PageTableWalker.P, RW = PageTableWalker.RW, US = PageTableWalker.US, NX = PageTableWalker.NX;

    [Test]
    public void MapsOnePageThatBothWalksFind()
    {
        Assert.That(Mapper.Map(0x4000_0000, 0x80_0000, Page, PageFlags.Writable, MapOptions.None), Is.EqualTo(MapResult.Success));
        AssertMapped(0x4000_0000, 0x80_0000, Page);
        Assert.That(Mapper.Translate(0x4000_0000, out _, out PageFlags flags), Is.True);
        Assert.That(flags, Is.EqualTo(PageFlags.Present | PageFlags.Writable));
        Assert.That(Walker.Leaves().Count, Is.EqualTo(1), "nothing else got mapped");
        Assert.That(Walker.TableCount(), Is.EqualTo(4));
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot - 3), "PDPT, PD and PT came from the allocator");
    }

    [Test]
    public void MapsARangeAcrossEveryTableBoundary()
    {
        ulong virt = (1UL << 39) - 3 * Page; // the last pages of PML4 slot 0 and the first of slot 1
        Assert.That(Mapper.Map(virt, 0x20_0000, 6 * Page, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.Success));
        AssertMapped(virt, 0x20_0000, 6 * Page);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(6));
        Assert.That(Walker.TableCount(), Is.EqualTo(7), "root + two PDPT/PD/PT chains");
    }

    [Test]
    public void NewTablesAreZeroedApartFromTheirOneEntry()
    {
        Mapper.Map(0x1234_5000, 0x40_0000, Page, PageFlags.None, MapOptions.None);
        foreach (ulong table in Walker.Tables())
        {
            int used = 0;
            for (ulong i = 0; i < 512; i++)
            {
                ulong entry = Ram.Read64(table + i * 8);
                Assert.That(entry == 0 || (entry & P) != 0, Is.True, "garbage left in a table");
                if (entry != 0)
                    used++;
            }
            Assert.That(used, Is.EqualTo(1));
        }
    }

    [Test]
    public void IntermediateEntriesTakeTheMostPermissiveFlagsOfTheirChildren()
    {
        const ulong Kernel = 0x4000_0000, UserPage = 0x4000_1000;
        Mapper.Map(Kernel, 0x40_0000, Page, PageFlags.NoExecute, MapOptions.None);
        PageTableWalker.Walk before = Walker.Resolve(Kernel);
        for (int level = 0; level < 3; level++)
        {
            Assert.That(before.Entries[level] & (RW | US), Is.Zero, "a read-only kernel page needs no W/U above it");
            Assert.That(before.Entries[level] & NX, Is.Zero, "NX only at the leaf");
        }
        Mapper.Map(UserPage, 0x40_1000, Page, PageFlags.User | PageFlags.Writable, MapOptions.None);
        PageTableWalker.Walk kernel = Walker.Resolve(Kernel);
        PageTableWalker.Walk user = Walker.Resolve(UserPage);
        for (int level = 0; level < 3; level++)
            Assert.That(kernel.Entries[level] & (RW | US), Is.EqualTo(RW | US), "shared tables widened for the user page");
        Assert.That(user.Writable && user.User, Is.True);
        Assert.That(kernel.Writable || kernel.User || kernel.Executable, Is.False, "the leaf still decides");
    }

    [Test]
    public void WriteXorExecuteMappingsGetTheRightEffectiveRights()
    {
        Mapper.Map(0x40_0000, 0x100_0000, 2 * Page, PageFlags.None, MapOptions.None);                          // text
        Mapper.Map(0x40_2000, 0x100_2000, Page, PageFlags.NoExecute, MapOptions.None);                         // rodata
        Mapper.Map(0x40_3000, 0x100_3000, 2 * Page, PageFlags.Writable | PageFlags.NoExecute, MapOptions.None); // data
        PageTableWalker.Walk text = Walker.Resolve(0x40_1000), rodata = Walker.Resolve(0x40_2000), data = Walker.Resolve(0x40_4000);
        Assert.That((text.Executable, text.Writable), Is.EqualTo((true, false)));
        Assert.That((rodata.Executable, rodata.Writable), Is.EqualTo((false, false)));
        Assert.That((data.Executable, data.Writable), Is.EqualTo((false, true)));
        Assert.That(Mapper.Translate(0x40_4000, out _, out PageFlags flags), Is.True);
        Assert.That(flags, Is.EqualTo(PageFlags.Present | PageFlags.Writable | PageFlags.NoExecute));
    }

    [Test]
    public void DeviceAndGlobalBitsAppearOnlyAtTheLeaf()
    {
        PageFlags device = PageFlags.Writable | PageFlags.CacheDisable | PageFlags.WriteThrough | PageFlags.Global | PageFlags.NoExecute;
        Mapper.Map(0xFFFF_8000_FEE0_0000, 0xFEE0_0000, Page, device, MapOptions.None);
        PageTableWalker.Walk walk = Walker.Resolve(0xFFFF_8000_FEE0_0000);
        Assert.That(walk.Leaf & (PageTableWalker.PCD | PageTableWalker.PWT | PageTableWalker.G), Is.EqualTo(PageTableWalker.PCD | PageTableWalker.PWT | PageTableWalker.G));
        for (int level = 0; level < 3; level++)
            Assert.That(walk.Entries[level] & (PageTableWalker.PCD | PageTableWalker.PWT | PageTableWalker.G | NX), Is.Zero);
        Assert.That(Mapper.Translate(0xFFFF_8000_FEE0_0010, out ulong phys, out PageFlags flags), Is.True);
        Assert.That(phys, Is.EqualTo(0xFEE0_0010));
        Assert.That(flags, Is.EqualTo(device | PageFlags.Present));
    }

    [Test]
    public void HigherHalfAddressesUseTheTopSlots()
    {
        const ulong Virt = 0xFFFF_FFFF_8000_0000; // -2 GiB: PML4 511, PDPT 510
        Assert.That(Mapper.Map(Virt, 0x10_0000, 4 * Page, PageFlags.Global, MapOptions.None), Is.EqualTo(MapResult.Success));
        AssertMapped(Virt, 0x10_0000, 4 * Page);
        Assert.That(Walker.Leaves()[0].Virtual, Is.EqualTo(Virt));
    }

    [Test]
    public void RemappingIsRefusedUnlessAskedAndRefusalChangesNothing()
    {
        Mapper.Map(0x60_0000, 0x100_0000, Page, PageFlags.None, MapOptions.None);
        ulong free = Frames.FreeFrames;
        // The second page is new, the first is taken: the whole request must fail untouched.
        Assert.That(Mapper.Map(0x5F_F000, 0x200_0000, 2 * Page, PageFlags.Writable, MapOptions.None), Is.EqualTo(MapResult.AlreadyMapped));
        Assert.That(Walker.Resolve(0x5F_F000).Mapped, Is.False);
        Assert.That(Walker.Resolve(0x60_0000).Physical, Is.EqualTo(0x100_0000));
        Assert.That(Frames.FreeFrames, Is.EqualTo(free));
        Assert.That(Mapper.Map(0x60_0000, 0x200_0000, Page, PageFlags.Writable, MapOptions.AllowRemap), Is.EqualTo(MapResult.Success));
        Assert.That(Walker.Resolve(0x60_0000).Physical, Is.EqualTo(0x200_0000));
        Assert.That(Walker.Resolve(0x60_0000).Writable, Is.True);
    }

    [TestCase(0x0000_8000_0000_0000UL, Page, MapResult.NotCanonical)]
    [TestCase(0xFFFF_7FFF_FFFF_F000UL, Page, MapResult.NotCanonical)]
    [TestCase(0x0000_7FFF_FFFF_F000UL, 2 * Page, MapResult.NotCanonical)] // runs into the hole
    [TestCase(0xFFFF_FFFF_FFFF_F000UL, 2 * Page, MapResult.InvalidArgument)] // wraps past 2^64
    [TestCase(0x1000_0800UL, Page, MapResult.Misaligned)]
    [TestCase(0x1000_0000UL, 100UL, MapResult.Misaligned)]
    [TestCase(0x1000_0000UL, 0UL, MapResult.InvalidArgument)]
    public void BadVirtualRangesAreRefused(ulong virt, ulong length, MapResult expected)
    {
        Assert.That(Mapper.Map(virt, 0x10_0000, length, PageFlags.None, MapOptions.None), Is.EqualTo(expected));
        Assert.That(Mapper.Unmap(virt, length), Is.EqualTo(expected));
        Assert.That(Walker.TableCount(), Is.EqualTo(1), "nothing was built");
    }

    [Test]
    public void BadPhysicalAddressesAndFlagsAreRefused()
    {
        Assert.That(Mapper.Map(0x1000_0000, 0x10_0800, Page, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.Misaligned));
        Assert.That(Mapper.Map(0x1000_0000, 1UL << 52, Page, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.PhysicalTooLarge));
        Assert.That(Mapper.Map(0x1000_0000, (1UL << 52) - Page, 2 * Page, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.PhysicalTooLarge));
        Assert.That(Mapper.Map(0x1000_0000, 0x10_0000, Page, PageFlags.LargePage, MapOptions.None), Is.EqualTo(MapResult.InvalidArgument));
        Assert.That(Mapper.Map(0x1000_0000, 0x10_0000, Page, (PageFlags)(1UL << 9), MapOptions.None), Is.EqualTo(MapResult.InvalidArgument));
        Assert.That(Walker.TableCount(), Is.EqualTo(1));
    }

    [Test]
    public void TranslateReportsUnmappedAndNonCanonicalAddresses()
    {
        Assert.That(Mapper.Translate(0x1000_0000, out ulong phys, out PageFlags flags), Is.False);
        Assert.That((phys, flags), Is.EqualTo((0UL, PageFlags.None)));
        Assert.That(Mapper.Translate(0x0000_8000_0000_0000, out _, out _), Is.False);
    }

    [TestCase(0UL)]
    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void RunningOutOfFramesUndoesThePartialMapping(ulong spare)
    {
        // 4 MiB of small pages needs a PDPT, a PD and two PTs: four frames. Fail at each one.
        while (Frames.FreeFrames > spare)
            Frames.TryAllocate(false, out _);
        Assert.That(Mapper.Map(0x4000_0000, 0x10_0000, 2 * Large, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.OutOfMemory));
        Assert.That(Walker.Leaves(), Is.Empty);
        Assert.That(Walker.TableCount(), Is.EqualTo(1), "tables built for the failed call were freed");
        Assert.That(Frames.FreeFrames, Is.EqualTo(spare));
    }

    [Test]
    public void OutOfMemoryLeavesEarlierMappingsAlone()
    {
        Mapper.Map(0x4000_0000, 0x10_0000, Page, PageFlags.None, MapOptions.None);
        while (Frames.FreeFrames > 0)
            Frames.TryAllocate(false, out _);
        Assert.That(Mapper.Map(0x4000_1000, 0x20_0000, Large, PageFlags.None, MapOptions.None), Is.EqualTo(MapResult.OutOfMemory));
        AssertMapped(0x4000_0000, 0x10_0000, Page);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(1));
    }

    [Test]
    public void NoExecuteOnAnExistingIntermediateEntryIsLifted()
    {
        // A loader's tables may carry NX high up; under it no page could ever run.
        Mapper.Map(0x4000_0000, 0x10_0000, Page, PageFlags.None, MapOptions.None);
        ulong pml4e = Ram.Read64(Mapper.RootTable);
        Ram.Write64(Mapper.RootTable, pml4e | NX);
        Assert.That(Walker.Resolve(0x4000_0000).Executable, Is.False);
        Mapper.Map(0x4000_1000, 0x10_1000, Page, PageFlags.None, MapOptions.None);
        Assert.That(Walker.Resolve(0x4000_1000).Executable, Is.True);
        Assert.That(Walker.Resolve(0x4000_0000).Executable, Is.True);
    }
}
