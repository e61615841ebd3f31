using System;
using System.Collections.Generic;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Boot.Multiboot;

[TestFixture]
public sealed class BootMemoryMapTests
{
    private const uint Available = (uint)MemoryRegionType.Available;
    private const uint Reserved = (uint)MemoryRegionType.Reserved;

    private BootInfo info = null!;
    private BootMemoryMap map = null!;

    [SetUp]
    public void SetUp()
    {
        info = new BootInfo();
        map = info.MemoryMap;
    }

    private void AssertRegions(params (ulong Base, ulong End, MemoryRegionType Type)[] expected)
    {
        var actual = new List<(ulong, ulong, MemoryRegionType)>();
        foreach (MemoryRegion r in map.Regions.ToArray())
            actual.Add((r.Base, r.End, r.Type));
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void EntriesComeOutSortedByBase()
    {
        map.Add(0x200000, 0x1000, Available, info);
        map.Add(0x0, 0x1000, Reserved, info);
        map.Add(0x100000, 0x1000, Available, info);
        AssertRegions((0, 0x1000, MemoryRegionType.Reserved), (0x100000, 0x101000, MemoryRegionType.Available),
            (0x200000, 0x201000, MemoryRegionType.Available));
        Assert.That(info.Problems.Length, Is.Zero);
    }

    [Test]
    public void AdjacentRegionsOfTheSameTypeMerge()
    {
        map.Add(0x1000, 0x1000, Available, info);
        map.Add(0x3000, 0x1000, Available, info);
        map.Add(0x2000, 0x1000, Available, info);
        AssertRegions((0x1000, 0x4000, MemoryRegionType.Available));
    }

    [Test]
    public void AdjacentRegionsOfDifferentTypesStaySeparate()
    {
        map.Add(0x1000, 0x1000, Available, info);
        map.Add(0x2000, 0x1000, (uint)MemoryRegionType.AcpiReclaimable, info);
        AssertRegions((0x1000, 0x2000, MemoryRegionType.Available), (0x2000, 0x3000, MemoryRegionType.AcpiReclaimable));
    }

    [Test]
    public void ZeroLengthRegionIsReportedAndDropped()
    {
        map.Add(0x5000, 0, Available, info);
        Assert.That(map.Count, Is.Zero);
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.ZeroLengthRegion));
        Assert.That(info.Problems[0].Value, Is.EqualTo(0x5000));
    }

    [Test]
    public void WrappingRegionIsReportedAndDropped()
    {
        map.Add(0xFFFF_FFFF_FFFF_F000, 0x2000, Available, info);
        Assert.That(map.Count, Is.Zero);
        Assert.That(info.HasProblem(BootProblemKind.RegionWraps), Is.True);
    }

    [Test]
    public void UnknownTypeBecomesReserved()
    {
        map.Add(0x1000, 0x1000, 77, info);
        map.Add(0x8000, 0x1000, 0, info);
        Assert.That(map[0].Type, Is.EqualTo(MemoryRegionType.Reserved));
        Assert.That(map[1].Type, Is.EqualTo(MemoryRegionType.Reserved));
    }

    [Test]
    public void ReservedInsideAvailableSplitsIt()
    {
        map.Add(0x0, 0x10000, Available, info);
        map.Add(0x4000, 0x2000, Reserved, info);
        AssertRegions((0, 0x4000, MemoryRegionType.Available), (0x4000, 0x6000, MemoryRegionType.Reserved),
            (0x6000, 0x10000, MemoryRegionType.Available));
        Assert.That(info.HasProblem(BootProblemKind.OverlappingRegion), Is.True);
    }

    [Test]
    public void AvailableOverReservedOnlyFillsTheGaps()
    {
        map.Add(0x4000, 0x2000, Reserved, info);
        map.Add(0x0, 0x10000, Available, info);
        AssertRegions((0, 0x4000, MemoryRegionType.Available), (0x4000, 0x6000, MemoryRegionType.Reserved),
            (0x6000, 0x10000, MemoryRegionType.Available));
        Assert.That(info.Problems[0].Kind, Is.EqualTo(BootProblemKind.OverlappingRegion));
        Assert.That(info.Problems[0].Value, Is.EqualTo(0));
    }

    [Test]
    public void ReservedOverlappingTheEdgeOfAvailableTrimsIt()
    {
        map.Add(0x0, 0x8000, Available, info);
        map.Add(0x6000, 0x4000, (uint)MemoryRegionType.Bad, info);
        AssertRegions((0, 0x6000, MemoryRegionType.Available), (0x6000, 0xA000, MemoryRegionType.Bad));
    }

    [Test]
    public void EarlierNonAvailableEntryWinsOverALaterOne()
    {
        map.Add(0x0, 0x4000, (uint)MemoryRegionType.AcpiNvs, info);
        map.Add(0x2000, 0x4000, Reserved, info);
        AssertRegions((0, 0x4000, MemoryRegionType.AcpiNvs), (0x4000, 0x6000, MemoryRegionType.Reserved));
    }

    [Test]
    public void CapacityOverflowIsReported()
    {
        for (ulong i = 0; i <= BootMemoryMap.Capacity; i++)
            map.Add(i * 0x2000, 0x1000, Available, info);
        Assert.That(map.Count, Is.EqualTo(BootMemoryMap.Capacity));
        Assert.That(info.HasProblem(BootProblemKind.TooManyRegions), Is.True);
    }

    [Test]
    public void AfterDroppingAReservedRegionLaterAvailableEntriesAreRefused()
    {
        for (ulong i = 0; i < BootMemoryMap.Capacity; i++)
            map.Add(i * 0x2000, 0x1000, Available, info);
        map.Add(0x100_0000, 0x1000, Reserved, info);   // no room: dropped
        // Would merge into the last region (needing no slot) and cover the dropped hole.
        map.Add(0x7F000, 0x100_0000, Available, info);
        Assert.That(map[map.Count - 1].End, Is.EqualTo(0x7F000));
        for (int i = 0; i < map.Count; i++)
            Assert.That(map[i].End <= 0x100_0000 || map[i].Base >= 0x100_1000, Is.True, "region covers the dropped reserved range");
    }

    [Test]
    public void RandomMapsKeepTheInvariantsAndNeverLetAvailableCoverReserved()
    {
        var random = new Random(1234);
        for (int round = 0; round < 200; round++)
        {
            info.Reset();
            var nonAvailable = new List<(ulong, ulong)>();
            int entries = random.Next(1, 40);
            for (int i = 0; i < entries; i++)
            {
                ulong b = (ulong)random.Next(0, 64) * 0x1000;
                ulong len = (ulong)random.Next(0, 16) * 0x1000;
                uint type = (uint)random.Next(1, 7);
                map.Add(b, len, type, info);
                if (type != Available && len != 0)
                    nonAvailable.Add((b, b + len));
            }
            for (int i = 0; i < map.Count; i++)
            {
                Assert.That(map[i].Length, Is.GreaterThan(0));
                if (i > 0)
                    Assert.That(map[i - 1].End, Is.LessThanOrEqualTo(map[i].Base), "sorted and disjoint");
                if (map[i].Type != MemoryRegionType.Available)
                    continue;
                foreach (var (s, e) in nonAvailable)
                    Assert.That(map[i].End <= s || e <= map[i].Base, Is.True, $"round {round}: available overlaps reserved");
            }
        }
    }
}
