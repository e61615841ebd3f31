using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Lib.Driver;

// The read a minor holds, whoever asked: CharDriver checks whether its
// reader can still take the bytes before answering a newcomer Busy.
public class PendingReadsReplaceTests
{
    private static readonly Endpoint Reader = new(70);

    [Test]
    public void TheMinorsHeldReadIsFoundWhoeverAsked()
    {
        var reads = new PendingReads();
        reads.Add(Reader, 3, GrantId.From(1, 1), 8);
        Assert.That(reads.OnMinor(3), Is.EqualTo(reads.Find(Reader, 3)));
        Assert.That(reads.OnMinor(4), Is.EqualTo(-1));
    }

    [Test]
    public void ARemovedReadFreesItsMinor()
    {
        var reads = new PendingReads();
        reads.Add(Reader, 3, GrantId.From(1, 1), 8);
        reads.Remove(reads.OnMinor(3));
        Assert.That(reads.OnMinor(3), Is.EqualTo(-1));
        Assert.That(reads.Add(new Endpoint(71), 3, GrantId.From(2, 1), 8), Is.EqualTo(Status.Ok));
    }
}
