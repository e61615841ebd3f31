using System;
using System.Collections.Generic;
using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

[TestFixture]
public sealed class FrameAllocatorTests
{
    private const ulong Frame = 4096;
    private const ulong RamSize = 16UL << 20;

    // A PC-like 16 MiB machine: low memory, the VGA/BIOS hole, RAM with an ACPI hole.
    private static readonly MemoryRegion[] Map =
    {
        new MemoryRegion(0x0, 0x9F000, MemoryRegionType.Available),
        new MemoryRegion(0x9F000, 0x61000, MemoryRegionType.Reserved),
        new MemoryRegion(0x100000, 0xD00000, MemoryRegionType.Available),
        new MemoryRegion(0xE00000, 0x10000, MemoryRegionType.AcpiReclaimable),
        new MemoryRegion(0xE10000, 0x1F0000, MemoryRegionType.Available),
    };

    // What the kernel hands in: first MiB, kernel image, a module with a ragged end, boot info.
    private static readonly (ulong Start, ulong Length)[] Reserved =
    {
        (0x0, 0x100000), (0x100000, 0x200000), (0x400000, 0x80800), (0x9000, 0x74),
    };

    private FakeRam ram = null!;

    [SetUp]
    public void SetUp() => ram = new FakeRam(RamSize);

    [TearDown]
    public void TearDown() => ram.Dispose();

    private FrameAllocator Create()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(Map), Is.True);
        foreach (var (start, length) in Reserved)
            Assert.That(frames.Reserve(start, length), Is.True);
        return frames;
    }

    private static bool InAvailableRegion(ulong frame)
    {
        foreach (MemoryRegion r in Map)
        {
            if (r.Type == MemoryRegionType.Available && r.Base <= frame && frame + Frame <= r.End)
                return true;
        }
        return false;
    }

    private static bool HitsReserved(ulong frame)
    {
        foreach (var (start, length) in Reserved)
        {
            if (frame < start + length && start < frame + Frame)
                return true;
        }
        return false;
    }

    [Test]
    public void HandsOutOnlyUsableFramesUntilExhausted()
    {
        FrameAllocator frames = Create();
        var seen = new HashSet<ulong>();
        while (frames.TryAllocate(false, out ulong frame))
        {
            Assert.That(frame % Frame, Is.Zero);
            Assert.That(InAvailableRegion(frame), Is.True, $"0x{frame:X} is not RAM");
            Assert.That(HitsReserved(frame), Is.False, $"0x{frame:X} is reserved");
            Assert.That(seen.Add(frame), Is.True, $"0x{frame:X} handed out twice");
        }
        Assert.That((ulong)seen.Count, Is.EqualTo(frames.TotalFrames));
        Assert.That(frames.FreeFrames, Is.Zero);
        // 0x300000..0x400000, 0x481000..0xE00000 and 0xE10000..0x1000000 (the bitmap is on the kernel's heap).
        ulong expected = (0x100000 + 0x97F000 + 0x1F0000) / Frame;
        Assert.That(frames.TotalFrames, Is.EqualTo(expected));
        Assert.That(frames.TryAllocate(false, out ulong none), Is.False, "exhaustion is a clear failure");
        Assert.That(none, Is.Zero);
    }

    [Test]
    public void PartialFramesAtRegionEdgesAreNotUsed()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(new[]
        {
            new MemoryRegion(0x1800, 0x3000, MemoryRegionType.Available),  // 0x1800..0x4800
            new MemoryRegion(0x10000, 0xFFF, MemoryRegionType.Available),  // no whole frame
        }), Is.True);
        Assert.That(frames.TotalFrames, Is.EqualTo(2));
        Assert.That(frames.IsFree(0x2000) && frames.IsFree(0x3000), Is.True);
        Assert.That(frames.IsFree(0x1000) || frames.IsFree(0x4000) || frames.IsFree(0x10000), Is.False);
    }

    [Test]
    public void MemoryBeyondTheDirectMapIsIgnored()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(new[] { new MemoryRegion(RamSize - 0x4000, 0x100000, MemoryRegionType.Available) }), Is.True);
        Assert.That(frames.TotalFrames, Is.EqualTo(4));
    }

    [Test]
    public void OnlyAvailableRegionsOfTheMapAreUsed()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(Map), Is.True);
        for (ulong frame = 0; frame < RamSize; frame += Frame)
            Assert.That(frames.IsFree(frame), Is.EqualTo(InAvailableRegion(frame)), $"0x{frame:X}");
    }

    [Test]
    [TestCase(false)]
    [TestCase(true)]
    public void WhereEntriesOverlapTheUnavailableOneWinsInEitherOrder(bool reservedFirst)
    {
        var all = new MemoryRegion(0, 0x10000, MemoryRegionType.Available);
        var holes = new[] { new MemoryRegion(0x8000, 0x1000, MemoryRegionType.Reserved), new MemoryRegion(0x2800, 0x2000, MemoryRegionType.AcpiReclaimable) };
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(reservedFirst ? new[] { holes[0], holes[1], all } : new[] { all, holes[0], holes[1] }), Is.True);
        // The ACPI entry's ragged start takes the whole frame it starts in.
        for (ulong frame = 0; frame < 0x10000; frame += Frame)
            Assert.That(frames.IsFree(frame), Is.EqualTo(frame < 0x2000 || (frame >= 0x5000 && frame != 0x8000)), $"0x{frame:X}");
    }

    // Random maps: whatever the order and overlaps, a frame is usable
    // exactly when some entry says available and no entry says otherwise.
    [Test]
    public void RandomMapsNeverLetAvailableCoverAnUnavailableEntry()
    {
        var random = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            var entries = new List<MemoryRegion>();
            for (int i = random.Next(1, 20); i > 0; i--)
                entries.Add(new MemoryRegion((ulong)random.Next(0, 64) * Frame, (ulong)random.Next(1, 16) * Frame, (MemoryRegionType)random.Next(1, 4)));
            var frames = new FrameAllocator(ram.Map);
            bool any = entries.Exists(e => e.Type == MemoryRegionType.Available);
            Assert.That(frames.Build(entries.ToArray()), Is.EqualTo(any));
            for (ulong page = 0; page < 96 * Frame; page += Frame)
            {
                bool said = entries.Exists(e => e.Type == MemoryRegionType.Available && e.Base <= page && page < e.End);
                bool denied = entries.Exists(e => e.Type != MemoryRegionType.Available && e.Base <= page && page < e.End);
                Assert.That(frames.IsFree(page), Is.EqualTo(said && !denied), $"round {round}, page 0x{page:x}");
            }
        }
    }

    [Test]
    public void FreedFramesAreReusedLowestFirst()
    {
        FrameAllocator frames = Create();
        frames.TryAllocate(false, out ulong a);
        frames.TryAllocate(false, out ulong b);
        frames.TryAllocate(false, out ulong c);
        Assert.That(b, Is.GreaterThan(a));
        Assert.That(c, Is.GreaterThan(b));
        ulong free = frames.FreeFrames;
        Assert.That(frames.Free(c), Is.EqualTo(FreeResult.Freed));
        Assert.That(frames.Free(a), Is.EqualTo(FreeResult.Freed));
        Assert.That(frames.FreeFrames, Is.EqualTo(free + 2));
        Assert.That(frames.IsFree(a), Is.True);
        frames.TryAllocate(false, out ulong again);
        Assert.That(again, Is.EqualTo(a));
        frames.TryAllocate(false, out again);
        Assert.That(again, Is.EqualTo(c));
    }

    [Test]
    public void DoubleFreeIsRefused()
    {
        FrameAllocator frames = Create();
        frames.TryAllocate(false, out ulong a);
        Assert.That(frames.Free(a), Is.EqualTo(FreeResult.Freed));
        ulong free = frames.FreeFrames;
        Assert.That(frames.Free(a), Is.EqualTo(FreeResult.DoubleFree));
        Assert.That(frames.FreeFrames, Is.EqualTo(free));
    }

    [TestCase(0x9000UL, FreeResult.NotUsable)]    // boot info, first MiB
    [TestCase(0x200000UL, FreeResult.NotUsable)]  // kernel image
    [TestCase(0x480000UL, FreeResult.NotUsable)]  // module's ragged last frame
    [TestCase(0xE00000UL, FreeResult.NotUsable)]  // ACPI hole
    [TestCase(0x4000_0000UL, FreeResult.NotUsable)] // beyond RAM
    [TestCase(0x500800UL, FreeResult.Invalid)]    // not frame aligned
    public void FreeingWhatWasNeverUsableIsRefused(ulong address, FreeResult expected)
    {
        FrameAllocator frames = Create();
        ulong free = frames.FreeFrames;
        Assert.That(frames.Free(address), Is.EqualTo(expected));
        Assert.That(frames.FreeFrames, Is.EqualTo(free));
    }

    [Test]
    public void NothingWorksBeforeBuildAndBuildIsOnce()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.TryAllocate(false, out _), Is.False);
        Assert.That(frames.Free(0x500000), Is.EqualTo(FreeResult.NotUsable), "the empty bitmap holds no frame");
        Assert.That(frames.TryAllocateContiguous(2, Frame, false, out _) || frames.IsFree(0x500000), Is.False);
        Assert.That(frames.Reserve(0x500000, Frame), Is.False);
        Assert.That(frames.Build(Map), Is.True);
        Assert.That(frames.Build(Map), Is.False);
        Assert.That(frames.TryAllocate(false, out _), Is.True);
    }

    [Test]
    public void BuildFailsWithoutAWholeAvailableFrame()
    {
        var frames = new FrameAllocator(ram.Map);
        Assert.That(frames.Build(Array.Empty<MemoryRegion>()), Is.False);
        Assert.That(frames.Build(new[] { new MemoryRegion(0x100000, 0x100000, MemoryRegionType.Reserved) }), Is.False);
        Assert.That(frames.Build(new[] { new MemoryRegion(0x100800, 0x1000, MemoryRegionType.Available) }), Is.False);
        Assert.That(frames.Build(new[] { new MemoryRegion(RamSize, 0x100000, MemoryRegionType.Available) }), Is.False, "beyond the direct map");
        Assert.That(frames.TryAllocate(false, out _) || frames.Reserve(0x100000, Frame), Is.False);
    }

    [Test]
    public void ReservingAfterAllocationKeepsTheCounts()
    {
        FrameAllocator frames = Create();
        Assert.That(frames.TryAllocate(false, out ulong held), Is.True);
        ulong total = frames.TotalFrames, free = frames.FreeFrames;
        Assert.That(frames.Reserve(held, 2 * Frame), Is.True);
        Assert.That(frames.TotalFrames, Is.EqualTo(total - 2));
        Assert.That(frames.FreeFrames, Is.EqualTo(free - 1), "the held frame was not free");
        Assert.That(frames.Free(held), Is.EqualTo(FreeResult.NotUsable));
    }

    [Test]
    public void ZeroingIsTheCallersChoice()
    {
        FrameAllocator frames = Create();
        frames.TryAllocate(false, out ulong dirty);
        Assert.That(ram.Read64(dirty), Is.EqualTo(0xCCCC_CCCC_CCCC_CCCCUL), "not zeroed unless asked");
        frames.TryAllocate(true, out ulong clean);
        Assert.That(ram.IsZero(clean, Frame), Is.True);
        Assert.That(frames.TryAllocateContiguous(3, Frame, true, out ulong run), Is.True);
        Assert.That(ram.IsZero(run, 3 * Frame), Is.True);
    }

    [Test]
    public void ContiguousRunsAreAlignedAndWhollyFree()
    {
        FrameAllocator frames = Create();
        frames.TryAllocate(false, out _); // make the hint start unaligned
        ulong free = frames.FreeFrames;
        const ulong Large = 2UL << 20;
        Assert.That(frames.TryAllocateContiguous(512, Large, false, out ulong run), Is.True);
        Assert.That(run % Large, Is.Zero);
        for (ulong f = run; f < run + Large; f += Frame)
        {
            Assert.That(frames.IsFree(f), Is.False);
            Assert.That(HitsReserved(f) || !InAvailableRegion(f), Is.False, $"0x{f:X}");
        }
        Assert.That(frames.FreeFrames, Is.EqualTo(free - 512));
        Assert.That(frames.FreeContiguous(run, 512), Is.EqualTo(FreeResult.Freed));
        Assert.That(frames.FreeFrames, Is.EqualTo(free));
    }

    [Test]
    public void ContiguousRunIsRefusedWhenMemoryIsFragmented()
    {
        FrameAllocator frames = Create();
        var all = new List<ulong>();
        while (frames.TryAllocate(false, out ulong f))
            all.Add(f);
        for (int i = 0; i < all.Count; i += 2)
            frames.Free(all[i]);
        Assert.That(frames.FreeFrames, Is.GreaterThan(1000));
        Assert.That(frames.TryAllocateContiguous(2, Frame, false, out _), Is.False);
        Assert.That(frames.TryAllocateContiguous(1, Frame, false, out ulong one), Is.True);
        Assert.That(one, Is.EqualTo(all[0]));
    }

    [TestCase(0UL, 4096UL)]
    [TestCase(2UL, 3000UL)]
    [TestCase(2UL, 2048UL)]
    [TestCase(1UL << 40, 4096UL)]
    public void ContiguousRequestsWithBadArgumentsAreRefused(ulong count, ulong alignment)
    {
        FrameAllocator frames = Create();
        ulong free = frames.FreeFrames;
        Assert.That(frames.TryAllocateContiguous(count, alignment, false, out _), Is.False);
        Assert.That(frames.FreeFrames, Is.EqualTo(free));
    }

    [Test]
    public void FreeingARunThatStraysIntoReservedMemoryIsRefused()
    {
        FrameAllocator frames = Create();
        var all = new List<ulong>();
        while (frames.TryAllocate(false, out ulong f))
            all.Add(f);
        Assert.That(all, Does.Contain(0x3FF000UL), "last frame before the module");
        Assert.That(frames.FreeContiguous(0x3FF000, 2), Is.EqualTo(FreeResult.NotUsable));
        Assert.That(frames.FreeFrames, Is.Zero);
        Assert.That(frames.FreeContiguous(0x3FE000, 2), Is.EqualTo(FreeResult.Freed));
    }

    [Test]
    public void FreeingARunIsAllOrNothing()
    {
        FrameAllocator frames = Create();
        Assert.That(frames.TryAllocateContiguous(4, Frame, false, out ulong run), Is.True);
        frames.Free(run + 2 * Frame);
        ulong free = frames.FreeFrames;
        Assert.That(frames.FreeContiguous(run, 4), Is.EqualTo(FreeResult.DoubleFree));
        Assert.That(frames.FreeFrames, Is.EqualTo(free));
        Assert.That(frames.IsFree(run), Is.False, "the refused free freed nothing");
    }

    [Test]
    public void RandomAllocationAndFreeMatchAModel()
    {
        FrameAllocator frames = Create();
        var random = new Random(7);
        var held = new List<ulong>();
        var heldSet = new HashSet<ulong>();
        for (int step = 0; step < 20000; step++)
        {
            if (held.Count > 0 && random.Next(3) == 0)
            {
                int i = random.Next(held.Count);
                Assert.That(frames.Free(held[i]), Is.EqualTo(FreeResult.Freed));
                heldSet.Remove(held[i]);
                held[i] = held[^1];
                held.RemoveAt(held.Count - 1);
            }
            else if (frames.TryAllocate(false, out ulong f))
            {
                Assert.That(heldSet.Add(f), Is.True, $"step {step}: 0x{f:X} is already held");
                held.Add(f);
            }
            Assert.That(frames.FreeFrames, Is.EqualTo(frames.TotalFrames - (ulong)held.Count));
        }
    }
}
