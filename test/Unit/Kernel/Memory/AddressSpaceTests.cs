using System;
using Minix3.Cosmos.Kernel.Arch.X64;
using Minix3.Cosmos.Kernel.Memory;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

// The kernel's identity map with large pages, tearing a space down, and the
// copy loop, over RAM reached through a direct map with an offset.
[TestFixture]
public sealed unsafe class AddressSpaceTests : AddressSpaceFixture
{
    [Test]
    public void AlignedRangesUseLargePagesWhenAllowed()
    {
        Assert.That(Space.MapIdentity(0x4000_0000, 0x4000_0000 + 2 * Large, PageFlags.Writable, true), Is.True);
        var leaves = Walker.Leaves();
        Assert.That(leaves.Count, Is.EqualTo(2));
        Assert.That(leaves[0].Size, Is.EqualTo(Large));
        Assert.That(Walker.TableCount(), Is.EqualTo(3), "root, PDPT, PD: no page tables");
        PageTableWalker.Walk walk = Walker.Resolve(0x4000_0000 + Large + 0x12345);
        Assert.That(walk.Physical, Is.EqualTo(0x4000_0000 + Large + 0x12345));
        Assert.That(walk.Writable && !walk.User, Is.True);
        Assert.That(Space.Translate(0x4000_0000, out _, out _), Is.False, "no walk goes through a large page");
    }

    [Test]
    public void RaggedRangesMixSmallAndLargePages()
    {
        ulong start = 0x4000_0000 - 2 * Page;
        Assert.That(Space.MapIdentity(start, 0x4000_0000 + 2 * Large + 2 * Page, PageFlags.None, true), Is.True);
        var leaves = Walker.Leaves();
        Assert.That(leaves.Count, Is.EqualTo(6));
        Assert.That(leaves[0], Is.EqualTo((start, Page)));
        Assert.That(leaves[2], Is.EqualTo((0x4000_0000UL, Large)));
        Assert.That(leaves[3], Is.EqualTo((0x4000_0000UL + Large, Large)));
        Assert.That(leaves[5], Is.EqualTo((0x4000_0000UL + 2 * Large + Page, Page)));
    }

    [Test]
    public void WithoutTheOptionOnlySmallPagesAreUsed()
    {
        Assert.That(Space.MapIdentity(0x4000_0000, 0x4000_0000 + Large, PageFlags.None, false), Is.True);
        Assert.That(Walker.Leaves().Count, Is.EqualTo(512));
        Assert.That(Walker.Leaves().TrueForAll(l => l.Size == Page), Is.True);
    }

    [Test]
    public void DestroyFreesOwnedFramesDeviceTablesAndTheRoot()
    {
        Space.MapFresh(U, 8 * Page, PageFlags.Writable);
        Space.MapDevice(U + (1UL << 39), 0x100_0000, Page);
        Assert.That(Space.PagesOwned, Is.EqualTo(8));
        Space.Destroy();
        Assert.That(Space.PagesOwned, Is.Zero);
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot + 1));
        Space.Destroy();
        Assert.That(Frames.FreeFrames, Is.EqualTo(FreeAfterRoot + 1), "a second Destroy frees nothing twice");
    }

    [Test]
    public void AComponentSpaceSharesTheKernelsSlotAndNeverFreesIt()
    {
        Assert.That(Space.MapIdentity(0x10_0000, 0x20_0000, PageFlags.Writable, false), Is.True);
        ulong free = Frames.FreeFrames;
        AddressSpace user = AddressSpace.Create(Frames, Space.Root, Ram.Map)!;
        Assert.That(Ram.Read64(user.Root), Is.EqualTo(Ram.Read64(Space.Root)));
        Assert.That(user.MapFresh(U, Page, PageFlags.Writable), Is.EqualTo(MapResult.Success));
        Assert.That(user.Translate(0x10_0000, out _, out _), Is.True, "the kernel's pages are reached through the shared slot");
        Assert.That(user.IsUserRange(0x10_0000, 8, false), Is.False, "but are not the component's");
        user.Destroy();
        Assert.That(Frames.FreeFrames, Is.EqualTo(free));
        Assert.That(Walker.Leaves().Count, Is.EqualTo(256), "the kernel's tree is intact");
    }

    [Test]
    public void CopiesCrossPagesOnBothSidesAndRefuseBadRanges()
    {
        AddressSpace other = AddressSpace.Create(Frames, 0, Ram.Map)!;
        Assert.That(Space.MapFresh(U, 3 * Page, PageFlags.Writable), Is.EqualTo(MapResult.Success));
        Assert.That(other.MapFresh(U, 3 * Page, PageFlags.Writable), Is.EqualTo(MapResult.Success));
        Assert.That(other.MapFresh(U + 3 * Page, Page, PageFlags.None), Is.EqualTo(MapResult.Success));
        byte[] data = new byte[0x1800];
        new Random(3).NextBytes(data);
        byte[] back = new byte[data.Length];
        fixed (byte* source = data)
        fixed (byte* target = back)
        {
            Assert.That(Space.CopyOut(U + 0xF00, source, (ulong)data.Length), Is.True);
            Assert.That(AddressSpace.CopyBetween(Space, U + 0xF00, other, U + 0x480, (ulong)data.Length), Is.True);
            Assert.That(other.CopyIn(U + 0x480, target, (ulong)back.Length), Is.True);
            Assert.That(back, Is.EqualTo(data));
            Assert.That(other.Fill(U + 3 * Page, source, 16), Is.True, "Fill writes a read-only page");
            Assert.That(other.CopyOut(U + 3 * Page, source, 16), Is.False, "a component copy does not");
            Assert.That(AddressSpace.CopyBetween(Space, U, other, U + 2 * Page + 0x800, 0x1000), Is.False);
            Assert.That(Space.CopyIn(U + 2 * Page, target, Page + 1), Is.False, "one byte past the mapping");
            Assert.That(Space.Fill(U + 2 * Page, source, Page + 1), Is.False);
        }
        Assert.That(Space.FillFrom(other, U + 0x480, U + 0x10, 0x1000), Is.True);
        Assert.That(Space.CopyIn(U + 0x10, (void*)0, 0), Is.True);
        byte[] again = new byte[0x1000];
        fixed (byte* target = again)
            Assert.That(Space.CopyIn(U + 0x10, target, 0x1000), Is.True);
        Assert.That(again, Is.EqualTo(data[..0x1000]));
    }
}
