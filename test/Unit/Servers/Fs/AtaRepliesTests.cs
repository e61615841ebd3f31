using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs;

// What FS takes from ata, and what makes it complain to RS instead.
public unsafe class AtaRepliesTests
{
    private static Message Reply(int request, long result, long minor = 0)
    {
        Message reply = default;
        reply.Type = DriverRequest.Reply;
        reply.Word0 = result;
        reply.Word1 = request;
        reply.Word4 = minor;
        return reply;
    }

    [Test]
    public void AnAnswerToTheRequestIsGood()
    {
        Message reply = Reply(DriverRequest.Read, 4096);
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 4096, &reply), Is.EqualTo(AtaReplies.Good));
        reply = Reply(DriverRequest.Write, 100);
        Assert.That(AtaReplies.Check(DriverRequest.Write, 0, 512, &reply), Is.EqualTo(AtaReplies.Good), "a short transfer is the driver's to report");
        reply = Reply(DriverRequest.Read, DriverStatus.IoError);
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 512, &reply), Is.EqualTo(AtaReplies.Good), "an error is an answer");
        reply = Reply(DriverRequest.Geometry, 0);
        reply.Word2 = 1 << 30;
        Assert.That(AtaReplies.Check(DriverRequest.Geometry, 0, 0, &reply), Is.EqualTo(AtaReplies.Good), "geometry carries no byte count");
    }

    [Test]
    public void MoreBytesThanAskedBreaksProtocol()
    {
        Message reply = Reply(DriverRequest.Read, 1024);
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 512, &reply), Is.EqualTo(AtaReplies.TooManyBytes));
        reply = Reply(DriverRequest.Write, 513);
        Assert.That(AtaReplies.Check(DriverRequest.Write, 0, 512, &reply), Is.EqualTo(AtaReplies.TooManyBytes));
    }

    [Test]
    public void AnAnswerToAnotherRequestOrMinorBreaksProtocol()
    {
        Message reply = Reply(DriverRequest.Write, 512);
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 512, &reply), Is.EqualTo(AtaReplies.OtherRequest));
        reply = Reply(DriverRequest.Read, 512, minor: 3);
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 512, &reply), Is.EqualTo(AtaReplies.OtherMinor));
        reply = Reply(DriverRequest.Read, 512);
        reply.Type = DriverRequest.Read;
        Assert.That(AtaReplies.Check(DriverRequest.Read, 0, 512, &reply), Is.EqualTo(AtaReplies.NotAReply));
    }
}
