using System;
using Minix3.Cosmos.Drivers.Net.Rtl8139;
using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Tests.Drivers.Net;

// The pure parts of the Ethernet drivers: the library's frame queue
// (bounded, oldest first, drops counted), descriptor ring arithmetic (the
// e1000's rings keep one entry back), and the RTL8139's receive ring
// (records on 4-byte boundaries, wrapping at the ring's end, CAPR 16 short).
[TestFixture]
public unsafe class EthernetRingTests
{
    private static byte[] Frame(int length, byte seed)
    {
        var frame = new byte[length];
        for (int i = 0; i < length; i++)
            frame[i] = (byte)(seed + i * 7);
        return frame;
    }

    private static bool Add(FrameQueue queue, byte[] frame)
    {
        fixed (byte* p = frame)
            return queue.Add(p, frame.Length);
    }

    private static byte[] Front(FrameQueue queue)
    {
        var into = new byte[queue.FrontLength];
        fixed (byte* p = into)
            queue.CopyFront(p);
        return into;
    }

    [Test]
    public void TheQueueGivesFramesBackOldestFirstAcrossItsWrap()
    {
        var queue = new FrameQueue(3, EthLimits.MaxFrame);
        for (int round = 0; round < 5; round++)
        {
            byte[] a = Frame(60 + round, (byte)round), b = Frame(EthLimits.MaxFrame, (byte)(round + 100));
            Assert.That(Add(queue, a) && Add(queue, b), Is.True);
            Assert.That(queue.Count, Is.EqualTo(2));
            Assert.That(Front(queue), Is.EqualTo(a));
            queue.RemoveFront();
            Assert.That(Front(queue), Is.EqualTo(b));
            queue.RemoveFront();
            Assert.That(queue.Count, Is.Zero);
            Assert.That(queue.FrontLength, Is.Zero);
        }
        Assert.That(queue.Dropped, Is.Zero);
    }

    [Test]
    public void AFullQueueDropsAndCountsTheNewFrameAndKeepsTheOldOnes()
    {
        var queue = new FrameQueue(2, 100);
        byte[] first = Frame(50, 1), second = Frame(100, 2), third = Frame(70, 3);
        Assert.That(Add(queue, first), Is.True);
        Assert.That(Add(queue, second), Is.True);
        Assert.That(Add(queue, third), Is.False, "full");
        Assert.That(Add(queue, Frame(101, 4)), Is.False, "longer than a slot");
        Assert.That(Add(queue, first), Is.False, "still full");
        Assert.That(queue.Dropped, Is.EqualTo(3u));
        Assert.That(Front(queue), Is.EqualTo(first));
        queue.RemoveFront();
        Assert.That(Front(queue), Is.EqualTo(second));
        queue.RemoveFront();
        queue.RemoveFront();   // nothing there: no effect
        Assert.That(queue.Count, Is.Zero);
        Assert.That(Add(queue, third), Is.True, "room again");
        Assert.That(Front(queue), Is.EqualTo(third));
    }

    [Test]
    public void AnEmptyFrameIsDroppedNotQueued()
    {
        var queue = new FrameQueue(2, 100);
        byte b = 0;
        Assert.That(queue.Add(&b, 0), Is.False);
        Assert.That(queue.Count, Is.Zero);
        Assert.That(queue.Dropped, Is.EqualTo(1u));
    }

    [Test]
    public void ARingIsFullWithOneEntryBack()
    {
        var ring = new DescriptorRing(4);
        Assert.That(ring.IsEmpty, Is.True);
        Assert.That(ring.Claim(), Is.EqualTo(0));
        Assert.That(ring.Claim(), Is.EqualTo(1));
        Assert.That(ring.Claim(), Is.EqualTo(2));
        Assert.That(ring.IsFull, Is.True);
        Assert.That(ring.Claim(), Is.EqualTo(-1), "the fourth entry stays back: head == tail would read as empty");
        Assert.That(ring.Tail, Is.EqualTo(3));
        Assert.That(ring.Release(), Is.True);
        Assert.That(ring.Head, Is.EqualTo(1));
        Assert.That(ring.Claim(), Is.EqualTo(3));
        Assert.That(ring.Tail, Is.EqualTo(0), "the tail wraps");
        Assert.That(ring.InUse, Is.EqualTo(3));
        Assert.That(ring.Claim(), Is.EqualTo(-1));
    }

    [Test]
    public void ARingWrapsManyTimesAndNeverReleasesMoreThanItClaimed()
    {
        var ring = new DescriptorRing(32);
        int expected = 0;
        for (int i = 0; i < 1000; i++)
        {
            int claims = i % 31 + 1;
            for (int c = 0; c < claims; c++)
            {
                Assert.That(ring.Claim(), Is.EqualTo(expected));
                expected = DescriptorRing.Next(expected, 32);
            }
            Assert.That(ring.InUse, Is.EqualTo(claims));
            for (int c = 0; c < claims; c++)
                Assert.That(ring.Release(), Is.True);
            Assert.That(ring.Release(), Is.False);
            Assert.That(ring.IsEmpty, Is.True);
        }
        ring.Reset();
        Assert.That(ring.Head + ring.Tail, Is.Zero);
    }

    // Writes a record the way the chip does (no WRAP: the bytes continue
    // at the ring's start) and returns where the next one starts.
    private static int WriteRecord(byte[] ring, int at, int status, byte[] frame)
    {
        int length = frame.Length + ReceiveRing.CrcBytes;
        byte[] record = new byte[ReceiveRing.HeaderBytes + length];
        record[0] = (byte)status;
        record[1] = (byte)(status >> 8);
        record[2] = (byte)length;
        record[3] = (byte)(length >> 8);
        frame.CopyTo(record, ReceiveRing.HeaderBytes);
        for (int i = 0; i < record.Length; i++)
            ring[(at + i) % ring.Length] = record[i];
        return (at + record.Length + 3) / 4 * 4 % ring.Length;
    }

    private static byte[] Read(byte[] ring, ref int at, out bool good)
    {
        fixed (byte* p = ring)
        {
            good = ReceiveRing.ReadHeader(p, at, out _, out int length);
            if (!good)
                return Array.Empty<byte>();
            var frame = new byte[length - ReceiveRing.CrcBytes];
            fixed (byte* into = frame)
                ReceiveRing.Copy(p, ring.Length, at + ReceiveRing.HeaderBytes, into, frame.Length);
            at = ReceiveRing.NextRecord(at, length, ring.Length);
            return frame;
        }
    }

    [Test]
    public void RecordsAreReadAcrossTheRingsEndWhereTheChipWrapped()
    {
        const int size = 8192;
        var ring = new byte[size];
        int chip = 0, driver = 0;
        // Frames of lengths that move the records over every 4-byte phase
        // and across the end several times, one of them split mid-frame.
        for (int i = 0; i < 200; i++)
        {
            byte[] frame = Frame(14 + (i * 37) % (EthLimits.MaxFrame - 13), (byte)i);
            int at = chip;
            chip = WriteRecord(ring, chip, ReceiveRing.ReceiveOk, frame);
            Assert.That(Read(ring, ref driver, out bool good), Is.EqualTo(frame), $"frame {i} at {at}");
            Assert.That(good, Is.True);
            Assert.That(driver, Is.EqualTo(chip), "the driver's next record is where the chip wrote it");
            Assert.That(driver % 4, Is.Zero);
        }
    }

    [Test]
    public void ARecordSplitAtTheEndComesBackWhole()
    {
        const int size = 8192;
        var ring = new byte[size];
        byte[] frame = Frame(1000, 9);
        int at = size - 100;   // 96 bytes of frame before the end, the rest at the start
        int next = WriteRecord(ring, at, ReceiveRing.ReceiveOk, frame);
        Assert.That(next, Is.EqualTo((1000 + 4 + 4 - 100 + 3) / 4 * 4));
        int driver = at;
        Assert.That(Read(ring, ref driver, out _), Is.EqualTo(frame));
        Assert.That(driver, Is.EqualTo(next));
    }

    [Test]
    public void CaprIsSixteenShortOfTheNextRecordModuloTheRing()
    {
        Assert.That(ReceiveRing.CaprFor(0, 8192), Is.EqualTo(8176));
        Assert.That(ReceiveRing.CaprFor(16, 8192), Is.EqualTo(0));
        Assert.That(ReceiveRing.CaprFor(1000, 8192), Is.EqualTo(984));
        Assert.That(ReceiveRing.NextRecord(8188, 60, 8192), Is.EqualTo(60), "4 + 60 bytes from 8188 end 60 bytes past the ring's end");
        Assert.That(ReceiveRing.NextRecord(0, 61, 8192), Is.EqualTo(68), "rounded up to 4");
    }

    [TestCase(0x0000, 64, false)]                                              // not ReceiveOk
    [TestCase(ReceiveRing.ReceiveOk | ReceiveRing.CrcError, 64, false)]
    [TestCase(ReceiveRing.ReceiveOk | ReceiveRing.RuntPacket, 64, false)]
    [TestCase(ReceiveRing.ReceiveOk, 17, false)]                                // shorter than a header + CRC
    [TestCase(ReceiveRing.ReceiveOk, 18, true)]
    [TestCase(ReceiveRing.ReceiveOk, 1518, true)]
    [TestCase(ReceiveRing.ReceiveOk, 1519, false)]                              // a lying length
    [TestCase(ReceiveRing.ReceiveOk, 0xFFF0, false)]                            // the chip's "still being written"
    public void AHeaderIsTrustedOnlyWhenGoodAndInBounds(int status, int length, bool good)
    {
        byte* header = stackalloc byte[4];
        header[0] = (byte)status;
        header[1] = (byte)(status >> 8);
        header[2] = (byte)length;
        header[3] = (byte)(length >> 8);
        Assert.That(ReceiveRing.ReadHeader(header, 0, out int readStatus, out int readLength), Is.EqualTo(good));
        Assert.That(readStatus, Is.EqualTo(status));
        Assert.That(readLength, Is.EqualTo(length));
    }
}
