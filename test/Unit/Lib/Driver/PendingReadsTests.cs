using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Driver;

// The table behind character drivers' waiting reads: one per minor, a fixed
// capacity, and cancellation only by the reader itself.
public class PendingReadsTests
{
    private static readonly Endpoint Reader = new(70);
    private static readonly Endpoint Other = new(71);

    [Test]
    public void OneWaitingReadPerMinor()
    {
        var reads = new PendingReads();
        Assert.That(reads.Add(Reader, 0, GrantId.From(1, 1), 64), Is.EqualTo(Status.Ok));
        Assert.That(reads.Add(Other, 0, GrantId.From(2, 1), 64), Is.EqualTo(Status.Busy));
        Assert.That(reads.Add(Other, 1, GrantId.From(2, 1), 64), Is.EqualTo(Status.Ok));
        Assert.That(reads.Count, Is.EqualTo(2));
    }

    [Test]
    public void AFullTableAnswersBusyAndAFreedSlotIsReused()
    {
        var reads = new PendingReads(2);
        reads.Add(Reader, 0, GrantId.From(1, 1), 8);
        reads.Add(Reader, 1, GrantId.From(1, 1), 8);
        Assert.That(reads.Add(Reader, 2, GrantId.From(1, 1), 8), Is.EqualTo(Status.Busy));
        reads.Remove(reads.Find(Reader, 0));
        Assert.That(reads.Add(Reader, 2, GrantId.From(3, 2), 16), Is.EqualTo(Status.Ok));
        int slot = reads.Find(Reader, 2);
        Assert.That(reads[slot].Length, Is.EqualTo(16));
        Assert.That(reads[slot].Grant.Value, Is.EqualTo(GrantId.From(3, 2).Value));
    }

    [Test]
    public void OnlyTheReaderFindsItsRead()
    {
        var reads = new PendingReads();
        reads.Add(Reader, 4, GrantId.From(1, 1), 8);
        Assert.That(reads.Find(Other, 4), Is.EqualTo(-1));
        Assert.That(reads.Find(Reader, 5), Is.EqualTo(-1));
        int slot = reads.Find(Reader, 4);
        Assert.That(slot, Is.GreaterThanOrEqualTo(0));
        Assert.That(reads.IsUsed(slot), Is.True);
        reads.Remove(slot);
        Assert.That(reads.IsUsed(slot), Is.False);
        Assert.That(reads.Count, Is.Zero);
    }
}
