using Minix3.Cosmos.Lib.Ipc;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Ds;

// The DS message layout (src/Lib/Ipc/DataStoreProtocol.cs): where the
// builders put things, and that readers never leave the payload whatever
// the header says.
[TestFixture]
public sealed unsafe class DataStoreProtocolTests
{
    [Test]
    public void HeaderAndKeyHaveFixedPlaces()
    {
        Message message;
        Assert.That(DataStoreMessage.PublishNumber(&message, "tty", 42, DataStoreFlags.Overwrite), Is.EqualTo(Status.Ok));

        Assert.That(message.Type, Is.EqualTo(DataStoreRequest.Publish));
        Assert.That(message.Payload[0], Is.EqualTo(3));
        Assert.That(message.Payload[1], Is.EqualTo((byte)DataStoreKind.Number));
        Assert.That((ulong)message.Word0 >> 32, Is.EqualTo(DataStoreFlags.Overwrite));
        Assert.That(message.Payload[8], Is.EqualTo((byte)'t'));
        Assert.That(message.Payload[10], Is.EqualTo((byte)'y'));
        Assert.That(message.Word5, Is.EqualTo(42));
        Assert.That(DataStoreMessage.Key(&message), Is.EqualTo("tty"));
        Assert.That(DataStoreMessage.Flags(&message), Is.EqualTo(DataStoreFlags.Overwrite));
    }

    [Test]
    public void TheLongestKeyStopsShortOfTheValueWords()
    {
        Message message;
        string key = new('k', DataStoreLimits.MaxKeyLength);
        DataStoreMessage.PublishBlob(&message, key, new GrantId(0x10002), 100, 0);

        Assert.That(DataStoreMessage.Key(&message), Is.EqualTo(key));
        Assert.That(DataStoreMessage.Grant(&message).Value, Is.EqualTo(0x10002));
        Assert.That(DataStoreMessage.BlobLength(&message), Is.EqualTo(100));
    }

    [Test]
    public void AStringFollowsItsKeyInTheTextBytes()
    {
        Message message;
        string text = new('x', DataStoreLimits.MaxStringLength);
        Assert.That(DataStoreMessage.PublishString(&message, "eight.ch", text, 0), Is.EqualTo(Status.Ok));
        Assert.That(DataStoreMessage.StringLength(&message), Is.EqualTo(40));
        Assert.That(DataStoreMessage.PublishedString(&message), Is.EqualTo(text));
    }

    [Test]
    public void BuildersRefuseWhatCannotBeEncoded()
    {
        Message message;
        Assert.That(DataStoreMessage.PublishNumber(&message, "", 1, 0), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(DataStoreMessage.PublishNumber(&message, new string('k', 32), 1, 0), Is.EqualTo(DataStoreStatus.BadKey));
        Assert.That(DataStoreMessage.PublishString(&message, "k", new string('x', 41), 0), Is.EqualTo(DataStoreStatus.TooLong));
        Assert.That(DataStoreMessage.PublishString(&message, "nine.char", new string('x', 40), 0), Is.EqualTo(DataStoreStatus.TooLong),
            "key and string share the 48 text bytes");
    }

    [Test]
    public void HostileHeadersCannotMakeReadersLeaveThePayload()
    {
        Message message;
        DataStoreMessage.PublishString(&message, "k", "v", 0);
        message.Payload[0] = 255;
        Assert.That(DataStoreMessage.Key(&message), Is.Null);
        message.Payload[0] = 31;
        message.Payload[2] = 200;
        Assert.That(DataStoreMessage.PublishedString(&message), Is.Null);
        message.Payload[0] = 0;
        Assert.That(DataStoreMessage.Key(&message), Is.Null);
        Assert.That(DataStoreMessage.RetrievedString(&message), Has.Length.EqualTo(DataStoreLimits.TextBytes));
    }

    [Test]
    public void CheckRepliesCarryKeyKindAndChange()
    {
        Message reply = default;
        DataStoreMessage.SetHeader(&reply, 5, DataStoreKind.Blob, 0, DataStoreChange.Deleted, 0);
        DataStoreMessage.WriteText(&reply, 0, "state");
        Assert.That(DataStoreMessage.Key(&reply), Is.EqualTo("state"));
        Assert.That(DataStoreMessage.Kind(&reply), Is.EqualTo(DataStoreKind.Blob));
        Assert.That(DataStoreMessage.Change(&reply), Is.EqualTo(DataStoreChange.Deleted));
        Assert.Throws<System.ArgumentOutOfRangeException>(() =>
        {
            Message m = default;
            DataStoreMessage.WriteText(&m, 41, "too long");
        });
    }

    [Test]
    public void DataStoreStatusesDoNotCollideWithKernelOnes()
    {
        int[] codes =
        {
            DataStoreStatus.NotFound, DataStoreStatus.Exists, DataStoreStatus.WrongKind, DataStoreStatus.StoreFull,
            DataStoreStatus.SubscriptionsFull, DataStoreStatus.BadKey, DataStoreStatus.TooLong, DataStoreStatus.BufferTooSmall,
            DataStoreStatus.ChangesLost, DataStoreStatus.UnknownRequest, DataStoreStatus.NoSubscription, DataStoreStatus.Failed,
        };
        Assert.That(codes, Is.Unique);
        Assert.That(codes, Has.All.InRange(-119, -100));
    }
}
