using System;
using System.Collections.Generic;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// The DHCP client against a scripted server.
public class DhcpTests
{
    private sealed class Recorder : IDhcpHost
    {
        public readonly List<(byte[] Msg, uint Src, uint Dst)> Sent = new();
        public readonly List<DhcpLease?> Leases = new();
        public void SendDhcp(ReadOnlySpan<byte> message, uint src, uint dst) => Sent.Add((message.ToArray(), src, dst));
        public void LeaseChanged(DhcpLease? lease) => Leases.Add(lease);
    }

    private const ulong Mac = 0x525400123456;
    private static readonly uint Server = IpAddress.Make(10, 0, 2, 2), Offered = IpAddress.Make(10, 0, 2, 15);

    private static int Type(byte[] m)
    {
        for (int i = 240; i < m.Length && m[i] != 255;)
        {
            if (m[i] == 0) { i++; continue; }
            if (m[i] == 53) return m[i + 2];
            i += 2 + m[i + 1];
        }
        return 0;
    }

    private static uint Option(byte[] m, int code)
    {
        for (int i = 240; i < m.Length && m[i] != 255;)
        {
            if (m[i] == 0) { i++; continue; }
            if (m[i] == code) return Wire.Get32(m, i + 2);
            i += 2 + m[i + 1];
        }
        return 0;
    }

    // A BOOTREPLY as QEMU's slirp would send it.
    private static byte[] Reply(uint xid, int type, uint yiaddr, uint lease = 86400, ulong mac = Mac, params byte[][] extra)
    {
        var m = new byte[300];
        m[0] = 2; m[1] = 1; m[2] = 6;
        Wire.Be32(m, 4, xid);
        Wire.Be32(m, 16, yiaddr);
        Wire.Mac(m, 28, mac);
        Wire.Be32(m, 236, 0x63825363);
        int o = 240;
        void Opt(int code, params byte[] v) { m[o] = (byte)code; m[o + 1] = (byte)v.Length; v.CopyTo(m, o + 2); o += 2 + v.Length; }
        Opt(53, (byte)type);
        Opt(54, 10, 0, 2, 2);
        Opt(1, 255, 255, 255, 0);
        Opt(3, 10, 0, 2, 2);
        Opt(6, 10, 0, 2, 3, 1, 1, 1, 1);
        Opt(51, (byte)(lease >> 24), (byte)(lease >> 16), (byte)(lease >> 8), (byte)lease);
        foreach (byte[] e in extra) { e.CopyTo(m, o); o += e.Length; }
        m[o] = 255;
        return m;
    }

    [Test]
    public void DiscoverOfferRequestAckThenRenewal()
    {
        var host = new Recorder();
        var client = new DhcpClient(Mac, 1000, host);
        long now = 0;
        client.Start(now);
        Assert.That(client.State, Is.EqualTo(DhcpState.Selecting));
        var (discover, src, dst) = host.Sent[0];
        Assert.That((Type(discover), src, dst), Is.EqualTo((DhcpClient.Discover, 0u, IpAddress.Broadcast)));
        Assert.That(discover.Length, Is.GreaterThanOrEqualTo(300));
        Assert.That(Wire.Get16(discover, 10), Is.EqualTo(0x8000), "asks for broadcast replies");
        uint xid = Wire.Get32(discover, 4);
        // Replies for another transaction or another client are ignored.
        client.Input(Reply(xid + 1, DhcpClient.Offer, Offered), now);
        client.Input(Reply(xid, DhcpClient.Offer, Offered, mac: Mac + 1), now);
        Assert.That(client.State, Is.EqualTo(DhcpState.Selecting));
        client.Input(Reply(xid, DhcpClient.Offer, Offered), now);
        Assert.That(client.State, Is.EqualTo(DhcpState.Requesting));
        byte[] request = host.Sent[1].Msg;
        Assert.That(Type(request), Is.EqualTo(DhcpClient.Request));
        Assert.That(Option(request, 50), Is.EqualTo(Offered), "requested address");
        Assert.That(Option(request, 54), Is.EqualTo(Server), "server identifier");
        client.Input(Reply(xid, DhcpClient.Ack, Offered, lease: 1000), now);
        Assert.That(client.State, Is.EqualTo(DhcpState.Bound));
        DhcpLease l = host.Leases[0]!;
        Assert.That(l.Address, Is.EqualTo(Offered));
        Assert.That(l.Mask, Is.EqualTo(0xFFFFFF00u));
        Assert.That(l.Router, Is.EqualTo(Server));
        Assert.That(l.Dns, Is.EqualTo(new[] { IpAddress.Make(10, 0, 2, 3), IpAddress.Make(1, 1, 1, 1) }));
        Assert.That((l.RenewAt, l.RebindAt, l.ExpiresAt), Is.EqualTo((500_000L, 875_000L, 1_000_000L)), "T1 = 1/2, T2 = 7/8");
        // T1: a unicast REQUEST to the server from our address.
        client.Tick(500_000);
        Assert.That(client.State, Is.EqualTo(DhcpState.Renewing));
        var (renew, rsrc, rdst) = host.Sent[2];
        Assert.That((Type(renew), rsrc, rdst), Is.EqualTo((DhcpClient.Request, Offered, Server)));
        Assert.That(Wire.Get32(renew, 12), Is.EqualTo(Offered), "ciaddr");
        Assert.That(Option(renew, 54), Is.EqualTo(0u), "no server identifier when renewing");
        // T2 without an answer: broadcast.
        client.Tick(875_000);
        Assert.That(client.State, Is.EqualTo(DhcpState.Rebinding));
        Assert.That(host.Sent[^1].Dst, Is.EqualTo(IpAddress.Broadcast));
        client.Input(Reply(xid, DhcpClient.Ack, Offered, lease: 1000), 900_000);
        Assert.That(client.State, Is.EqualTo(DhcpState.Bound));
        Assert.That(host.Leases.Count, Is.EqualTo(1), "the same lease again is no change");
        // The lease runs out: the address goes, discovery starts over.
        client.Tick(900_000 + 1_000_000);
        Assert.That(host.Leases[^1], Is.Null);
        Assert.That(client.State, Is.EqualTo(DhcpState.Selecting));
    }

    [Test]
    public void RetriesBackOffAndANakStartsOver()
    {
        var host = new Recorder();
        var client = new DhcpClient(Mac, 5, host);
        client.Start(0);
        long[] times = { 4000, 12000, 28000, 60000 };
        foreach (long t in times)
        {
            client.Tick(t - 1);
            int before = host.Sent.Count;
            client.Tick(t);
            Assert.That(host.Sent.Count, Is.EqualTo(before + 1), $"a DISCOVER at {t}");
        }
        uint xid = client.TransactionId;
        client.Input(Reply(xid, DhcpClient.Offer, Offered), 61000);
        client.Input(Reply(xid, DhcpClient.Nak, 0), 61000);
        Assert.That(client.State, Is.EqualTo(DhcpState.Selecting));
        Assert.That(client.TransactionId, Is.Not.EqualTo(xid), "a new transaction");
    }

    [Test]
    public void MalformedRepliesAreRejected()
    {
        var host = new Recorder();
        var client = new DhcpClient(Mac, 9, host) { Stats = new NetStats() };
        client.Start(0);
        uint xid = client.TransactionId;
        byte[] good = Reply(xid, DhcpClient.Offer, Offered);
        client.Input(good.AsSpan(0, 200), 0);                                        // truncated
        byte[] overrun = Reply(xid, DhcpClient.Offer, Offered, extra: new byte[] { 6, 200, 1, 2 });
        client.Input(overrun.AsSpan(0, 270), 0);                                     // an option past the end
        byte[] cookie = (byte[])good.Clone(); cookie[236] = 0;
        client.Input(cookie, 0);
        byte[] badLen = Reply(xid, DhcpClient.Offer, Offered, extra: new byte[] { 1, 3, 255, 255, 0 });
        client.Input(badLen, 0);
        Assert.That(client.Stats.DhcpMalformed, Is.EqualTo(4));
        Assert.That(client.State, Is.EqualTo(DhcpState.Selecting));
    }

    [Test]
    public void TheEngineConfiguresItsInterfaceFromALease()
    {
        var link = new CaptureLink(Mac);
        var stack = new NetStack(3);
        int i = stack.AddInterface("eth0", link);
        stack.StartDhcp(i, 0);
        Assert.That(stack.Interface(i).DhcpState, Is.EqualTo(DhcpState.Selecting));
        byte[] frame = link.Take();
        Assert.That(frame.AsSpan(0, 6).ToArray(), Is.EqualTo(new byte[] { 255, 255, 255, 255, 255, 255 }));
        byte[] udp = Wire.IpPayload(frame, out uint src, out uint dst, out int proto)!;
        Assert.That((src, dst, proto, Wire.Get16(udp, 0), Wire.Get16(udp, 2)), Is.EqualTo((0u, IpAddress.Broadcast, 17, 68, 67)));
        uint xid = Wire.Get32(udp, 8 + 4);
        void FromServer(byte[] msg)
        {
            byte[] f = Wire.Ethernet(ulong.MaxValue >> 16, 0x525400000002, 0x0800,
                Wire.Ip(Server, IpAddress.Broadcast, 17, Wire.Udp(Server, IpAddress.Broadcast, 67, 68, msg)));
            stack.Receive(i, f, f.Length, 10);
        }
        FromServer(Reply(xid, DhcpClient.Offer, Offered));
        Assert.That(Type(Wire.IpPayload(link.Take(), out _, out _, out _)!.AsSpan(8).ToArray()), Is.EqualTo(DhcpClient.Request));
        FromServer(Reply(xid, DhcpClient.Ack, Offered));
        NetInterface ifc = stack.Interface(i);
        Assert.That((ifc.Address, ifc.Mask, ifc.Gateway), Is.EqualTo((Offered, 0xFFFFFF00u, Server)));
        Assert.That(ifc.Dns.Length, Is.EqualTo(2));
        Assert.That(stack.SourceFor(IpAddress.Make(1, 2, 3, 4)), Is.EqualTo(Offered), "routed through the router");
    }
}
