using System;
using System.Collections.Generic;
using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

[TestFixture]
public sealed class PhysicalRangeSetTests
{
    private static (ulong, ulong)[] Ranges(PhysicalRangeSet set)
    {
        var result = new List<(ulong, ulong)>();
        foreach (PhysicalRange r in set.Ranges.ToArray())
            result.Add((r.Start, r.End));
        return result.ToArray();
    }

    [Test]
    public void AddKeepsRangesSortedAndMergesOverlapsAndNeighbours()
    {
        var set = new PhysicalRangeSet(8);
        set.Add(0x5000, 0x6000);
        set.Add(0x1000, 0x2000);
        set.Add(0x2000, 0x3000); // touches: merges
        set.Add(0x5800, 0x8000); // overlaps: merges
        Assert.That(Ranges(set), Is.EqualTo(new[] { (0x1000UL, 0x3000UL), (0x5000UL, 0x8000UL) }));
        set.Add(0x0, 0x10000); // swallows both
        Assert.That(Ranges(set), Is.EqualTo(new[] { (0x0UL, 0x10000UL) }));
        Assert.That(set.TotalLength, Is.EqualTo(0x10000));
    }

    [Test]
    public void RemoveTrimsSplitsAndDeletes()
    {
        var set = new PhysicalRangeSet(8);
        set.Add(0x0, 0x10000);
        set.Add(0x20000, 0x30000);
        Assert.That(set.Remove(0x4000, 0x5000), Is.True);   // split
        Assert.That(set.Remove(0xF000, 0x21000), Is.True);  // trims two ranges
        Assert.That(set.Remove(0x28000, 0x40000), Is.True); // trims the tail
        Assert.That(Ranges(set), Is.EqualTo(new[] { (0x0UL, 0x4000UL), (0x5000UL, 0xF000UL), (0x21000UL, 0x28000UL) }));
        set.Remove(0x0, 0x100000);
        Assert.That(set.Count, Is.Zero);
    }

    [Test]
    public void FullSetDropsInsteadOfGrowing()
    {
        var set = new PhysicalRangeSet(2);
        set.Add(0x0, 0x1000);
        set.Add(0x2000, 0x3000);
        Assert.That(set.Add(0x8000, 0x9000), Is.False);
        Assert.That(set.Remove(0x2400, 0x2800), Is.False, "a split needs a third slot");
        Assert.That(set.Dropped, Is.EqualTo(2));
        Assert.That(Ranges(set), Is.EqualTo(new[] { (0x0UL, 0x1000UL), (0x2000UL, 0x2400UL) }), "only ever shrinks");
    }

    [Test]
    public void IndexOfFindsTheHoldingRange()
    {
        var set = new PhysicalRangeSet(8);
        for (ulong i = 0; i < 6; i++)
            set.Add(i * 0x10000, i * 0x10000 + 0x8000);
        Assert.That(set.IndexOf(0x30000), Is.EqualTo(3));
        Assert.That(set.IndexOf(0x37FFF), Is.EqualTo(3));
        Assert.That(set.IndexOf(0x38000), Is.EqualTo(-1));
        Assert.That(set.IndexOf(0x100000), Is.EqualTo(-1));
        Assert.That(set.ContainsAll(0x40000, 0x48000), Is.True);
        Assert.That(set.ContainsAll(0x40000, 0x48001), Is.False);
    }

    [Test]
    public void RandomOperationsMatchABitModel()
    {
        var random = new Random(42);
        var set = new PhysicalRangeSet(128);
        var model = new bool[256];
        for (int step = 0; step < 2000; step++)
        {
            ulong a = (ulong)random.Next(0, 256), b = (ulong)random.Next(0, 257);
            if (a > b)
                (a, b) = (b, a);
            bool add = random.Next(3) != 0;
            bool ok = add ? set.Add(a, b) : set.Remove(a, b);
            Assert.That(ok, Is.True, "256 units never need more than 128 separate ranges");
            for (ulong u = a; u < b; u++)
                model[u] = add;
            for (int u = 0; u < 256; u++)
                Assert.That(set.IndexOf((ulong)u) >= 0, Is.EqualTo(model[u]), $"step {step}, unit {u}");
            for (int i = 1; i < set.Count; i++)
                Assert.That(set[i - 1].End, Is.LessThan(set[i].Start), "sorted, disjoint, not touching");
        }
    }
}
