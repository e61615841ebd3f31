using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// Two engines over a simulated Ethernet (LossyWire): whole transfers
// through loss, duplication, reordering and corruption, checked by SHA-256.
public class EndToEndTests
{
    // A one-way transfer from a socket on one engine to one on the other:
    // the sender writes what fits and shuts down writing at the end, the
    // receiver reads until end of file.
    private sealed class Transfer
    {
        private readonly NetStack _from, _to;
        private readonly int _sender, _receiver;
        private readonly byte[] _data;
        private readonly byte[] _got;
        private int _sent, _received;
        private bool _shut;
        public bool Done;
        public int Error;

        public Transfer(NetStack from, int sender, NetStack to, int receiver, byte[] data)
        {
            _from = from;
            _to = to;
            _sender = sender;
            _receiver = receiver;
            _data = data;
            _got = new byte[data.Length + 1];
        }

        public byte[] Received => _got.AsSpan(0, _received).ToArray();

        public bool Step(long now)
        {
            while (_sent < _data.Length)
            {
                int n = _from.Send(_sender, _data.AsSpan(_sent, Math.Min(20000, _data.Length - _sent)), now);
                if (n <= 0)
                    break;
                _sent += n;
            }
            if (_sent == _data.Length && !_shut)
                _shut = _from.Shutdown(_sender, ShutdownHow.Write, now) == 0;
            while (!Done)
            {
                int n = _to.Receive(_receiver, _got.AsSpan(_received, Math.Min(30000, _got.Length - _received)), now);
                if (n > 0)
                    _received += n;
                else
                {
                    if (n == 0)
                        Done = true;
                    else if (n != NetError.WouldBlock)
                    {
                        Error = n;
                        Done = true;
                    }
                    break;
                }
            }
            return Done;
        }
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    // Connects a client on A to a listener on B; returns (client, server).
    private static (int, int) Connect(LossyWire w, int port)
    {
        int l = w.B.Open(SocketKind.Tcp);
        Assert.That(w.B.Bind(l, 0, port), Is.EqualTo(0));
        Assert.That(w.B.Listen(l, 8), Is.EqualTo(0));
        int c = w.A.Open(SocketKind.Tcp);
        Assert.That(w.A.Connect(c, Wire.IpB, port, w.Now), Is.EqualTo(NetError.InProgress));
        int s = -1;
        Assert.That(w.RunUntil(() =>
        {
            if (s < 0)
                s = w.B.Accept(l, out _, out _);
            return s >= 0 && (w.A.Poll(c) & SocketReady.Writable) != 0;
        }, 60_000), Is.True, "connected");
        return (c, s);
    }

    [Test]
    public void TransfersThroughACleanLink()
    {
        var w = new LossyWire(1);
        var (c, s) = Connect(w, 80);
        byte[] up = RandomBytes(1 << 20, 1), down = RandomBytes(300_000, 2);
        var t1 = new Transfer(w.A, c, w.B, s, up);
        var t2 = new Transfer(w.B, s, w.A, c, down);
        Assert.That(w.RunUntil(() => t1.Step(w.Now) & t2.Step(w.Now), 60_000), Is.True);
        Assert.That(t1.Received, Is.EqualTo(up));
        Assert.That(t2.Received, Is.EqualTo(down));
        Assert.That(w.A.Stats.TcpRetransmits + w.B.Stats.TcpRetransmits, Is.EqualTo(0), "no loss, no retransmission");
        // Window scaling let more than 64 KiB be in flight: a 1 MiB transfer
        // at 2 ms per round trip takes well under a second of simulated time.
        Assert.That(w.Now, Is.LessThan(1000));
    }

    [TestCase(11)]
    [TestCase(12)]
    public void TransfersThroughABadLink(int seed)
    {
        var w = new LossyWire(seed);
        var (c, s) = Connect(w, 80);
        w.Loss = 0.03;
        w.Duplicate = 0.02;
        w.Reorder = 0.05;
        w.Corrupt = 0.02;
        byte[] up = RandomBytes(3 << 20, seed), down = RandomBytes(200_000, seed + 100);
        var t1 = new Transfer(w.A, c, w.B, s, up);
        var t2 = new Transfer(w.B, s, w.A, c, down);
        Assert.That(w.RunUntil(() => t1.Step(w.Now) & t2.Step(w.Now), 600_000), Is.True, "finished");
        Assert.That(t1.Error, Is.EqualTo(0));
        Assert.That(SHA256.HashData(t1.Received), Is.EqualTo(SHA256.HashData(up)));
        Assert.That(SHA256.HashData(t2.Received), Is.EqualTo(SHA256.HashData(down)));
        NetStats a = w.A.Stats, b = w.B.Stats;
        Assert.That(w.Corrupted, Is.GreaterThan(0));
        Assert.That(a.TcpBadChecksum + b.TcpBadChecksum + a.IpBadChecksum + b.IpBadChecksum, Is.GreaterThan(0), "damage caught by checksums");
        Assert.That(a.TcpFastRetransmits + b.TcpFastRetransmits, Is.GreaterThan(0));
        Assert.That(a.InternalErrors + b.InternalErrors, Is.EqualTo(0));
    }

    [Test]
    public void TotalLossTimesOutCleanly()
    {
        var w = new LossyWire(3);
        var (c, s) = Connect(w, 80);
        w.Loss = 1.0;
        Assert.That(w.A.Send(c, new byte[5000], w.Now), Is.EqualTo(5000));
        Assert.That(w.RunUntil(() => (w.A.Poll(c) & SocketReady.Error) != 0, 1_000_000), Is.True);
        Assert.That(w.A.Send(c, new byte[1], w.Now), Is.EqualTo(NetError.TimedOut));
        Assert.That(w.A.TcpConnectionCount, Is.EqualTo(0));
        Assert.That(w.A.Stats.TcpTimeouts, Is.EqualTo(TcpConnection.MaxRetries + 1));
        // A connect into the void gives up too.
        int d = w.A.Open(SocketKind.Tcp);
        w.A.Connect(d, Wire.IpB, 80, w.Now);
        Assert.That(w.RunUntil(() => (w.A.Poll(d) & SocketReady.Error) != 0, 1_000_000), Is.True);
        Assert.That(w.A.GetOption(d, SocketOption.Error, out int e), Is.EqualTo(0));
        Assert.That(e, Is.EqualTo(NetError.TimedOut));
        Assert.That(w.A.Stats.InternalErrors, Is.EqualTo(0));
    }

    [Test]
    public void TwoHundredConnectionsInARow()
    {
        var w = new LossyWire(4);
        w.A.MslMs = w.B.MslMs = 500;
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 7);
        w.B.Listen(l, 16);
        for (int i = 0; i < 200; i++)
        {
            int c = w.A.Open(SocketKind.Tcp);
            Assert.That(w.A.Connect(c, Wire.IpB, 7, w.Now), Is.EqualTo(NetError.InProgress));
            int s = -1;
            byte[] msg = { (byte)i, 1, 2, 3 };
            var buf = new byte[8];
            bool sent = false, echoed = false;
            Assert.That(w.RunUntil(() =>
            {
                if (s < 0)
                    s = w.B.Accept(l, out _, out _);
                if (!sent && (w.A.Poll(c) & SocketReady.Writable) != 0)
                    sent = w.A.Send(c, msg, w.Now) == 4;
                if (s >= 0 && !echoed && w.B.Receive(s, buf, w.Now) == 4)
                {
                    echoed = buf[0] == (byte)i;
                    w.B.Close(s, w.Now);
                }
                return echoed && w.A.Receive(c, buf, w.Now) == 0;
            }, 10_000), Is.True, $"connection {i}");
            Assert.That(w.A.Close(c, w.Now), Is.EqualTo(0));
        }
        // The server closed first: its side of the most recent connections
        // waits in TIME-WAIT, keeping no buffers.
        w.RunUntil(() => false, 20);
        Assert.That(w.B.TcpConnectionCount, Is.GreaterThan(10));
        for (int k = 0; k < w.B.TcpConnectionCount; k++)
        {
            TcpConnection t = w.B.TcpConnectionAt(k);
            Assert.That(t.State, Is.EqualTo(TcpState.TimeWait));
            Assert.That(t.SendRing.Allocated || t.RecvRing.Allocated, Is.False);
        }
        Assert.That(w.RunUntil(() => w.A.TcpConnectionCount == 0 && w.B.TcpConnectionCount == 0, 10_000), Is.True,
            "all closed, TIME-WAIT expired");
        Assert.That(w.A.Stats.TcpActiveOpens, Is.EqualTo(200));
        Assert.That(w.B.Stats.TcpPassiveOpens, Is.EqualTo(200));
    }

    [Test]
    public void LoopbackTcp()
    {
        var w = new LossyWire(5);
        NetStack n = w.A;
        int l = n.Open(SocketKind.Tcp);
        n.Bind(l, IpAddress.Loopback, 8080);
        n.Listen(l, 4);
        int c = n.Open(SocketKind.Tcp);
        Assert.That(n.Connect(c, IpAddress.Loopback, 8080, 1), Is.EqualTo(NetError.InProgress));
        int s = n.Accept(l, out uint from, out _);
        Assert.That(s, Is.GreaterThanOrEqualTo(0), "the handshake completed within the call");
        Assert.That(from, Is.EqualTo(IpAddress.Loopback));
        byte[] data = RandomBytes(500_000, 5);
        var t = new Transfer(n, c, n, s, data);
        long now = 1;
        while (!t.Step(now) && now < 100_000)
        {
            now += 5;
            n.Tick(now);
        }
        TestContext.Out.WriteLine($"loopback took {now} ms, retransmits {n.Stats.TcpRetransmits}, timeouts {n.Stats.TcpTimeouts}");
        Assert.That(t.Received, Is.EqualTo(data));
        Assert.That(w.Delivered, Is.EqualTo(0), "nothing on the Ethernet");
    }

    [Test]
    public void UnreadDataAtCloseResetsThePeer()
    {
        var w = new LossyWire(6);
        var (c, s) = Connect(w, 80);
        w.A.Send(c, new byte[100], w.Now);
        Assert.That(w.RunUntil(() => (w.B.Poll(s) & SocketReady.Readable) != 0, 1000), Is.True);
        w.B.Close(s, w.Now);
        Assert.That(w.RunUntil(() => (w.A.Poll(c) & SocketReady.Error) != 0, 1000), Is.True);
        Assert.That(w.A.Receive(c, new byte[10], w.Now), Is.EqualTo(NetError.ConnectionReset));
    }

    [Test]
    public void BigDatagramsCrossInFragments()
    {
        var w = new LossyWire(14);
        int u = w.B.Open(SocketKind.Udp);
        w.B.Bind(u, 0, 9000);
        int a = w.A.Open(SocketKind.Udp);
        byte[] big = RandomBytes(20_000, 14);
        Assert.That(w.A.SendTo(a, big, Wire.IpB, 9000, w.Now), Is.EqualTo(big.Length));
        var got = new byte[30_000];
        int n = 0;
        Assert.That(w.RunUntil(() => (n = w.B.ReceiveFrom(u, got, out _, out _)) > 0, 100), Is.True);
        Assert.That(got.AsSpan(0, n).ToArray(), Is.EqualTo(big));
        Assert.That(w.B.Stats.IpReassembled, Is.EqualTo(1));
        // A big ping: the request and the reply both travel in pieces.
        int p = w.A.Open(SocketKind.Icmp);
        Assert.That(w.A.SendTo(p, big.AsSpan(0, 3000), Wire.IpB, 7, w.Now), Is.EqualTo(3000));
        Assert.That(w.RunUntil(() => (n = w.A.ReceiveFrom(p, got, out _, out _)) > 0, 100), Is.True);
        Assert.That(got.AsSpan(0, n).ToArray(), Is.EqualTo(big.AsSpan(0, 3000).ToArray()));
    }

    [Test]
    public void PingAcrossTheWire()
    {
        var w = new LossyWire(7);
        int p = w.A.Open(SocketKind.Icmp);
        Assert.That(w.A.SendTo(p, new byte[56], Wire.IpB, 1, w.Now), Is.EqualTo(56));
        Assert.That(w.RunUntil(() => (w.A.Poll(p) & SocketReady.Readable) != 0, 1000), Is.True);
        Assert.That(w.A.ReceiveFrom(p, new byte[64], out uint from, out int seq), Is.EqualTo(56));
        Assert.That((from, seq), Is.EqualTo((Wire.IpB, 1)));
        Assert.That(w.Now, Is.LessThan(10), "ARP and the echo: a few round trips");
    }
}

// Timers as the server sees them: NextTimer says when Tick has work, and
// ticking only then is enough.
public class TimerTests
{
    [Test]
    public void NextTimerTracksTheSynAndDelayedAck()
    {
        var w = new LossyWire(8);
        Assert.That(w.A.NextTimer(), Is.EqualTo(long.MaxValue), "idle: nothing to do");
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.Connect(c, Wire.IpB, 80, 0);
        Assert.That(w.A.NextTimer(), Is.EqualTo(ArpCache.RetryMs), "first the ARP request's retry");
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 100), Is.True);
        long before = w.A.NextTimer();
        w.B.Send(s, new byte[10], w.Now);
        Assert.That(w.RunUntil(() => w.A.NextTimer() != before, 20), Is.True);
        Assert.That(w.A.NextTimer(), Is.EqualTo(w.Now + TcpConnection.DelayedAckMs), "a delayed ACK pending");
    }

    [Test]
    public void TickingOnlyAtNextTimerIsEnough()
    {
        // If NextTimer forgot a timer, a lossy transfer would stall here.
        var w = new LossyWire(13) { TickOnDemand = true, Loss = 0.05, Reorder = 0.05 };
        w.A.MslMs = w.B.MslMs = 1000;
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.Connect(c, Wire.IpB, 80, 0);
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 60_000), Is.True);
        var data = new byte[300_000];
        new Random(1).NextBytes(data);
        var got = new byte[data.Length];
        int sent = 0, received = 0;
        bool closed = false;
        Assert.That(w.RunUntil(() =>
        {
            if (sent < data.Length)
            {
                int n = w.A.Send(c, data.AsSpan(sent), w.Now);
                if (n > 0) sent += n;
            }
            else if (!closed)
                closed = w.A.Close(c, w.Now) == 0;
            int r = w.B.Receive(s, got.AsSpan(received), w.Now);
            if (r > 0) received += r;
            if (r == 0)
                w.B.Close(s, w.Now);
            return r == 0;
        }, 300_000), Is.True);
        Assert.That(got, Is.EqualTo(data));
        Assert.That(w.RunUntil(() => w.A.TcpConnectionCount == 0 && w.B.TcpConnectionCount == 0, 10_000), Is.True, "TIME-WAIT ended");
        Assert.That(w.Ticks, Is.LessThan(w.Now / 5), "far fewer ticks than a fixed 5 ms beat");
    }

    [Test]
    public void ReuseAddressBindsOverTimeWait()
    {
        var w = new LossyWire(9);
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.Connect(c, Wire.IpB, 80, 0);
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 100), Is.True);
        // The server closes first and its side waits in TIME-WAIT.
        w.B.Close(s, w.Now);
        w.B.Close(l, w.Now);
        Assert.That(w.RunUntil(() => w.A.State(c) == TcpState.CloseWait, 100), Is.True);
        w.A.Close(c, w.Now);
        Assert.That(w.RunUntil(() => w.B.TcpConnectionCount == 1 && w.A.TcpConnectionCount == 0, 100), Is.True);
        int again = w.B.Open(SocketKind.Tcp);
        Assert.That(w.B.Bind(again, 0, 80), Is.EqualTo(NetError.AddressInUse));
        Assert.That(w.B.SetOption(again, SocketOption.ReuseAddress, 1), Is.EqualTo(0));
        Assert.That(w.B.Bind(again, 0, 80), Is.EqualTo(0));
        Assert.That(w.B.Listen(again, 4), Is.EqualTo(0));
        int other = w.B.Open(SocketKind.Tcp);
        w.B.SetOption(other, SocketOption.ReuseAddress, 1);
        Assert.That(w.B.Bind(other, 0, 80), Is.EqualTo(NetError.AddressInUse), "never over a listener");
    }

    [Test]
    public void BigBuffersScaleTheWindow()
    {
        var w = new LossyWire(10);
        int l = w.B.Open(SocketKind.Tcp);
        Assert.That(w.B.SetOption(l, SocketOption.ReceiveBuffer, 1 << 20), Is.EqualTo(0));
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.SetOption(c, SocketOption.SendBuffer, 1 << 20);
        w.A.Connect(c, Wire.IpB, 80, 0);
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 100), Is.True);
        Assert.That(TcpConnection.ScaleFor(1 << 20), Is.EqualTo(5));
        // Without reading on B, A can put nearly the whole megabyte in
        // flight: far more than an unscaled 64 KiB window would allow.
        Assert.That(w.A.Send(c, new byte[1 << 20], w.Now), Is.EqualTo(1 << 20));
        w.RunUntil(() => false, 500);
        var info = new List<ConnectionInfo>();
        w.B.Connections(info);
        int queued = info.Find(i => i.State == TcpState.Established)!.ReceiveQueue;
        Assert.That(queued, Is.GreaterThan(900_000));
    }
}
