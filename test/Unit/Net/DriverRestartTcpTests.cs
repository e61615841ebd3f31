using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// What TCP does when inet opens a restarted Ethernet driver
// (NetStack.DriverRestarted, issue 16): resend at once what the dead
// driver may have lost, both ways, instead of waiting for a
// retransmission timeout on either side; no backoff, no retry counted.
public class DriverRestartTcpTests
{
    private NetStack _stack = null!;
    private CaptureLink _link = null!;
    private int _if;
    private readonly long _now = 1000;
    private const int PeerPort = 80;

    [SetUp]
    public void SetUp()
    {
        var peered = new PeeredStack(11, _now);
        (_stack, _link, _if) = (peered.Stack, peered.Link, peered.Interface);
    }

    private List<Seg> Sent()
    {
        var list = _link.Frames.Where(f => Wire.Get16(f, 12) == 0x0800).Select(f => Seg.From(f)!).ToList();
        _link.Frames.Clear();
        return list;
    }

    private void Peer(Seg to, uint seq, uint ack, int flags, byte[]? data = null)
    {
        byte[] f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800,
            Wire.Ip(Wire.IpB, Wire.IpA, 6, Wire.Tcp(Wire.IpB, Wire.IpA, PeerPort, to.SrcPort, seq, ack, flags, 60000, data, null)));
        _stack.Receive(_if, f, f.Length, _now);
    }

    [Test]
    public void AConnectingSocketSendsItsSynAgainAtOnce()
    {
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Connect(s, Wire.IpB, PeerPort, _now);
        Seg syn = Sent().Single();
        long retransmits = _stack.Stats.TcpRetransmits, timeouts = _stack.Stats.TcpTimeouts;

        Assert.That(_stack.DriverRestarted(_if, _now + 5), Is.EqualTo(1));
        Seg again = Sent().Single();
        Assert.That(again.Syn && !again.AckFlag, Is.True);
        Assert.That(again.Seq, Is.EqualTo(syn.Seq));
        Assert.That(_stack.Stats.TcpRetransmits, Is.EqualTo(retransmits + 1));
        Assert.That(_stack.Stats.TcpTimeouts, Is.EqualTo(timeouts), "not a timeout");
    }

    [Test]
    public void AnEstablishedConnectionResendsItsUnacknowledgedDataAndAsksThePeerToResendWithThreeDuplicateAcks()
    {
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Connect(s, Wire.IpB, PeerPort, _now);
        Seg syn = Sent().Single();
        const uint PeerIss = 5000;
        Peer(syn, PeerIss, syn.Seq + 1, 0x12);
        Sent();   // our ACK
        _stack.SetOption(s, SocketOption.NoDelay, 1);
        Assert.That(_stack.Send(s, "GET / HTTP/1.1\r\n\r\n"u8, _now), Is.EqualTo(18));
        Seg request = Sent().Single();
        // The peer's data arrives; the dead driver lost its next segments.
        Peer(syn, PeerIss + 1, syn.Seq + 1, 0x18, new byte[1000]);
        Peer(syn, PeerIss + 1001, syn.Seq + 1, 0x18, new byte[1000]);
        Sent();

        Assert.That(_stack.DriverRestarted(_if, _now + 5), Is.EqualTo(1));
        List<Seg> after = Sent();
        Assert.That(after[0].Data, Is.EqualTo(request.Data), "the unacknowledged request goes again, from SND.UNA");
        Assert.That(after[0].Seq, Is.EqualTo(request.Seq));
        List<Seg> acks = after.Skip(1).ToList();
        Assert.That(acks, Has.Count.EqualTo(3), "three duplicate ACKs: the peer's fast retransmit");
        Assert.That(acks.Select(a => a.Ack), Has.All.EqualTo(PeerIss + 1 + 2000));
        Assert.That(acks.Select(a => a.Data.Length), Has.All.EqualTo(0));
    }

    [Test]
    public void ConnectionsOnOtherInterfacesAndClosedOnesAreLeftAlone()
    {
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Connect(s, Wire.IpB, PeerPort, _now);
        Sent();
        int loopback = _stack.FindInterface("lo");
        Assert.That(_stack.DriverRestarted(loopback, _now + 5), Is.EqualTo(0));
        Assert.That(Sent(), Is.Empty);
        _stack.Close(s, _now);
        Sent();
        Assert.That(_stack.DriverRestarted(_if, _now + 5), Is.EqualTo(0), "a connection that never got past SYN-SENT is gone once closed");
    }
}
