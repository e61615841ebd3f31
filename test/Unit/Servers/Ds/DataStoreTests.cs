using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Ds.Store;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Ds;

// Entries, ownership and limits of the store DS runs (src/Servers/Ds/Store).
[TestFixture]
public sealed class DataStoreTests
{
    private static readonly Caller Alice = new("alice", new Endpoint(5));
    private static readonly Caller AliceRestarted = new("alice", Endpoint.From(5, 1));
    private static readonly Caller Bob = new("bob", new Endpoint(6));
    private static readonly Caller Rs = new("rs", new Endpoint(1));

    private DataStore _store = null!;
    private List<Subscriber> _notify = null!;

    [SetUp]
    public void SetUp()
    {
        _store = new DataStore(maxEntries: 4, maxSubscriptions: 4, maxPendingChanges: 4);
        _notify = new List<Subscriber>();
    }

    private int Publish(Caller caller, string key, EntryValue value, uint flags = 0) => _store.Publish(caller, key, value, flags, _notify);

    [Test]
    public void EachKindComesBackAsPublished()
    {
        byte[] blob = { 1, 2, 3 };
        Assert.That(Publish(Alice, "n", EntryValue.OfNumber(uint.MaxValue)), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Alice, "s", EntryValue.OfString("hello")), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Alice, "b", EntryValue.OfBlob(blob)), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Alice, "alice", EntryValue.OfLabel(Alice.Endpoint)), Is.EqualTo(Status.Ok));

        Assert.That(_store.Retrieve(Alice, "n", DataStoreKind.Number, out Entry? n), Is.EqualTo(Status.Ok));
        Assert.That(n!.Value.Number, Is.EqualTo((long)uint.MaxValue));
        Assert.That(n.Owner, Is.EqualTo("alice"));
        _store.Retrieve(Alice, "s", DataStoreKind.String, out Entry? s);
        Assert.That(s!.Value.Text, Is.EqualTo("hello"));
        _store.Retrieve(Alice, "b", DataStoreKind.Blob, out Entry? b);
        Assert.That(b!.Value.Bytes, Is.EqualTo(blob));
        _store.Retrieve(Alice, "alice", DataStoreKind.Label, out Entry? label);
        Assert.That(label!.Value.Number, Is.EqualTo(5));
    }

    [Test]
    public void RetrieveNamesWhatIsWrong()
    {
        Publish(Alice, "n", EntryValue.OfNumber(1));
        Assert.That(_store.Retrieve(Alice, "missing", DataStoreKind.Number, out _), Is.EqualTo(DataStoreStatus.NotFound));
        Assert.That(_store.Retrieve(Alice, "n", DataStoreKind.String, out Entry? wrong), Is.EqualTo(DataStoreStatus.WrongKind));
        Assert.That(wrong, Is.Null);
        Assert.That(_store.Retrieve(Alice, "n", DataStoreKind.None, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_store.Retrieve(Alice, "n", (DataStoreKind)9, out _), Is.EqualTo(Status.BadArgument));
        Assert.That(_store.Retrieve(Alice, "bad key", DataStoreKind.Number, out _), Is.EqualTo(DataStoreStatus.BadKey));
    }

    [Test]
    public void RepublishingNeedsOverwriteAndOnlyTheOwnerMay()
    {
        Publish(Alice, "k", EntryValue.OfNumber(1));
        Assert.That(Publish(Alice, "k", EntryValue.OfNumber(2)), Is.EqualTo(DataStoreStatus.Exists));
        Assert.That(Publish(Bob, "k", EntryValue.OfNumber(3), DataStoreFlags.Overwrite), Is.EqualTo(Status.NotAllowed));
        Assert.That(Publish(Bob, "k", EntryValue.OfNumber(3)), Is.EqualTo(Status.NotAllowed), "a stranger learns nothing more than 'not yours'");
        Assert.That(Publish(Alice, "k", EntryValue.OfString("now text"), DataStoreFlags.Overwrite), Is.EqualTo(Status.Ok));

        Assert.That(_store.Retrieve(Alice, "k", DataStoreKind.String, out Entry? entry), Is.EqualTo(Status.Ok));
        Assert.That(entry!.Value.Text, Is.EqualTo("now text"));
    }

    [Test]
    public void OnlyTheOwnerMayDelete()
    {
        Publish(Alice, "k", EntryValue.OfNumber(1));
        Assert.That(_store.Delete(Bob, "k", _notify), Is.EqualTo(Status.NotAllowed));
        Assert.That(_store.Retrieve(Alice, "k", DataStoreKind.Number, out _), Is.EqualTo(Status.Ok));
        Assert.That(_store.Delete(Alice, "k", _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Retrieve(Alice, "k", DataStoreKind.Number, out _), Is.EqualTo(DataStoreStatus.NotFound));
        Assert.That(_store.Delete(Alice, "k", _notify), Is.EqualTo(DataStoreStatus.NotFound));
    }

    [Test]
    public void OwnershipFollowsTheLabelAcrossARestart()
    {
        Publish(Alice, "state", EntryValue.OfNumber(1));
        Assert.That(Publish(AliceRestarted, "state", EntryValue.OfNumber(2), DataStoreFlags.Overwrite), Is.EqualTo(Status.Ok));
        Assert.That(_store.Delete(AliceRestarted, "state", _notify), Is.EqualTo(Status.Ok));
    }

    [Test]
    public void LabelEntriesOnlyForOneselfOrByTheReincarnationServer()
    {
        Assert.That(Publish(Alice, "bob", EntryValue.OfLabel(Alice.Endpoint)), Is.EqualTo(Status.NotAllowed));
        Assert.That(Publish(Alice, "alice", EntryValue.OfLabel(Bob.Endpoint)), Is.EqualTo(Status.NotAllowed));
        Assert.That(Publish(Alice, "alice", EntryValue.OfLabel(Alice.Endpoint)), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Rs, "bob", EntryValue.OfLabel(Bob.Endpoint)), Is.EqualTo(Status.Ok));
        // RS owns what it published: bob itself cannot move its entry.
        Assert.That(Publish(Bob, "bob", EntryValue.OfLabel(Bob.Endpoint), DataStoreFlags.Overwrite), Is.EqualTo(Status.NotAllowed));
    }

    [Test]
    public void MalformedPublishesChangeNothing()
    {
        Publish(Alice, "k", EntryValue.OfNumber(1));
        Assert.That(Publish(Alice, "", EntryValue.OfNumber(1)), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(Publish(Alice, "a*", EntryValue.OfNumber(1)), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(Publish(Alice, new string('k', 32), EntryValue.OfNumber(1)), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(Publish(Alice, "k", EntryValue.OfNumber(2), 0x80 | DataStoreFlags.Overwrite), Is.EqualTo(Status.BadArgument));
        Assert.That(Publish(Alice, "k", EntryValue.OfNumber(2), DataStoreFlags.Initial), Is.EqualTo(Status.BadArgument));
        Assert.That(Publish(Alice, "k", EntryValue.OfString(new string('x', 41)), DataStoreFlags.Overwrite), Is.EqualTo(DataStoreStatus.TooLong));
        Assert.That(Publish(Alice, "k", EntryValue.OfString("nul\0"), DataStoreFlags.Overwrite), Is.EqualTo(Status.BadArgument));
        Assert.That(Publish(Alice, "k", EntryValue.OfString("caf\u00e9"), DataStoreFlags.Overwrite), Is.EqualTo(Status.BadArgument));
        Assert.That(Publish(Alice, "k", EntryValue.OfBlob(new byte[DataStoreLimits.MaxBlobLength + 1]), DataStoreFlags.Overwrite), Is.EqualTo(DataStoreStatus.TooLong));
        Assert.That(Publish(Alice, "k", default, DataStoreFlags.Overwrite), Is.EqualTo(Status.BadArgument));

        Assert.That(_store.Count, Is.EqualTo(1));
        Assert.That(_store.Retrieve(Alice, "k", DataStoreKind.Number, out Entry? entry), Is.EqualTo(Status.Ok));
        Assert.That(entry!.Value.Number, Is.EqualTo(1));
        Assert.That(_notify, Is.Empty);
    }

    [Test]
    public void AFullStoreRefusesNewKeysButNotOverwritesAndDeletingMakesRoom()
    {
        for (int i = 0; i < 4; i++)
            Assert.That(Publish(Alice, "k" + i, EntryValue.OfNumber((uint)i)), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Alice, "k4", EntryValue.OfNumber(4)), Is.EqualTo(DataStoreStatus.StoreFull));
        Assert.That(Publish(Alice, "k0", EntryValue.OfNumber(9), DataStoreFlags.Overwrite), Is.EqualTo(Status.Ok));
        _store.Delete(Alice, "k1", _notify);
        Assert.That(Publish(Alice, "k4", EntryValue.OfNumber(4)), Is.EqualTo(Status.Ok));
    }

    [Test]
    public void TheDefaultLimitsAreTheProtocolsLimits()
    {
        var store = new DataStore();
        var notify = new List<Subscriber>();
        int stored = 0;
        while (store.Publish(Alice, "k" + stored, EntryValue.OfNumber(1), 0, notify) == Status.Ok)
            stored++;
        Assert.That(stored, Is.EqualTo(DataStoreLimits.MaxEntries));
    }

    // A user program is known by its uid: what it publishes is that user's
    // alone, and a component's entries stay readable by everyone.
    [Test]
    public void AUsersEntriesAreThatUsersAlone()
    {
        Caller guest = Caller.User(1000, new Endpoint(70));
        Caller guestsOtherProgram = Caller.User(1000, new Endpoint(71));
        Caller mallory = Caller.User(1001, new Endpoint(72));
        Caller root = Caller.User(0, new Endpoint(73));
        Assert.That(Publish(guest, "notes", EntryValue.OfNumber(7)), Is.EqualTo(Status.Ok));
        Assert.That(Publish(Alice, "alice.state", EntryValue.OfNumber(1)), Is.EqualTo(Status.Ok));

        Assert.That(_store.Retrieve(guestsOtherProgram, "notes", DataStoreKind.Number, out Entry? mine), Is.EqualTo(Status.Ok));
        Assert.That(mine!.Value.Number, Is.EqualTo(7));
        Assert.That(_store.Retrieve(mallory, "notes", DataStoreKind.Number, out _), Is.EqualTo(Status.NotAllowed));
        Assert.That(_store.Retrieve(root, "notes", DataStoreKind.Number, out _), Is.EqualTo(Status.NotAllowed), "owner-only");
        Assert.That(_store.Retrieve(Alice, "notes", DataStoreKind.Number, out _), Is.EqualTo(Status.NotAllowed), "components too");
        Assert.That(Publish(mallory, "notes", EntryValue.OfNumber(8), DataStoreFlags.Overwrite), Is.EqualTo(Status.NotAllowed));
        Assert.That(_store.Delete(mallory, "notes", _notify), Is.EqualTo(Status.NotAllowed));
        Assert.That(_store.Retrieve(mallory, "alice.state", DataStoreKind.Number, out _), Is.EqualTo(Status.Ok), "a component's entry is shared state");
    }

    [Test]
    public void ASubscriberHearsOnlyOfUsersEntriesItMaySee()
    {
        Caller guest = Caller.User(1000, new Endpoint(70));
        Caller mallory = Caller.User(1001, new Endpoint(72));
        Assert.That(_store.Subscribe(mallory, "*", 0, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Subscribe(guest, "*", 0, _notify), Is.EqualTo(Status.Ok));
        _notify.Clear();
        Assert.That(Publish(guest, "secret", EntryValue.OfNumber(1)), Is.EqualTo(Status.Ok));
        Assert.That(_notify.ConvertAll(s => s.Label), Is.EqualTo(new[] { guest.Label }));
        Assert.That(_store.Check(mallory, out _), Is.EqualTo(DataStoreStatus.NotFound), "nothing for mallory");

        Caller late = Caller.User(1002, new Endpoint(74));
        _notify.Clear();
        Assert.That(_store.Subscribe(late, "*", DataStoreFlags.Initial, _notify), Is.EqualTo(Status.Ok));
        Assert.That(_store.Check(late, out _), Is.EqualTo(DataStoreStatus.NotFound), "Initial reports nothing of another user's");
    }
}
