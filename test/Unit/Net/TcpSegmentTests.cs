using System;
using System.Collections.Generic;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// TCP against hand-built segments: the test plays the peer 10.0.0.2 and
// reads every segment the engine (10.0.0.1) sends.
public class TcpSegmentTests
{
    private NetStack _stack = null!;
    private CaptureLink _link = null!;
    private int _if;
    private long _now = 1000;
    private const int PeerPort = 40000;
    private uint _peerSeq = 0xFFFFFF00;   // near the wrap on purpose

    [SetUp]
    public void SetUp()
    {
        var peered = new PeeredStack(7, _now);
        (_stack, _link, _if) = (peered.Stack, peered.Link, peered.Interface);
    }

    private void Send(int port, uint seq, uint ack, int flags, int window, byte[]? data = null, byte[]? options = null, int from = PeerPort)
    {
        byte[] f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800,
            Wire.Ip(Wire.IpB, Wire.IpA, 6, Wire.Tcp(Wire.IpB, Wire.IpA, from, port, seq, ack, flags, window, data, options)));
        _stack.Receive(_if, f, f.Length, _now);
    }

    // The next segment sent; ARP requests (the cache expires every minute
    // of simulated time) are answered on the way.
    private Seg Next()
    {
        byte[] f = _link.Take();
        while (Wire.Get16(f, 12) == 0x0806)
        {
            byte[] reply = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(2, Wire.MacB, Wire.IpB, Wire.MacA, Wire.IpA));
            _stack.Receive(_if, reply, reply.Length, _now);
            f = _link.Take();
        }
        Seg? s = Seg.From(f);
        Assert.That(s, Is.Not.Null);
        return s!;
    }

    private List<Seg> All()
    {
        var list = new List<Seg>();
        while (_link.Frames.Count > 0)
            list.Add(Next());
        return list;
    }

    private void Advance(long ms)
    {
        for (long t = 0; t < ms; t += 10)
        {
            _now += 10;
            _stack.Tick(_now);
        }
    }

    private static readonly byte[] MssAndScale = { 2, 4, 0x03, 0xE8, 1, 3, 3, 2 };   // MSS 1000, NOP, WS 2

    // A passive connection on port 80, established; returns the accepted
    // socket and the engine's ISS.
    private int Accepted(out uint iss, byte[]? synOptions = null)
    {
        int l = _stack.Open(SocketKind.Tcp);
        Assert.That(_stack.Bind(l, 0, 80), Is.EqualTo(0));
        Assert.That(_stack.Listen(l, 4), Is.EqualTo(0));
        Send(80, _peerSeq, 0, 0x02, 8192, options: synOptions ?? MssAndScale);
        Seg synAck = Next();
        Assert.That(synAck.Syn && synAck.AckFlag, Is.True);
        Assert.That(synAck.Ack, Is.EqualTo(_peerSeq + 1));
        iss = synAck.Seq;
        _peerSeq++;
        Send(80, _peerSeq, iss + 1, 0x10, 8192);
        int s = _stack.Accept(l, out uint addr, out int port);
        Assert.That(s, Is.GreaterThanOrEqualTo(0));
        Assert.That((addr, port), Is.EqualTo((Wire.IpB, PeerPort)));
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Established));
        return s;
    }

    [Test]
    public void PassiveOpenNegotiatesMssAndWindowScale()
    {
        int l = _stack.Open(SocketKind.Tcp);
        _stack.Bind(l, 0, 80);
        _stack.Listen(l, 4);
        Send(80, 1000, 0, 0x02, 8192, options: MssAndScale);
        Seg synAck = Next();
        Assert.That(synAck.Mss, Is.EqualTo(1460), "our MTU less 40");
        Assert.That(synAck.Scale, Is.EqualTo(1), "a 64 KiB buffer needs a shift of 1");
        Assert.That(synAck.Window, Is.EqualTo(65535), "a SYN's window is not scaled");
        Assert.That(_stack.Accept(l, out _, out _), Is.EqualTo(NetError.WouldBlock), "not until the handshake ends");
        Send(80, 1001, synAck.Seq + 1, 0x10, 100);
        int s = _stack.Accept(l, out _, out _);
        Assert.That(s, Is.GreaterThanOrEqualTo(0));
        Assert.That(_stack.Poll(s) & SocketReady.Writable, Is.Not.Zero);
        // The peer's window is scaled by 4 now: 100 means 400 bytes; with
        // its MSS of 1000, 1000 bytes go out as one 400-byte segment.
        _stack.SetOption(s, SocketOption.NoDelay, 1);
        Assert.That(_stack.Send(s, new byte[1000], _now), Is.EqualTo(1000));
        List<Seg> out1 = All();
        Assert.That(out1.Count, Is.EqualTo(1));
        Assert.That(out1[0].Data.Length, Is.EqualTo(400));
        Assert.That(out1[0].Window, Is.EqualTo(65535 >> 1), "our windows are scaled by 2");
    }

    [Test]
    public void NoScaleOptionMeansNoScaling()
    {
        int s = Accepted(out uint iss, synOptions: new byte[] { 2, 4, 0x05, 0xB4 });
        Send(80, _peerSeq, iss + 1, 0x10, 3000);
        _stack.SetOption(s, SocketOption.NoDelay, 1);
        _stack.Send(s, new byte[5000], _now);
        int total = 0;
        foreach (Seg g in All())
        {
            total += g.Data.Length;
            Assert.That(g.Window, Is.EqualTo(65535), "unscaled, capped at 65535");
        }
        // Two full segments fill 2920 of the 3000 bytes; the 80-byte tail
        // waits for an ACK (sender silly window avoidance).
        Assert.That(total, Is.EqualTo(2920), "the window, unscaled");
    }

    [Test]
    public void ActiveOpenAndDataBothWays()
    {
        int s = _stack.Open(SocketKind.Tcp);
        Assert.That(_stack.Connect(s, Wire.IpB, 80, _now), Is.EqualTo(NetError.InProgress));
        Assert.That(_stack.Connect(s, Wire.IpB, 80, _now), Is.EqualTo(NetError.Already));
        Seg syn = Next();
        Assert.That(syn.Syn && !syn.AckFlag, Is.True);
        Assert.That(syn.Mss, Is.EqualTo(1460));
        Assert.That(syn.Scale, Is.EqualTo(1));
        Assert.That(_stack.Poll(s) & SocketReady.Writable, Is.Zero, "still connecting");
        Send(syn.SrcPort, _peerSeq, syn.Seq + 1, 0x12, 60000, options: MssAndScale, from: 80);
        _peerSeq++;
        Seg ack = Next();
        Assert.That(ack.AckFlag && ack.Ack == _peerSeq && ack.Seq == syn.Seq + 1, Is.True);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Established));
        // Engine to peer.
        Assert.That(_stack.Send(s, "hello"u8, _now), Is.EqualTo(5));
        Seg d = Next();
        Assert.That(d.Data, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(d.Seq, Is.EqualTo(syn.Seq + 1));
        // Peer to engine: one segment waits for the delayed ACK...
        Send(syn.SrcPort, _peerSeq, syn.Seq + 6, 0x18, 60000, "abc"u8.ToArray(), from: 80);
        _peerSeq += 3;
        Assert.That(_link.Frames, Is.Empty, "the ACK is delayed");
        var buf = new byte[16];
        Assert.That(_stack.Receive(s, buf, _now), Is.EqualTo(3));
        Advance(TcpConnection.DelayedAckMs + 10);
        Seg delayed = Next();
        Assert.That(delayed.Ack, Is.EqualTo(_peerSeq));
        // ...two are ACKed at once (RFC 1122 4.2.3.2).
        Send(syn.SrcPort, _peerSeq, syn.Seq + 6, 0x10, 60000, new byte[100], from: 80);
        Send(syn.SrcPort, _peerSeq + 100, syn.Seq + 6, 0x10, 60000, new byte[100], from: 80);
        _peerSeq += 200;
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq));
        Assert.That(_stack.Receive(s, buf, _now), Is.EqualTo(16));
    }

    [Test]
    public void OutOfOrderSegmentsWaitForTheHole()
    {
        int s = Accepted(out uint iss);
        Send(80, _peerSeq + 10, iss + 1, 0x10, 8192, new byte[] { 11, 12 });
        Seg dup = Next();
        Assert.That(dup.Ack, Is.EqualTo(_peerSeq), "an immediate duplicate ACK");
        Assert.That(_stack.Poll(s) & SocketReady.Readable, Is.Zero);
        var hole = new byte[10];
        for (int i = 0; i < 10; i++) hole[i] = (byte)(i + 1);
        Send(80, _peerSeq, iss + 1, 0x10, 8192, hole);
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 12), "the hole filled: ACK everything at once");
        var buf = new byte[32];
        Assert.That(_stack.Receive(s, buf, _now), Is.EqualTo(12));
        Assert.That(buf[9], Is.EqualTo(10));
        Assert.That(buf[11], Is.EqualTo(12));
        Assert.That(_stack.Stats.TcpOutOfOrder, Is.EqualTo(1));
    }

    [Test]
    public void RstChecksFollowRfc5961()
    {
        int s = Accepted(out uint iss);
        // Out of the window: ignored silently.
        Send(80, _peerSeq + 1_000_000, 0, 0x04, 0);
        Assert.That(_link.Frames, Is.Empty);
        // In the window but not exactly RCV.NXT: a challenge ACK.
        Send(80, _peerSeq + 5, 0, 0x04, 0);
        Seg challenge = Next();
        Assert.That(challenge.AckFlag && challenge.Ack == _peerSeq, Is.True);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Established));
        // A SYN on an established connection: a challenge ACK too.
        Send(80, _peerSeq + 3, 0, 0x02, 8192);
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq));
        Assert.That(_stack.Stats.TcpChallengeAcks, Is.EqualTo(2));
        // Exactly RCV.NXT: reset.
        Send(80, _peerSeq, 0, 0x04, 0);
        Assert.That(_stack.Poll(s) & (SocketReady.Error | SocketReady.HangUp), Is.EqualTo(SocketReady.Error | SocketReady.HangUp));
        Assert.That(_stack.Receive(s, new byte[4], _now), Is.EqualTo(NetError.ConnectionReset));
        Assert.That(_stack.Receive(s, new byte[4], _now), Is.EqualTo(0), "then end of file");
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0));
    }

    [Test]
    public void SegmentsForNothingGetARst()
    {
        Send(81, 5000, 0, 0x02, 8192);
        Seg r = Next();
        Assert.That(r.Rst && r.AckFlag && r.Ack == 5001 && r.Seq == 0, Is.True, "SYN to a closed port");
        Send(81, 5000, 777, 0x10, 8192);
        r = Next();
        Assert.That(r.Rst && !r.AckFlag && r.Seq == 777, Is.True, "a stray ACK");
        Send(81, 5000, 777, 0x14, 8192);
        Assert.That(_link.Frames, Is.Empty, "never a RST for a RST");
        // A refused connect.
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Connect(s, Wire.IpB, 9, _now);
        Seg syn = Next();
        Send(syn.SrcPort, 0, syn.Seq + 1, 0x14, 0, from: 9);
        Assert.That(_stack.Send(s, new byte[1], _now), Is.EqualTo(NetError.ConnectionRefused));
    }

    [Test]
    public void AFullBacklogDropsNewSyns()
    {
        int l = _stack.Open(SocketKind.Tcp);
        _stack.Bind(l, 0, 80);
        _stack.Listen(l, 2);
        for (int i = 0; i < 50; i++)
            Send(80, (uint)(i * 1000), 0, 0x02, 8192, from: 20000 + i);
        Assert.That(All().Count, Is.EqualTo(2), "two SYN-ACKs");
        Assert.That(_stack.Stats.TcpSynBacklogFull, Is.EqualTo(48));
        for (int k = 0; k < _stack.TcpConnectionCount; k++)
            Assert.That(_stack.TcpConnectionAt(k).RecvRing.Allocated, Is.False, "half-open: no buffers yet");
        // Half-open entries give up after their SYN-ACK retries, freeing the backlog.
        Advance(200_000);
        _link.Frames.Clear();
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0));
        Send(80, 1, 0, 0x02, 8192, from: 30000);
        Assert.That(Next().Syn, Is.True);
    }

    [Test]
    public void MalformedSegmentsAreCounted()
    {
        int l = _stack.Open(SocketKind.Tcp);
        _stack.Bind(l, 0, 80);
        _stack.Listen(l, 4);
        Send(80, 1, 0, 0x02, 8192, options: new byte[] { 2, 4, 5 | 0, 0, 3, 9, 0, 0 });    // WS length 9 overruns
        Send(80, 1, 0, 0x02, 8192, options: new byte[] { 1, 1, 1, 2 });                   // MSS with no length byte
        Send(80, 1, 0, 0x02, 8192, options: new byte[] { 2, 0, 0, 0 });                   // length 0
        Send(80, 1, 0, 0x03, 8192);                                                       // SYN+FIN
        byte[] t = Wire.Tcp(Wire.IpB, Wire.IpA, PeerPort, 80, 1, 0, 0x02, 8192);
        t[19] ^= 1;
        byte[] f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, Wire.Ip(Wire.IpB, Wire.IpA, 6, t));
        _stack.Receive(_if, f, f.Length, _now);
        byte[] shortT = Wire.Tcp(Wire.IpB, Wire.IpA, PeerPort, 80, 1, 0, 0x02, 8192);
        shortT[12] = 0xF0;   // data offset 60 > 20 bytes
        f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, Wire.Ip(Wire.IpB, Wire.IpA, 6, shortT));
        _stack.Receive(_if, f, f.Length, _now);
        Assert.That(_stack.Stats.TcpBadOptions, Is.EqualTo(3));
        Assert.That(_stack.Stats.TcpMalformed, Is.EqualTo(2));
        Assert.That(_stack.Stats.TcpBadChecksum, Is.EqualTo(1));
        Assert.That(_link.Frames, Is.Empty);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0));
    }

    [Test]
    public void CloseWalksFinWaitToTimeWaitAndExpires()
    {
        _stack.MslMs = 1000;
        int s = Accepted(out uint iss);
        Assert.That(_stack.Close(s, _now), Is.EqualTo(0));
        Seg fin = Next();
        Assert.That(fin.Fin && fin.Seq == iss + 1, Is.True);
        Send(80, _peerSeq, iss + 2, 0x10, 8192);
        var table = new List<ConnectionInfo>();
        _stack.Connections(table);
        Assert.That(table.Find(c => c.LocalPort == 80 && c.RemotePort == PeerPort)!.State, Is.EqualTo(TcpState.FinWait2));
        Send(80, _peerSeq, iss + 2, 0x11, 8192);
        Seg last = Next();
        Assert.That(last.Ack, Is.EqualTo(_peerSeq + 1));
        table.Clear();
        _stack.Connections(table);
        Assert.That(table.Find(c => c.RemotePort == PeerPort)!.State, Is.EqualTo(TcpState.TimeWait));
        // A retransmitted FIN is ACKed again in TIME-WAIT.
        Send(80, _peerSeq, iss + 2, 0x11, 8192);
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 1));
        Advance(2 * _stack.MslMs + 20);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0), "gone after 2*MSL");
    }

    [Test]
    public void HalfCloseFromThePeerStillLetsUsSend()
    {
        int s = Accepted(out uint iss);
        Send(80, _peerSeq, iss + 1, 0x11, 8192, "bye"u8.ToArray());
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 4), "FIN ACKed at once");
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.CloseWait));
        var buf = new byte[8];
        Assert.That(_stack.Receive(s, buf, _now), Is.EqualTo(3));
        Assert.That(_stack.Receive(s, buf, _now), Is.EqualTo(0), "end of file");
        Assert.That(_stack.Send(s, "more"u8, _now), Is.EqualTo(4));
        Assert.That(Next().Data.Length, Is.EqualTo(4));
        _stack.Shutdown(s, ShutdownHow.Write, _now);
        Seg fin = Next();
        Assert.That(fin.Fin && fin.Seq == iss + 5, Is.True);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.LastAck));
        Send(80, _peerSeq + 4, iss + 6, 0x10, 8192);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Closed));
        Assert.That(_stack.Poll(s) & SocketReady.HangUp, Is.Not.Zero);
    }

    [Test]
    public void ThreeDuplicateAcksTriggerFastRetransmit()
    {
        int s = Accepted(out uint iss);
        _stack.SetOption(s, SocketOption.NoDelay, 1);
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        _stack.Send(s, new byte[4000], _now);   // IW for MSS 1000 is 4000: four segments
        var sent = new List<Seg>();
        while (_link.Frames.Count > 0)
            sent.Add(Next());
        Assert.That(sent.Count, Is.EqualTo(4));
        for (int i = 0; i < 2; i++)
            Send(80, _peerSeq, iss + 1, 0x10, 30000);
        Assert.That(_link.Frames, Is.Empty, "two duplicates are not enough");
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        Seg again = Next();
        Assert.That(again.Seq, Is.EqualTo(iss + 1), "the first segment again");
        Assert.That(again.Data.Length, Is.EqualTo(1000));
        Assert.That(_stack.Stats.TcpFastRetransmits, Is.EqualTo(1));
        Assert.That(_stack.Stats.TcpDupAcks, Is.EqualTo(3));
        // A partial ACK (NewReno) retransmits the next hole at once.
        Send(80, _peerSeq, iss + 1001, 0x10, 30000);
        Seg hole = Next();
        Assert.That(hole.Seq, Is.EqualTo(iss + 1001));
        // The full ACK ends recovery; nothing is left to send.
        Send(80, _peerSeq, iss + 4001, 0x10, 30000);
        Assert.That(_link.Frames, Is.Empty);
    }

    [Test]
    public void RetransmissionTimerBacksOffAndGivesUp()
    {
        int s = Accepted(out uint iss);
        _stack.Send(s, new byte[10], _now);
        Seg first = Next();
        var gaps = new List<long>();
        long last = _now;
        while (_stack.State(s) == TcpState.Established && gaps.Count < 30)
        {
            _now += 10;
            _stack.Tick(_now);
            if (_link.Frames.Count > 0)
            {
                Seg r = Next();
                if (r.Rst)
                    break;
                Assert.That(r.Seq, Is.EqualTo(first.Seq));
                gaps.Add(_now - last);
                last = _now;
            }
        }
        Assert.That(gaps.Count, Is.EqualTo(TcpConnection.MaxRetries));
        for (int i = 1; i < 8; i++)
            Assert.That(gaps[i], Is.InRange(gaps[i - 1] * 2 - 10, gaps[i - 1] * 2 + 10), "doubles each time");
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Closed));
        Assert.That(_stack.Send(s, new byte[1], _now), Is.EqualTo(NetError.TimedOut));
    }

    [Test]
    public void AShutWindowIsProbed()
    {
        int s = Accepted(out uint iss);
        Send(80, _peerSeq, iss + 1, 0x10, 0);
        Assert.That(_stack.Send(s, new byte[100], _now), Is.EqualTo(100));
        Assert.That(_link.Frames, Is.Empty, "the window is shut");
        Advance(1100);
        Seg probe = Next();
        Assert.That(probe.Data.Length, Is.EqualTo(1), "a one-byte probe");
        // The peer keeps the window shut for a long time: the probes go on
        // and the connection survives.
        for (int i = 0; i < 40; i++)
        {
            Send(80, _peerSeq, iss + 1, 0x10, 0);
            Advance(2000);
            _link.Frames.Clear();
        }
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Established));
        Send(80, _peerSeq, iss + 1, 0x10, 8192);
        int total = 0;
        foreach (Seg g in All())
            total = Math.Max(total, (int)(g.Seq - iss - 1) + g.Data.Length);
        Assert.That(total, Is.EqualTo(100), "everything once the window opens");
    }

    [Test]
    public void SimultaneousOpen()
    {
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Bind(s, 0, 5555);
        _stack.Connect(s, Wire.IpB, 6666, _now);
        Seg syn = Next();
        // The peer's own SYN crosses ours.
        Send(5555, _peerSeq, 0, 0x02, 8192, options: MssAndScale, from: 6666);
        Seg synAck = Next();
        Assert.That(synAck.Syn && synAck.AckFlag, Is.True);
        Assert.That(synAck.Seq, Is.EqualTo(syn.Seq), "our SYN again, now acknowledging theirs");
        Assert.That(synAck.Ack, Is.EqualTo(_peerSeq + 1));
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.SynReceived));
        Send(5555, _peerSeq, syn.Seq + 1, 0x12, 8192, options: MssAndScale, from: 6666);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Established));
    }

    [Test]
    public void SimultaneousCloseGoesThroughClosing()
    {
        _stack.MslMs = 100;
        int s = Accepted(out uint iss);
        _stack.Shutdown(s, ShutdownHow.Write, _now);
        Seg fin = Next();
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.FinWait1));
        // The peer's FIN arrives before its ACK of ours.
        Send(80, _peerSeq, iss + 1, 0x11, 8192);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Closing));
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 1));
        Send(80, _peerSeq + 1, fin.Seq + 1, 0x10, 8192);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.TimeWait));
        Advance(2 * _stack.MslMs + 20);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.Closed));
    }

    [Test]
    public void AnOrphanInFinWait2GivesUp()
    {
        int s = Accepted(out uint iss);
        _stack.Close(s, _now);
        Seg fin = Next();
        Send(80, _peerSeq, fin.Seq + 1, 0x10, 8192);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(1));
        // The peer never closes its half: the orphan goes after a minute.
        Advance(TcpConnection.FinWait2TimeoutMs - 100);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(1));
        Advance(200);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0));
    }

    [Test]
    public void TheOutOfOrderQueueIsBounded()
    {
        int s = Accepted(out uint iss);
        // Every other 10-byte piece, leaving a hole at the start each time.
        for (int i = 0; i < TcpConnection.MaxOutOfOrder + 10; i++)
            Send(80, _peerSeq + 10 + (uint)(i * 20), iss + 1, 0x10, 8192, new byte[10]);
        Assert.That(_stack.Stats.TcpOutOfOrderDropped, Is.EqualTo(10));
        _link.Frames.Clear();
        Send(80, _peerSeq, iss + 1, 0x10, 8192, new byte[10]);
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 20), "the first piece and the queued one after it");
        Assert.That(_stack.Receive(s, new byte[100], _now), Is.EqualTo(20));
    }

    [Test]
    public void LimitedTransmitSendsNewDataOnTheFirstTwoDuplicates()
    {
        int s = Accepted(out uint iss);
        _stack.SetOption(s, SocketOption.NoDelay, 1);
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        _stack.Send(s, new byte[7000], _now);
        Assert.That(All().Count, Is.EqualTo(4), "the initial window");
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        Seg first = Next();
        Assert.That(first.Seq, Is.EqualTo(iss + 4001), "one new segment");
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        Assert.That(Next().Seq, Is.EqualTo(iss + 5001), "and one more");
        Assert.That(_link.Frames, Is.Empty);
        Send(80, _peerSeq, iss + 1, 0x10, 30000);
        Assert.That(Next().Seq, Is.EqualTo(iss + 1), "then the fast retransmit");
    }

    [Test]
    public void AnUnreachableQuotingOurSynEndsTheConnect()
    {
        int s = _stack.Open(SocketKind.Tcp);
        _stack.Connect(s, Wire.IpB, 81, _now);
        byte[] synIp = _link.Take().AsSpan(14).ToArray();
        byte[] Error(uint seq)
        {
            var quote = synIp.AsSpan(0, 28).ToArray();
            Wire.Be32(quote, 24, seq);
            var e = new byte[8 + quote.Length];
            e[0] = 3;
            e[1] = 1;   // host unreachable
            quote.CopyTo(e, 8);
            Wire.Be16(e, 2, Wire.Checksum(e));
            return e;
        }
        uint iss = Wire.Get32(synIp, 24);
        byte[] f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, Wire.Ip(Wire.IpB, Wire.IpA, 1, Error(iss + 5)));
        _stack.Receive(_if, f, f.Length, _now);
        Assert.That(_stack.State(s), Is.EqualTo(TcpState.SynSent), "a quote of another sequence number is not believed");
        f = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, Wire.Ip(Wire.IpB, Wire.IpA, 1, Error(iss)));
        _stack.Receive(_if, f, f.Length, _now);
        Assert.That(_stack.GetOption(s, SocketOption.Error, out int e), Is.EqualTo(0));
        Assert.That(e, Is.EqualTo(NetError.HostUnreachable));
    }

    [Test]
    public void ANewSynReopensAConnectionInTimeWait()
    {
        int s = Accepted(out uint iss);
        // We close first, so our side ends in TIME-WAIT.
        _stack.Close(s, _now);
        Seg fin = Next();
        Send(80, _peerSeq, fin.Seq + 1, 0x11, 8192);
        Assert.That(Next().Ack, Is.EqualTo(_peerSeq + 1));
        Assert.That(_stack.TcpConnectionAt(0).State, Is.EqualTo(TcpState.TimeWait));
        // An old duplicate SYN (below RCV.NXT) only draws an ACK...
        Send(80, _peerSeq - 100, 0, 0x02, 8192);
        Seg ack = Next();
        Assert.That(ack.Syn, Is.False);
        // ...a SYN beyond it opens a new connection at once.
        Send(80, _peerSeq + 100_000, 0, 0x02, 8192, options: MssAndScale);
        Seg synAck = Next();
        Assert.That(synAck.Syn && synAck.AckFlag && synAck.Ack == _peerSeq + 100_001, Is.True);
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(1));
        Assert.That(_stack.TcpConnectionAt(0).State, Is.EqualTo(TcpState.SynReceived));
    }

    [Test]
    public void AnOrphanFacingAShutWindowGivesUp()
    {
        int s = Accepted(out uint iss);
        Send(80, _peerSeq, iss + 1, 0x10, 0);
        _stack.Send(s, new byte[100], _now);
        _stack.Close(s, _now);
        // The peer answers every probe, with the window still shut.
        for (int i = 0; i < 400 && _stack.TcpConnectionCount > 0; i++)
        {
            Send(80, _peerSeq, iss + 1, 0x10, 0);
            Advance(2000);
            _link.Frames.Clear();
        }
        Assert.That(_stack.TcpConnectionCount, Is.EqualTo(0));
        Assert.That(_stack.Stats.TcpAborts, Is.EqualTo(1));
    }
}
