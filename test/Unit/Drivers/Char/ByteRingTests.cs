using Minix3.Cosmos.Drivers.Char;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Drivers.Char;

// The serial and keyboard drivers' input buffer: bounded, FIFO across the
// wrap, and a read that is only committed by Discard.
public unsafe class ByteRingTests
{
    [Test]
    public void KeepsOrderAcrossTheWrapAndCountsWhatItDrops()
    {
        var ring = new ByteRing(4);
        for (byte b = 1; b <= 3; b++)
            ring.Put(b);
        byte* out3 = stackalloc byte[8];
        Assert.That(ring.Peek(out3, 2), Is.EqualTo(2));
        ring.Discard(2);
        for (byte b = 4; b <= 8; b++)
            ring.Put(b);
        Assert.That(ring.Count, Is.EqualTo(4));
        Assert.That(ring.Dropped, Is.EqualTo(2), "7 and 8 found the ring full");
        Assert.That(ring.Peek(out3, 8), Is.EqualTo(4));
        Assert.That(new[] { out3[0], out3[1], out3[2], out3[3] }, Is.EqualTo(new byte[] { 3, 4, 5, 6 }));
    }

    [Test]
    public void PeekWithoutDiscardLosesNothing()
    {
        var ring = new ByteRing(8);
        ring.Put(42);
        byte* buffer = stackalloc byte[1];
        ring.Peek(buffer, 1);
        Assert.That(ring.Count, Is.EqualTo(1));
        ring.Discard(5);
        Assert.That(ring.Count, Is.Zero);
        Assert.That(ring.Peek(buffer, 1), Is.Zero);
    }
}
