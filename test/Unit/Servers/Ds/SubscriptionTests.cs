using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Ds;

// Publish/subscribe: who is told, what Check reports, and the limits.
[TestFixture]
public sealed class SubscriptionTests
{
    private static readonly Caller Alice = new("alice", new Endpoint(5));
    private static readonly Caller Bob = new("bob", new Endpoint(6));
    private static readonly Caller BobRestarted = new("bob", Endpoint.From(6, 1));

    private DataStore _store = null!;
    private List<Subscriber> _notify = null!;

    [SetUp]
    public void SetUp()
    {
        _store = new DataStore(maxEntries: 16, maxSubscriptions: 3, maxPendingChanges: 2);
        _notify = new List<Subscriber>();
    }

    private int Publish(Caller caller, string key, uint value, uint flags = 0) =>
        _store.Publish(caller, key, EntryValue.OfNumber(value), flags, _notify);

    private void ExpectChange(Caller caller, string key, int what, DataStoreKind kind = DataStoreKind.Number)
    {
        Assert.That(_store.Check(caller, out Change change), Is.EqualTo(Status.Ok));
        Assert.That(change.Key, Is.EqualTo(key));
        Assert.That(change.What, Is.EqualTo(what));
        Assert.That(change.Kind, Is.EqualTo(kind));
    }

    [Test]
    public void AMatchingPublishRecordsAChangeAndNamesTheSubscriberToNotify()
    {
        Assert.That(_store.Subscribe(Bob, "driver.*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_notify, Is.Empty);

        Publish(Alice, "driver.tty", 1);

        Assert.That(_notify, Has.Count.EqualTo(1));
        Assert.That(_notify[0].Label, Is.EqualTo("bob"));
        Assert.That(_notify[0].Endpoint, Is.EqualTo(Bob.Endpoint));
        ExpectChange(Bob, "driver.tty", DataStoreChange.Published);
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void NonMatchingKeysAreNotRecorded()
    {
        _store.Subscribe(Bob, "driver.*", 0, _notify);
        Publish(Alice, "server.vfs", 1);
        Assert.That(_notify, Is.Empty);
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void DeletionsAreReportedAndTheLatestChangeOfAKeyWins()
    {
        _store.Subscribe(Bob, "k*", 0, _notify);
        Publish(Alice, "k1", 1);
        Publish(Alice, "k2", 2);
        _store.Delete(Alice, "k1", _notify);

        ExpectChange(Bob, "k1", DataStoreChange.Deleted);
        ExpectChange(Bob, "k2", DataStoreChange.Published);
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void ASubscriberIsNotifiedOncePerRequestEvenWithSeveralMatchingPatterns()
    {
        _store.Subscribe(Bob, "k*", 0, _notify);
        _store.Subscribe(Bob, "*1", 0, _notify);
        Publish(Alice, "k1", 1);
        Assert.That(_notify, Has.Count.EqualTo(1));
        ExpectChange(Bob, "k1", DataStoreChange.Published);
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void EverySubscriberGetsItsOwnCopyOfAChange()
    {
        _store.Subscribe(Bob, "k*", 0, _notify);
        _store.Subscribe(Alice, "*", 0, _notify);
        Publish(Alice, "k1", 1);
        Assert.That(_notify, Has.Count.EqualTo(2));
        ExpectChange(Bob, "k1", DataStoreChange.Published);
        ExpectChange(Alice, "k1", DataStoreChange.Published);
    }

    [Test]
    public void InitialReportsExistingMatchesAtOnce()
    {
        Publish(Alice, "k1", 1);
        _store.Publish(Alice, "k2", EntryValue.OfString("two"), 0, _notify);
        Publish(Alice, "other", 3);

        Assert.That(_store.Subscribe(Bob, "k*", DataStoreFlags.Initial, _notify), Is.EqualTo(Status.Ok));

        Assert.That(_notify, Has.Count.EqualTo(1));
        var seen = new List<string>();
        while (_store.Check(Bob, out Change change) == Status.Ok)
            seen.Add(change.Key);
        Assert.That(seen, Is.EquivalentTo(new[] { "k1", "k2" }));
    }

    [Test]
    public void CheckWithoutSubscriptionIsItsOwnError()
    {
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NoSubscription));
    }

    [Test]
    public void OverflowIsReportedOnceBeforeTheKeptChanges()
    {
        _store.Subscribe(Bob, "*", 0, _notify);
        Publish(Alice, "a", 1);
        Publish(Alice, "b", 2);
        Publish(Alice, "c", 3);
        Publish(Alice, "a", 4, DataStoreFlags.Overwrite);   // already pending: no new slot needed

        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.ChangesLost));
        ExpectChange(Bob, "a", DataStoreChange.Published);
        ExpectChange(Bob, "b", DataStoreChange.Published);
        Assert.That(_store.Check(Bob, out _), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void PatternsAreLimitedButRepeatingOneIsFree()
    {
        Assert.That(_store.Subscribe(Bob, "a*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscribe(Bob, "b*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscribe(Alice, "c*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscribe(Alice, "d*", 0, _notify), Is.EqualTo(DataStoreStatus.SubscriptionsFull));
        Assert.That(_store.Subscribe(Bob, "a*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscriptions.PatternCount, Is.EqualTo(3));
    }

    [Test]
    public void MalformedSubscriptionsAreRefused()
    {
        Assert.That(_store.Subscribe(Bob, "", 0, _notify), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(_store.Subscribe(Bob, "with space*", 0, _notify), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(_store.Subscribe(Bob, "k*", DataStoreFlags.Overwrite, _notify), Is.EqualTo(Status.BadArgument));
        Assert.That(_store.Subscriptions.PatternCount, Is.Zero);
        Assert.That(_store.Subscriptions.Find("bob"), Is.Null);
    }

    [Test]
    public void ARestartedSubscriberKeepsItsChangesAndIsNotifiedAtItsNewEndpoint()
    {
        _store.Subscribe(Bob, "k*", 0, _notify);
        Publish(Alice, "k1", 1);
        _notify.Clear();

        // The restarted instance re-subscribes (free) and finds the change waiting.
        Assert.That(_store.Subscribe(BobRestarted, "k*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscriptions.Find("bob")!.Endpoint, Is.EqualTo(BobRestarted.Endpoint));
        ExpectChange(BobRestarted, "k1", DataStoreChange.Published);

        Publish(Alice, "k2", 2);
        Assert.That(_notify[0].Endpoint, Is.EqualTo(BobRestarted.Endpoint));
    }
}
