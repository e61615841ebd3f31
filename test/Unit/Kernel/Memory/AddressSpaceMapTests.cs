using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Memory;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

[TestFixture]
public sealed class AddressSpaceMapTests : AddressSpaceFixture
{
    private const ulong P = PageTableWalker.P, RW = PageTableWalker.RW, US = PageTableWalker.US, NX = PageTableWalker.NX;
    private const PageFlags Device = PageFlags.Present | PageFlags.User | PageFlags.Writable | PageFlags.NoExecute | PageFlags.CacheDisable;

    [Test]
    public void MapsOnePageThatBothWalksFind()
    {
        Assert.That(Space.MapDevice(U, 0x80_0000, Page), Is.EqualTo(MapResult.Success));
        AssertMapped(U, 0x80_0000, Page);
        Assert.That(Space.Translate(U, out _, out PageFlags flags), Is.True);
        Assert.That(flags, Is.EqualTo(Device));
        Assert.That(Walker.Leaves().Count, Is.EqualTo(1), "nothing else got mapped");
        Assert.That(Walker.TableCount(), Is.EqualTo(4));
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot - 3), "PDPT, PD and PT came from the allocator");
    }

    [Test]
    public void MapsARangeAcrossEveryTableBoundary()
    {
        ulong virt = 2 * U - 3 * Page; // the last pages of PML4 slot 1 and the first of slot 2
        Assert.That(Space.MapDevice(virt, 0x20_0000, 6 * Page), Is.EqualTo(MapResult.Success));
        AssertMapped(virt, 0x20_0000, 6 * Page);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(6));
        Assert.That(Walker.TableCount(), Is.EqualTo(7), "root + two PDPT/PD/PT chains");
    }

    [Test]
    public void NewTablesAreZeroedApartFromTheirOneEntry()
    {
        Space.MapDevice(U + 0x1234_5000, 0x40_0000, Page);
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
    public void IntermediateEntriesLetTheLeafDecide()
    {
        Assert.That(Space.MapFresh(U, Page, PageFlags.NoExecute), Is.EqualTo(MapResult.Success));
        PageTableWalker.Walk walk = Walker.Resolve(U);
        for (int level = 0; level < 3; level++)
            Assert.That(walk.Entries[level] & (P | RW | US | NX), Is.EqualTo(P | RW | US), "NX only at the leaf");
        Assert.That((walk.User, walk.Writable, walk.Executable), Is.EqualTo((true, false, false)));
    }

    [Test]
    public void WriteXorExecuteMappingsGetTheRightEffectiveRights()
    {
        Space.MapFresh(U, 2 * Page, PageFlags.None);                                   // text
        Space.MapFresh(U + 0x2000, Page, PageFlags.NoExecute);                         // rodata
        Space.MapFresh(U + 0x3000, 2 * Page, PageFlags.Writable | PageFlags.NoExecute); // data
        PageTableWalker.Walk text = Walker.Resolve(U + 0x1000), rodata = Walker.Resolve(U + 0x2000), data = Walker.Resolve(U + 0x4000);
        Assert.That((text.Executable, text.Writable), Is.EqualTo((true, false)));
        Assert.That((rodata.Executable, rodata.Writable), Is.EqualTo((false, false)));
        Assert.That((data.Executable, data.Writable), Is.EqualTo((false, true)));
        Assert.That(Space.Translate(U + 0x4000, out _, out PageFlags flags), Is.True);
        Assert.That(flags, Is.EqualTo(PageFlags.Present | PageFlags.User | PageFlags.Writable | PageFlags.NoExecute));
        Assert.That(Space.PagesOwned, Is.EqualTo(5));
        Assert.That(Ram.IsZero(Walker.Resolve(U + 0x3000).Physical, Page), Is.True, "fresh frames are zeroed");
    }

    [Test]
    public void CacheAndGlobalBitsAppearOnlyAtTheLeaf()
    {
        const PageFlags flags = PageFlags.Writable | PageFlags.CacheDisable | PageFlags.WriteThrough | PageFlags.Global | PageFlags.NoExecute;
        Assert.That(Space.MapIdentity(0x40_0000, 0x40_1000, flags, false), Is.True);
        PageTableWalker.Walk walk = Walker.Resolve(0x40_0000);
        const ulong LeafOnly = PageTableWalker.PCD | PageTableWalker.PWT | PageTableWalker.G;
        Assert.That(walk.Leaf & LeafOnly, Is.EqualTo(LeafOnly));
        for (int level = 0; level < 3; level++)
            Assert.That(walk.Entries[level] & (LeafOnly | NX), Is.Zero);
        Assert.That(walk.User, Is.False, "the leaf keeps a kernel page the kernel's");
        Assert.That(Space.Translate(0x40_0010, out ulong phys, out PageFlags reported), Is.True);
        Assert.That(phys, Is.EqualTo(0x40_0010));
        Assert.That(reported, Is.EqualTo(flags | PageFlags.Present));
    }

    [Test]
    public void MappingOverAMappedPageIsRefusedAndChangesNothing()
    {
        Space.MapDevice(U + 0x60_0000, 0x100_0000, Page);
        ulong free = Frames.FreeFrames;
        // The first page is new, the second is taken: the whole request must fail untouched.
        Assert.That(Space.MapDevice(U + 0x5F_F000, 0x200_0000, 2 * Page), Is.EqualTo(MapResult.AlreadyMapped));
        Assert.That(Space.MapFresh(U + 0x5F_F000, 2 * Page, PageFlags.Writable), Is.EqualTo(MapResult.AlreadyMapped));
        Assert.That(Walker.Resolve(U + 0x5F_F000).Mapped, Is.False);
        Assert.That(Walker.Resolve(U + 0x60_0000).Physical, Is.EqualTo(0x100_0000));
        Assert.That(Frames.FreeFrames, Is.EqualTo(free));
        Assert.That(Space.PagesOwned, Is.Zero);
    }

    [TestCase(U + 0x800, Page, MapResult.Misaligned)]
    [TestCase(U, 100UL, MapResult.Misaligned)]
    [TestCase(U, 0UL, MapResult.InvalidArgument)]
    [TestCase(U - Page, Page, MapResult.InvalidArgument)]                  // the kernel's slot
    [TestCase(UserSpace.Limit - Page, 2 * Page, MapResult.InvalidArgument)] // runs into the hole
    [TestCase(0xFFFF_8000_0000_0000UL, Page, MapResult.InvalidArgument)]    // the upper half
    [TestCase(0xFFFF_FFFF_FFFF_F000UL, 2 * Page, MapResult.InvalidArgument)] // wraps past 2^64
    public void BadVirtualRangesAreRefused(ulong virt, ulong length, MapResult expected)
    {
        Assert.That(Space.MapDevice(virt, 0x10_0000, length), Is.EqualTo(expected));
        Assert.That(Space.MapFresh(virt, length, PageFlags.Writable), Is.EqualTo(expected));
        Assert.That(Walker.TableCount(), Is.EqualTo(1), "nothing was built");
    }

    [Test]
    public void BadPhysicalRangesAreRefused()
    {
        Assert.That(Space.MapDevice(U, 0x10_0800, Page), Is.EqualTo(MapResult.Misaligned));
        Assert.That(Space.MapDevice(U, 1UL << 52, Page), Is.EqualTo(MapResult.InvalidArgument));
        Assert.That(Space.MapDevice(U, (1UL << 52) - Page, 2 * Page), Is.EqualTo(MapResult.InvalidArgument));
        Assert.That(Walker.TableCount(), Is.EqualTo(1));
    }

    [Test]
    public void TranslateReportsUnmappedAddresses()
    {
        Assert.That(Space.Translate(U, out ulong phys, out PageFlags flags), Is.False);
        Assert.That((phys, flags), Is.EqualTo((0UL, PageFlags.None)));
    }

    [TestCase(0UL)]
    [TestCase(1UL)]
    [TestCase(2UL)]
    [TestCase(3UL)]
    public void RunningOutOfFramesForTablesUndoesThePartialMapping(ulong spare)
    {
        // 4 MiB of small pages needs a PDPT, a PD and two PTs: four frames. Fail at each one.
        while (Frames.FreeFrames > spare)
            Frames.TryAllocate(false, out _);
        Assert.That(Space.MapDevice(U, 0x10_0000, 2 * Large), Is.EqualTo(MapResult.OutOfMemory));
        Assert.That(Walker.Leaves(), Is.Empty);
        Assert.That(Frames.FreeFrames + (ulong)Walker.TableCount() - 1, Is.EqualTo(spare), "the tables made stay, nothing else is taken");
        Space.Destroy();
        Assert.That(Frames.FreeFrames, Is.EqualTo(spare + 1), "Destroy gives back the tables and the root");
    }

    [Test]
    public void RunningOutOfFramesForPagesGivesBackThoseTaken()
    {
        // Three tables and five of the eight pages.
        while (Frames.FreeFrames > 8)
            Frames.TryAllocate(false, out _);
        Assert.That(Space.MapFresh(U, 8 * Page, PageFlags.Writable), Is.EqualTo(MapResult.OutOfMemory));
        Assert.That(Walker.Leaves(), Is.Empty);
        Assert.That(Space.PagesOwned, Is.Zero);
        Assert.That(Frames.FreeFrames, Is.EqualTo(5));
        Assert.That(Space.Ranges(0, out _, out _, out _), Is.Zero);
    }

    [Test]
    public void OutOfMemoryLeavesEarlierMappingsAlone()
    {
        Space.MapDevice(U, 0x10_0000, Page);
        while (Frames.FreeFrames > 0)
            Frames.TryAllocate(false, out _);
        Assert.That(Space.MapDevice(U + 0x1000, 0x20_0000, Large), Is.EqualTo(MapResult.OutOfMemory));
        AssertMapped(U, 0x10_0000, Page);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(1));
    }

    [Test]
    public void GrowthRightAfterAnOwnedRangeWithTheSameRightsExtendsIt()
    {
        Space.MapFresh(U, 2 * Page, PageFlags.Writable | PageFlags.NoExecute);
        Space.MapFresh(U + 2 * Page, Page, PageFlags.Writable | PageFlags.NoExecute);
        Space.MapFresh(U + 3 * Page, Page, PageFlags.NoExecute);
        Assert.That(Space.Ranges(0, out ulong start, out ulong end, out PageFlags flags), Is.EqualTo(2));
        Assert.That((start, end), Is.EqualTo((U, U + 3 * Page)));
        Assert.That(flags & PageFlags.Writable, Is.EqualTo(PageFlags.Writable));
        Assert.That(Space.Ranges(1, out start, out end, out flags), Is.EqualTo(2));
        Assert.That((start, end, flags & PageFlags.Writable), Is.EqualTo((U + 3 * Page, U + 4 * Page, PageFlags.None)));
        Assert.That(Space.Ranges(2, out start, out end, out _), Is.EqualTo(2));
        Assert.That((start, end), Is.EqualTo((0UL, 0UL)));
    }

    [Test]
    public void RangesAreTheOwnedPagesInAddressOrderAcrossTablesDeviceMemoryLeftOut()
    {
        // Mapped high first, the second range crossing a page-directory boundary.
        ulong high = U + 0x4000_0000 - Page;
        Space.MapFresh(high, 2 * Page, PageFlags.Writable);
        Space.MapDevice(U + 8 * Page, 0x10_0000, Page);
        Space.MapFresh(U, Page, PageFlags.None);
        Space.MapFresh(U + Page, Page, PageFlags.Writable);
        Assert.That(Space.Ranges(2, out ulong start, out ulong end, out _), Is.EqualTo(3));
        Assert.That((start, end), Is.EqualTo((high, high + 2 * Page)));
        Assert.That(Space.Ranges(0, out start, out end, out _), Is.EqualTo(3));
        Assert.That((start, end), Is.EqualTo((U, U + Page)));
        Assert.That(Space.Ranges(1, out start, out end, out PageFlags flags), Is.EqualTo(3));
        Assert.That((start, end, flags & PageFlags.Writable), Is.EqualTo((U + Page, U + 2 * Page, PageFlags.Writable)));
        Space.Destroy();
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot + 1), "the owned pages, every table and the root");
    }
}
