using System;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// Ethernet, ARP, IPv4, ICMP and UDP against hand-built frames: one engine
// (10.0.0.1 on eth0) and the test playing 10.0.0.2.
public class LinkLayerTests
{
    private NetStack _stack = null!;
    private CaptureLink _link = null!;
    private int _if;
    private long _now = 1000;

    [SetUp]
    public void SetUp()
    {
        _stack = new NetStack(42);
        _link = new CaptureLink(Wire.MacA);
        _if = _stack.AddInterface("eth0", _link);
        _stack.Configure(_if, Wire.IpA, IpAddress.MaskOf(24), IpAddress.Make(10, 0, 0, 254));
    }

    private void Deliver(byte[] frame) => _stack.Receive(_if, frame, frame.Length, _now);

    private void DeliverIp(byte[] ip) => Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, ip));

    private void Learn() =>
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(1, Wire.MacB, Wire.IpB, 0, Wire.IpA)));

    [Test]
    public void ArpRequestForUsIsAnsweredAndLearned()
    {
        Learn();
        byte[] reply = _link.Take();
        Assert.That(Wire.Get16(reply, 12), Is.EqualTo(0x0806));
        Assert.That(reply.Length, Is.EqualTo(60), "padded to the minimum frame");
        Assert.That(Wire.Get16(reply, 20), Is.EqualTo(2), "a reply");
        Assert.That(Wire.Get32(reply, 28), Is.EqualTo(Wire.IpA));
        Assert.That(Wire.Get32(reply, 38), Is.EqualTo(Wire.IpB));
        Assert.That(reply.AsSpan(0, 6).ToArray(), Is.EqualTo(new byte[] { 2, 0, 0, 0, 0, 2 }), "to the asker");
        Assert.That(_stack.Interface(_if).Arp.TryLookup(Wire.IpB, _now, out ulong mac) && mac == Wire.MacB, Is.True);
        // A request for someone else teaches nothing new (RFC 826 merge).
        Deliver(Wire.Ethernet(ulong.MaxValue >> 16, 0x020000000009, 0x0806, Wire.Arp(1, 0x020000000009, IpAddress.Make(10, 0, 0, 9), 0, IpAddress.Make(10, 0, 0, 7))));
        Assert.That(_link.Frames, Is.Empty);
        Assert.That(_stack.Interface(_if).Arp.Contains(IpAddress.Make(10, 0, 0, 9)), Is.False);
    }

    [Test]
    public void PacketsWaitForResolutionAndTheCacheExpires()
    {
        int s = _stack.Open(SocketKind.Udp);
        Assert.That(_stack.SendTo(s, new byte[] { 1 }, Wire.IpB, 7, _now), Is.EqualTo(1));
        Assert.That(_stack.SendTo(s, new byte[] { 2 }, Wire.IpB, 7, _now), Is.EqualTo(1));
        byte[] request = _link.Take();
        Assert.That(Wire.Get16(request, 20), Is.EqualTo(1));
        Assert.That(request.AsSpan(0, 6).ToArray(), Is.EqualTo(new byte[] { 255, 255, 255, 255, 255, 255 }));
        Assert.That(_link.Frames, Is.Empty, "one request, both datagrams held");
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(2, Wire.MacB, Wire.IpB, Wire.MacA, Wire.IpA)));
        Assert.That(_link.Frames.Count, Is.EqualTo(2), "the queue flushed on the reply");
        Assert.That(Wire.IpPayload(_link.Frames[0], out _, out _, out _)![8], Is.EqualTo(1), "in order");
        _link.Frames.Clear();
        _now += ArpCache.LifetimeMs + 10;
        _stack.Tick(_now);
        Assert.That(_stack.Interface(_if).Arp.Contains(Wire.IpB), Is.False);
        Assert.That(_stack.Stats.ArpExpired, Is.EqualTo(1));
    }

    [Test]
    public void AnUnansweredRequestIsRetriedThenItsPacketsDropped()
    {
        int s = _stack.Open(SocketKind.Udp);
        for (int i = 0; i < ArpCache.MaxPending + 3; i++)
            _stack.SendTo(s, new byte[] { (byte)i }, Wire.IpB, 7, _now);
        Assert.That(_stack.Stats.ArpPendingDropped, Is.EqualTo(3), "the queue is bounded");
        for (int i = 0; i < ArpCache.MaxTries + 1; i++)
        {
            _now += ArpCache.RetryMs;
            _stack.Tick(_now);
        }
        Assert.That(_link.Frames.Count, Is.EqualTo(ArpCache.MaxTries), "first request and retries");
        Assert.That(_stack.Stats.ArpUnresolved, Is.EqualTo(1));
        Assert.That(_stack.Stats.ArpPendingDropped, Is.EqualTo(3 + ArpCache.MaxPending));
        // Off-link destinations resolve the router instead.
        _link.Frames.Clear();
        _stack.SendTo(s, new byte[] { 1 }, IpAddress.Make(10, 9, 9, 9), 7, _now);
        Assert.That(Wire.Get32(_link.Take(), 38), Is.EqualTo(IpAddress.Make(10, 0, 0, 254)));
    }

    [Test]
    public void GratuitousAndHostileArpIsIgnored()
    {
        uint other = IpAddress.Make(10, 0, 0, 5);
        // Gratuitous announcement of an unknown host: not added.
        Deliver(Wire.Ethernet(ulong.MaxValue >> 16, 0x020000000005, 0x0806, Wire.Arp(1, 0x020000000005, other, 0, other)));
        Assert.That(_stack.Interface(_if).Arp.Contains(other), Is.False);
        Assert.That(_stack.Stats.ArpGratuitousIgnored, Is.EqualTo(1));
        // Someone claiming our address: counted, not cached, not answered.
        Deliver(Wire.Ethernet(ulong.MaxValue >> 16, 0x020000000005, 0x0806, Wire.Arp(1, 0x020000000005, Wire.IpA, 0, Wire.IpA)));
        Assert.That(_stack.Stats.ArpConflicts, Is.EqualTo(1));
        // A gratuitous update of a known host refreshes it.
        Learn();
        _link.Frames.Clear();
        Deliver(Wire.Ethernet(ulong.MaxValue >> 16, 0x020000000007, 0x0806, Wire.Arp(2, 0x020000000007, Wire.IpB, 0, Wire.IpB)));
        Assert.That(_stack.Interface(_if).Arp.TryLookup(Wire.IpB, _now, out ulong mac) && mac == 0x020000000007, Is.True);
        // Truncated, wrong sizes, a broadcast sender MAC: malformed.
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(1, Wire.MacB, Wire.IpB, 0, Wire.IpA).AsSpan(0, 20)));
        byte[] bad = Wire.Arp(1, Wire.MacB, Wire.IpB, 0, Wire.IpA);
        bad[4] = 8;
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, bad));
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(1, ulong.MaxValue >> 16, Wire.IpB, 0, Wire.IpA)));
        Assert.That(_stack.Stats.ArpMalformed, Is.EqualTo(3));
        Assert.That(_link.Frames, Is.Empty);
    }

    [Test]
    public void EchoRequestsAreAnswered()
    {
        Learn();
        _link.Frames.Clear();
        byte[] data = { 1, 2, 3, 4, 5 };
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(8, 0x1234, 7, data)));
        byte[] icmp = Wire.IpPayload(_link.Take(), out uint src, out uint dst, out int proto)!;
        Assert.That((src, dst, proto), Is.EqualTo((Wire.IpA, Wire.IpB, 1)));
        Assert.That(icmp[0], Is.EqualTo(0), "echo reply");
        Assert.That(Wire.Get16(icmp, 4), Is.EqualTo(0x1234));
        Assert.That(Wire.Get16(icmp, 6), Is.EqualTo(7));
        Assert.That(icmp.AsSpan(8).ToArray(), Is.EqualTo(data));
        Assert.That(Wire.Checksum(icmp), Is.EqualTo(0));
        // A bad checksum or a broadcast ping: silence.
        byte[] bad = Wire.Icmp(8, 1, 1, data);
        bad[9] ^= 1;
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, bad));
        DeliverIp(Wire.Ip(Wire.IpB, IpAddress.Make(10, 0, 0, 255), 1, Wire.Icmp(8, 1, 1, data)));
        Assert.That(_link.Frames, Is.Empty);
        Assert.That(_stack.Stats.IcmpBadChecksum, Is.EqualTo(1));
    }

    [Test]
    public void PingMatchesRepliesByIdentifier()
    {
        Learn();
        _link.Frames.Clear();
        int s = _stack.Open(SocketKind.Icmp);
        Assert.That(_stack.SendTo(s, new byte[] { 9, 9 }, Wire.IpB, 3, _now), Is.EqualTo(2));
        byte[] req = Wire.IpPayload(_link.Take(), out _, out _, out _)!;
        Assert.That(req[0], Is.EqualTo(8));
        int id = Wire.Get16(req, 4);
        Assert.That(Wire.Get16(req, 6), Is.EqualTo(3), "the port is the sequence number");
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(0, id ^ 1, 3, new byte[] { 9, 9 })));
        Assert.That(_stack.Poll(s) & SocketReady.Readable, Is.EqualTo(0), "another identifier is not ours");
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(0, id, 3, new byte[] { 9, 9 })));
        var buf = new byte[16];
        Assert.That(_stack.ReceiveFrom(s, buf, out uint from, out int seq), Is.EqualTo(2));
        Assert.That((from, seq), Is.EqualTo((Wire.IpB, 3)));
        Assert.That(_stack.Stats.IcmpUnmatchedReplies, Is.EqualTo(1));
    }

    [Test]
    public void MalformedIpIsDroppedAndCounted()
    {
        byte[] good = Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(8, 1, 1, new byte[4]));
        DeliverIp(good.AsSpan(0, 12).ToArray());                // truncated header
        byte[] c = (byte[])good.Clone(); c[10] ^= 0xFF;          // header checksum
        DeliverIp(c);
        byte[] l = (byte[])good.Clone(); Wire.Be16(l, 2, 200); l[10] = l[11] = 0; Wire.Be16(l, 10, Wire.Checksum(l.AsSpan(0, 20)));
        DeliverIp(l);                                             // a length that lies
        byte[] v = (byte[])good.Clone(); v[0] = 0x65;
        DeliverIp(v);                                             // version 6
        byte[] h = (byte[])good.Clone(); h[0] = 0x4F;
        DeliverIp(h);                                             // IHL past the packet
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(8, 1, 1, new byte[4]), ttl: 0));
        DeliverIp(Wire.Ip(Wire.IpB, IpAddress.Make(10, 0, 0, 77), 1, Wire.Icmp(8, 1, 1, new byte[4])));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 99, new byte[8]));
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0800, Array.Empty<byte>()).AsSpan(0, 10).ToArray());
        Deliver(Wire.Ethernet(0x020000000077, Wire.MacB, 0x0800, good));
        Deliver(Wire.Ethernet(Wire.MacA, Wire.MacB, 0x86DD, good));
        NetStats st = _stack.Stats;
        Assert.That(st.IpMalformed, Is.EqualTo(3));
        Assert.That(st.IpBadChecksum, Is.EqualTo(1));
        Assert.That(st.IpBadLength, Is.EqualTo(1));
        Assert.That(st.IpBadTtl, Is.EqualTo(1));
        Assert.That(st.IpNotForUs, Is.EqualTo(1));
        Assert.That(st.IpUnknownProtocol, Is.EqualTo(1));
        Assert.That(st.FramesShort, Is.EqualTo(1));
        Assert.That(st.FramesNotForUs, Is.EqualTo(1));
        Assert.That(st.FramesOtherType, Is.EqualTo(1));
        Assert.That(st.InternalErrors, Is.EqualTo(0));
        Assert.That(_link.Frames, Is.Empty);
    }

    private byte[] Fragment(byte[] payload, int offset, int length, bool more, int id = 77)
    {
        // Fragments of an ICMP echo request, hand-cut.
        return Wire.Ip(Wire.IpB, Wire.IpA, 1, payload.AsSpan(offset, length), id, (more ? 0x2000 : 0) | (offset / 8));
    }

    private byte[] BigEcho(int size)
    {
        var data = new byte[size];
        for (int i = 0; i < size; i++)
            data[i] = (byte)(i * 7 + 3);
        return Wire.Icmp(8, 5, 6, data);
    }

    private void AssertEchoed(byte[] echo)
    {
        byte[] reply = Wire.IpPayload(_link.Take(), out _, out _, out _)!;
        Assert.That(reply.Length, Is.EqualTo(echo.Length));
        Assert.That(reply.AsSpan(8).ToArray(), Is.EqualTo(echo.AsSpan(8).ToArray()));
    }

    [Test]
    public void FragmentsReassembleInAnyOrder()
    {
        Learn();
        _link.Frames.Clear();
        byte[] echo = BigEcho(1200);   // 1208 bytes: fragments of 400, 400, 408
        int[][] orders = { new[] { 0, 1, 2 }, new[] { 2, 1, 0 }, new[] { 1, 2, 0 } };
        int id = 100;
        foreach (int[] order in orders)
        {
            id++;
            foreach (int k in order)
                DeliverIp(Fragment(echo, k * 400, k == 2 ? 408 : 400, k != 2, id));
            AssertEchoed(echo);
        }
        Assert.That(_stack.Stats.IpReassembled, Is.EqualTo(3));
    }

    [Test]
    public void OverlappingFragmentsKeepTheFirstBytes()
    {
        Learn();
        _link.Frames.Clear();
        byte[] echo = BigEcho(1000);   // 1008 bytes
        // 0..480, then 400..1008 overlapping it, then a copy of 0..80 with
        // different bytes: the first bytes received win, so the echo is intact.
        DeliverIp(Fragment(echo, 0, 480, true));
        byte[] evil = (byte[])echo.Clone();
        for (int i = 0; i < 80; i++) evil[i] ^= 0x55;
        DeliverIp(Fragment(evil, 0, 80, true));
        DeliverIp(Fragment(echo, 400, 608, false));
        AssertEchoed(echo);
        Assert.That(_stack.Stats.IpOverlaps, Is.EqualTo(2));
        // A last fragment contradicting the known length discards the datagram.
        DeliverIp(Fragment(echo, 0, 400, true, 78));
        DeliverIp(Fragment(echo, 800, 208, false, 78));
        DeliverIp(Fragment(echo, 400, 200, false, 78));
        DeliverIp(Fragment(echo, 400, 400, true, 78));
        Assert.That(_link.Frames, Is.Empty);
        Assert.That(_stack.Stats.IpReassemblyDropped, Is.EqualTo(1));
        // Lengths beyond 64 KiB and unaligned middle fragments are refused.
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, new byte[100], 79, 0x1FFF));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, new byte[100], 80, 0x2000));
        Assert.That(_stack.Stats.IpReassemblyDropped, Is.EqualTo(3));
        Assert.That(_stack.Stats.InternalErrors, Is.EqualTo(0));
    }

    [Test]
    public void IncompleteDatagramsTimeOutAndAreBounded()
    {
        byte[] echo = BigEcho(1000);
        DeliverIp(Fragment(echo, 0, 400, true, 1));
        _now += Reassembly.TimeoutMs;
        _stack.Tick(_now);
        Assert.That(_stack.Stats.IpReassemblyTimeouts, Is.EqualTo(1));
        DeliverIp(Fragment(echo, 400, 608, false, 1));
        Assert.That(_stack.Stats.IpReassembled, Is.EqualTo(0), "the first half was forgotten");
        for (int id = 10; id < 10 + Reassembly.MaxDatagrams + 4; id++)
            DeliverIp(Fragment(echo, 0, 400, true, id));
        Assert.That(_stack.Stats.IpReassemblyDropped, Is.EqualTo(5), "oldest evicted past the limit");
    }

    [Test]
    public void UdpDeliversChecksQueuesAndCounts()
    {
        int s = _stack.Open(SocketKind.Udp);
        Assert.That(_stack.Bind(s, 0, 5000), Is.EqualTo(0));
        int t = _stack.Open(SocketKind.Udp);
        Assert.That(_stack.Bind(t, 0, 5000), Is.EqualTo(NetError.AddressInUse));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, Wire.Udp(Wire.IpB, Wire.IpA, 1234, 5000, new byte[] { 1, 2, 3 })));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, Wire.Udp(Wire.IpB, Wire.IpA, 1235, 5000, new byte[] { 4 }, checksum: false)));
        byte[] bad = Wire.Udp(Wire.IpB, Wire.IpA, 1234, 5000, new byte[] { 1, 2, 3 });
        bad[9] ^= 1;
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, bad));
        byte[] lying = Wire.Udp(Wire.IpB, Wire.IpA, 1234, 5000, new byte[] { 1, 2, 3 });
        Wire.Be16(lying, 4, 40);
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, lying));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, Wire.Udp(Wire.IpB, Wire.IpA, 1234, 5001, new byte[] { 1 })));
        var buf = new byte[8];
        Assert.That(_stack.ReceiveFrom(s, buf, out uint from, out int port), Is.EqualTo(3));
        Assert.That((from, port, buf[2]), Is.EqualTo((Wire.IpB, 1234, (byte)3)));
        Assert.That(_stack.ReceiveFrom(s, buf, out _, out port), Is.EqualTo(1));
        Assert.That(port, Is.EqualTo(1235), "a zero checksum means none");
        Assert.That(_stack.ReceiveFrom(s, buf, out _, out _), Is.EqualTo(NetError.WouldBlock));
        Assert.That(_stack.Stats.UdpBadChecksum, Is.EqualTo(1));
        Assert.That(_stack.Stats.UdpMalformed, Is.EqualTo(1));
        Assert.That(_stack.Stats.UdpNoPort, Is.EqualTo(1));
        // The queue holds at most the receive buffer.
        Assert.That(_stack.SetOption(s, SocketOption.ReceiveBuffer, 2048), Is.EqualTo(0));
        for (int i = 0; i < 3; i++)
            DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 17, Wire.Udp(Wire.IpB, Wire.IpA, 1234, 5000, new byte[1000])));
        Assert.That(_stack.Stats.UdpQueueFull, Is.EqualTo(1));
    }

    [Test]
    public void UdpSendCarriesAValidChecksum()
    {
        Learn();
        _link.Frames.Clear();
        int s = _stack.Open(SocketKind.Udp);
        _stack.Bind(s, 0, 6000);
        Assert.That(_stack.Connect(s, Wire.IpB, 53, _now), Is.EqualTo(0));
        Assert.That(_stack.Send(s, new byte[] { 0xAB, 0xCD, 0xEF }, _now), Is.EqualTo(3));
        byte[] u = Wire.IpPayload(_link.Take(), out uint src, out uint dst, out int proto)!;
        Assert.That((src, dst, proto), Is.EqualTo((Wire.IpA, Wire.IpB, 17)));
        Assert.That(Wire.Get16(u, 0), Is.EqualTo(6000));
        Assert.That(Wire.Get16(u, 2), Is.EqualTo(53));
        Assert.That(Wire.Get16(u, 4), Is.EqualTo(11));
        Assert.That(Wire.Checksum(u, Wire.Pseudo(src, dst, 17, u.Length)), Is.EqualTo(0));
        // Bigger than the MTU: fragments of 1480 bytes, then the rest.
        Assert.That(_stack.SendTo(s, new byte[1500], Wire.IpB, 53, _now), Is.EqualTo(1500));
        byte[] f1 = _link.Take(), f2 = _link.Take();
        Assert.That(Wire.Get16(f1, 16), Is.EqualTo(1500), "20 + 1480");
        Assert.That(Wire.Get16(f1, 20), Is.EqualTo(0x2000), "more fragments, offset 0");
        Assert.That(Wire.Get16(f2, 16), Is.EqualTo(20 + 1508 - 1480));
        Assert.That(Wire.Get16(f2, 20), Is.EqualTo(1480 / 8), "the last, at 1480");
        Assert.That(Wire.Get16(f1, 18), Is.EqualTo(Wire.Get16(f2, 18)), "one identification");
        Assert.That(_stack.SendTo(s, new byte[65508], Wire.IpB, 53, _now), Is.EqualTo(NetError.MessageTooLong));
        // A connected socket hears only its peer.
        DeliverIp(Wire.Ip(IpAddress.Make(10, 0, 0, 3), Wire.IpA, 17, Wire.Udp(IpAddress.Make(10, 0, 0, 3), Wire.IpA, 53, 6000, new byte[1])));
        Assert.That(_stack.Stats.UdpNoPort, Is.EqualTo(1));
    }

    [Test]
    public void LoopbackCarriesUdpAndPing()
    {
        int a = _stack.Open(SocketKind.Udp);
        int b = _stack.Open(SocketKind.Udp);
        _stack.Bind(b, IpAddress.Loopback, 7000);
        Assert.That(_stack.SendTo(a, new byte[] { 42 }, IpAddress.Loopback, 7000, _now), Is.EqualTo(1));
        var buf = new byte[4];
        Assert.That(_stack.ReceiveFrom(b, buf, out uint from, out _), Is.EqualTo(1));
        Assert.That(from, Is.EqualTo(IpAddress.Loopback));
        int p = _stack.Open(SocketKind.Icmp);
        _stack.SendTo(p, new byte[] { 1 }, IpAddress.Make(127, 0, 0, 5), 1, _now);
        Assert.That(_stack.ReceiveFrom(p, buf, out from, out int seq), Is.EqualTo(1));
        Assert.That((from, seq), Is.EqualTo((IpAddress.Make(127, 0, 0, 5), 1)));
        // Our own Ethernet address goes through loopback too.
        _stack.SendTo(p, new byte[] { 2 }, Wire.IpA, 2, _now);
        Assert.That(_stack.ReceiveFrom(p, buf, out from, out seq), Is.EqualTo(1));
        Assert.That(_link.Frames, Is.Empty, "nothing left on the wire");
        NetInterface lo = _stack.Interface(0);
        Assert.That((lo.Name, lo.PacketsOut, lo.PacketsIn), Is.EqualTo(("lo", 5L, 5L)), "a datagram, two echo requests, two replies");
        Assert.That(_stack.Interface(_if).PacketsOut, Is.EqualTo(0));
    }

    [Test]
    public void AClosedUdpPortAnswersPortUnreachable()
    {
        Learn();
        _link.Frames.Clear();
        byte[] ip = Wire.Ip(Wire.IpB, Wire.IpA, 17, Wire.Udp(Wire.IpB, Wire.IpA, 1111, 9, new byte[30]));
        DeliverIp(ip);
        byte[] icmp = Wire.IpPayload(_link.Take(), out uint src, out uint dst, out int proto)!;
        Assert.That((src, dst, proto), Is.EqualTo((Wire.IpA, Wire.IpB, 1)));
        Assert.That((icmp[0], icmp[1]), Is.EqualTo(((byte)3, (byte)3)), "destination unreachable, port");
        Assert.That(Wire.Checksum(icmp), Is.EqualTo(0));
        Assert.That(icmp.AsSpan(8).ToArray(), Is.EqualTo(ip.AsSpan(0, 28).ToArray()), "the IP header and 8 bytes quoted");
        // Rate-limited, and never for a broadcast.
        DeliverIp(ip);
        Assert.That(_link.Frames, Is.Empty);
        Assert.That(_stack.Stats.IcmpErrorsLimited, Is.EqualTo(1));
        _now += NetStack.ErrorIntervalMs;
        DeliverIp(Wire.Ip(Wire.IpB, IpAddress.Make(10, 0, 0, 255), 17, Wire.Udp(Wire.IpB, IpAddress.Make(10, 0, 0, 255), 1111, 9, new byte[4])));
        Assert.That(_link.Frames, Is.Empty);
    }

    [Test]
    public void PortUnreachableRefusesAConnectedUdpSocket()
    {
        Learn();
        int s = _stack.Open(SocketKind.Udp);
        _stack.Connect(s, Wire.IpB, 53, _now);
        _link.Frames.Clear();
        _stack.Send(s, new byte[] { 1, 2, 3 }, _now);
        byte[] sent = _link.Take().AsSpan(14).ToArray();
        // The peer answers with the error quoting what we sent.
        var quote = sent.AsSpan(0, 28).ToArray();
        var error = new byte[8 + quote.Length];
        error[0] = 3;
        error[1] = 3;
        quote.CopyTo(error, 8);
        Wire.Be16(error, 2, Wire.Checksum(error));
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, error));
        Assert.That(_stack.Poll(s) & SocketReady.Error, Is.Not.Zero);
        Assert.That(_stack.Receive(s, new byte[8], _now), Is.EqualTo(NetError.ConnectionRefused));
        Assert.That(_stack.Receive(s, new byte[8], _now), Is.EqualTo(NetError.WouldBlock), "reported once");
        // A quote too short to name the ports is malformed.
        DeliverIp(Wire.Ip(Wire.IpB, Wire.IpA, 1, Wire.Icmp(3, 0, 0, quote.AsSpan(0, 20).ToArray())));
        Assert.That(_stack.Stats.IcmpMalformed, Is.EqualTo(1));
    }
}
