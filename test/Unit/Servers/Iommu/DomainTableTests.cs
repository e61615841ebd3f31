using Minix3.Cosmos.Servers.Iommu.VtD;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Iommu;

// The remapping structures iommu builds (src/Servers/Iommu/VtD): a domain
// maps exactly the pages it was given, at their own address; the context
// entries carry the domain, width and table the VT-d format puts where the
// unit reads them; the fault records decode as QEMU and the spec lay them out.
public unsafe class DomainTableTests
{
    private FakeTablePages _pages = null!;

    [SetUp]
    public void Make() => _pages = new FakeTablePages();

    [TearDown]
    public void Free() => _pages.Dispose();

    [TestCase(3, 1UL << 39)]
    [TestCase(4, 1UL << 48)]
    public void ANewDomainMapsNothing(int levels, ulong limit)
    {
        var table = new SecondLevelTable(_pages, levels);
        Assert.That(table.Limit, Is.EqualTo(limit));
        foreach (ulong address in new[] { 0UL, 0x1000UL, 0x10_0000UL, 0x7FFF_F000UL, limit - 4096 })
            Assert.That(table.Translate(address, out _), Is.False, $"0x{address:x}");
        Assert.That(_pages.Count, Is.EqualTo(1), "only the top table");
    }

    [TestCase(3)]
    [TestCase(4)]
    public void MappedPagesTranslateToThemselvesAndTheirNeighboursDoNot(int levels)
    {
        var table = new SecondLevelTable(_pages, levels);
        // A run that crosses a 2 MiB boundary needs two leaf tables.
        ulong run = 0x7FE_F000, pages = 3;
        Assert.That(table.Map(run, run, pages), Is.True);
        Assert.That(table.MappedPages, Is.EqualTo(3));
        for (ulong i = 0; i < pages; i++)
        {
            Assert.That(table.Translate(run + i * 4096 + 0x123, out ulong physical), Is.True);
            Assert.That(physical, Is.EqualTo(run + i * 4096 + 0x123));
        }
        Assert.That(table.Translate(run - 4096, out _), Is.False, "the page below");
        Assert.That(table.Translate(run + pages * 4096, out _), Is.False, "the page above");
        Assert.That(table.Translate(0, out _), Is.False, "page 0");
    }

    [Test]
    public void EntriesAreReadWriteWithTheAddressAndNothingElse()
    {
        var table = new SecondLevelTable(_pages, 3);
        Assert.That(table.Map(0x4000_0000, 0x4000_0000, 1), Is.True);
        ulong* top = _pages.At(table.Root);
        ulong level3 = top[1];                                  // 1 GiB: index 1 at the top of a 39-bit table
        Assert.That(level3 & 3, Is.EqualTo(3UL), "non-leaf entries allow read and write");
        ulong* middle = _pages.At(level3 & ~0xFFFUL);
        ulong* leafTable = _pages.At(middle[0] & ~0xFFFUL);
        Assert.That(leafTable[0], Is.EqualTo(0x4000_0000UL | 3), "the leaf: the page, R and W, no reserved bits (QEMU checks them)");
    }

    [Test]
    public void UnmappingTakesThePagesAwayAndCountsThem()
    {
        var table = new SecondLevelTable(_pages, 3);
        table.Map(0x20_0000, 0x20_0000, 16);
        table.Unmap(0x20_0000, 8);
        Assert.That(table.MappedPages, Is.EqualTo(8));
        Assert.That(table.Translate(0x20_0000, out _), Is.False);
        Assert.That(table.Translate(0x20_0000 + 8 * 4096, out _), Is.True);
        table.Unmap(0x20_0000, 16);
        Assert.That(table.MappedPages, Is.EqualTo(0));
        // Mapping again reuses the tables.
        int pages = _pages.Count;
        table.Map(0x20_0000, 0x20_0000, 16);
        Assert.That(_pages.Count, Is.EqualTo(pages));
    }

    [Test]
    public void AMapThatRunsOutOfTablePagesLeavesNothingHalfMapped()
    {
        var table = new SecondLevelTable(_pages, 3);
        Assert.That(table.Map(0x1000, 0x1000, 1), Is.True);
        _pages.Limit = _pages.Count;                  // no page for another leaf table
        Assert.That(table.Map(0x1F_F000, 0x1F_F000, 2), Is.False, "the second page needs a new leaf table");
        Assert.That(table.Translate(0x1F_F000, out _), Is.False, "the first page was undone");
        Assert.That(table.MappedPages, Is.EqualTo(1));
    }

    [Test]
    public void RangesOutsideTheDomainOrUnalignedAreRefused()
    {
        var table = new SecondLevelTable(_pages, 3);
        Assert.That(table.Map(1UL << 39, 0x1000, 1), Is.False, "beyond 39 bits");
        Assert.That(table.Map((1UL << 39) - 4096, 0x1000, 2), Is.False, "crossing the top");
        Assert.That(table.Map(0x1800, 0x1000, 1), Is.False, "unaligned address");
        Assert.That(table.Map(0x1000, 0x1800, 1), Is.False, "unaligned page");
        Assert.That(table.MappedPages, Is.EqualTo(0));
    }

    [Test]
    public void AContextEntryCarriesTheDomainTheWidthAndTheTable()
    {
        var contexts = new ContextTables(_pages);
        var table = new SecondLevelTable(_pages, 3);
        int address = (0 << 8) | (3 << 3) | 0;   // 00:03.0
        Assert.That(contexts.IsSet(address, out _), Is.False, "absent until set: the device's DMA is refused");
        Assert.That(contexts.Set(address, 7, table), Is.True);
        ulong* root = _pages.At(contexts.Root);
        Assert.That(root[0] & 1, Is.EqualTo(1UL), "bus 0's root entry is present");
        ulong* entry = _pages.At(root[0] & ~0xFFFUL) + 2 * (3 << 3);
        Assert.That(entry[0], Is.EqualTo(table.Root | 1), "present, translation type 0, fault processing on, the table");
        Assert.That(entry[1], Is.EqualTo(1UL | 7UL << 8), "address width 1 (39-bit), domain 7");
        Assert.That(contexts.IsSet(address, out int domain) && domain == 7, Is.True);
        Assert.That(contexts.IsSet(address + 1, out _), Is.False, "the next function stays absent");

        var wide = new SecondLevelTable(_pages, 4);
        Assert.That(contexts.Set((2 << 8) | 8, 9, wide), Is.True, "another bus gets its own context table");
        ulong* bus2 = _pages.At(root[4] & ~0xFFFUL) + 2 * 8;
        Assert.That(bus2[1], Is.EqualTo(2UL | 9UL << 8), "address width 2 (48-bit, 4 levels)");
        contexts.Clear(address);
        Assert.That(contexts.IsSet(address, out _), Is.False);
    }

    [Test]
    public void AFaultRecordNamesTheDeviceTheAddressTheReasonAndTheDirection()
    {
        // 00:03.0 wrote to 0x123456000: reason 7 (not mapped).
        var write = new FaultRecord(0x1_2345_6000, 1UL << 63 | 7UL << 32 | 0x18);
        Assert.That(write.Holds, Is.True);
        Assert.That(write.SourceId, Is.EqualTo(0x18));
        Assert.That(write.Address, Is.EqualTo(0x1_2345_6000UL));
        Assert.That(write.Reason, Is.EqualTo(7));
        Assert.That(write.IsRead, Is.False);
        var read = new FaultRecord(0x1000, 1UL << 63 | 1UL << 62 | 2UL << 32 | 0x0109);
        Assert.That(read.IsRead, Is.True);
        Assert.That(read.SourceId, Is.EqualTo(0x0109));
        Assert.That(FaultRecord.ReasonText(read.Reason), Does.Contain("no domain"));
        Assert.That(new FaultRecord(0, 0).Holds, Is.False);
    }
}
