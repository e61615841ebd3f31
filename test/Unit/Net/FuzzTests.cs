using System;
using System.Collections.Generic;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// Malformed input of every kind: real frames damaged at random, half of
// them with their checksums repaired so the damage reaches the parsers and
// state machines behind the checksum checks. The engine must count, never
// throw (InternalErrors counts what an entry point caught).
public class FuzzTests
{
    // Recomputes the IP header and transport checksums of an IPv4 frame
    // wherever its (possibly damaged) lengths still fit the frame.
    private static void Repair(byte[] f)
    {
        if (f.Length < 34 || Wire.Get16(f, 12) != 0x0800)
            return;
        int ihl = (f[14] & 15) * 4;
        if (ihl < 20 || 14 + ihl > f.Length)
            return;
        f[24] = f[25] = 0;
        Wire.Be16(f, 24, Wire.Checksum(f.AsSpan(14, ihl)));
        int total = Math.Min(Wire.Get16(f, 16), f.Length - 14);
        int t = 14 + ihl, len = total - ihl;
        if (len < 8 || ((Wire.Get16(f, 20) & 0x3FFF) != 0))
            return;
        uint src = Wire.Get32(f, 26), dst = Wire.Get32(f, 30);
        int proto = f[23];
        int at = proto == 6 ? 16 : proto == 17 ? 6 : proto == 1 ? 2 : -1;
        if (at < 0 || (proto == 6 && len < 20))
            return;
        f[t + at] = f[t + at + 1] = 0;
        if (proto == 17)
            len = Math.Min(len, Math.Max(8, Wire.Get16(f, t + 4)));
        uint pseudo = proto == 1 ? 0 : Wire.Pseudo(src, dst, proto, len);
        Wire.Be16(f, t + at, Wire.Checksum(f.AsSpan(t, len), pseudo));
    }

    [Test]
    public void DamagedFramesAreCountedNeverThrown()
    {
        // Capture a realistic mix of frames: ARP, handshakes, data, FINs,
        // UDP, pings and fragments, from two engines talking.
        var w = new LossyWire(21);
        var captured = new List<byte[]>();
        w.Tap = f => captured.Add(f.AsSpan().ToArray());
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int u = w.B.Open(SocketKind.Udp);
        w.B.Bind(u, 0, 53);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.Connect(c, Wire.IpB, 80, w.Now);
        int s = -1;
        w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 100);
        w.A.Send(c, new byte[5000], w.Now);
        int a = w.A.Open(SocketKind.Udp);
        w.A.SendTo(a, new byte[100], Wire.IpB, 53, w.Now);
        int p = w.A.Open(SocketKind.Icmp);
        w.A.SendTo(p, new byte[32], Wire.IpB, 1, w.Now);
        w.RunUntil(() => false, 50);
        w.A.Close(c, w.Now);
        w.RunUntil(() => false, 50);
        byte[] echo = Wire.Icmp(8, 1, 1, new byte[1000]);
        captured.Add(Wire.Ethernet(Wire.MacB, Wire.MacA, 0x0800, Wire.Ip(Wire.IpA, Wire.IpB, 1, echo.AsSpan(0, 504), 9, 0x2000)));
        captured.Add(Wire.Ethernet(Wire.MacB, Wire.MacA, 0x0800, Wire.Ip(Wire.IpA, Wire.IpB, 1, echo.AsSpan(504), 9, 63)));
        Assert.That(captured.Count, Is.GreaterThan(10));

        // Replay them damaged into a fresh engine with the same addresses
        // (B's) and a listener, a UDP socket and a DHCP client running.
        var link = new CaptureLink(Wire.MacB);
        var target = new NetStack(99);
        int i0 = target.AddInterface("eth0", link);
        target.Configure(i0, Wire.IpB, IpAddress.MaskOf(24), 0);
        int tl = target.Open(SocketKind.Tcp);
        target.Bind(tl, 0, 80);
        target.Listen(tl, 8);
        int tu = target.Open(SocketKind.Udp);
        target.Bind(tu, 0, 53);
        int i1 = target.AddInterface("eth1", new CaptureLink(0x020000000099));
        target.StartDhcp(i1, 0);
        var rng = new Random(5);
        long now = 0;
        var buf = new byte[70000];
        for (int n = 0; n < 30000; n++)
        {
            byte[] f = captured[rng.Next(captured.Count)].AsSpan().ToArray();
            int damage = rng.Next(1, 5);
            for (int k = 0; k < damage; k++)
            {
                // Mostly in the headers, where the parsers look.
                int at = rng.Next(100) < 80 ? rng.Next(Math.Min(f.Length, 60)) : rng.Next(f.Length);
                f[at] = rng.Next(3) == 0 ? (byte)rng.Next(256) : (byte)(f[at] ^ (1 << rng.Next(8)));
            }
            if (rng.Next(4) == 0)
                Array.Resize(ref f, rng.Next(f.Length + 1));
            if (rng.Next(2) == 0)
                Repair(f);
            target.Receive(rng.Next(2) == 0 ? i0 : i1, f, f.Length, now);
            now += rng.Next(3);
            if (n % 50 == 0)
            {
                target.Tick(now);
                int acc = target.Accept(tl, out _, out _);
                if (acc >= 0)
                {
                    target.Receive(acc, buf, now);
                    target.Send(acc, new byte[3000], now);
                    if (rng.Next(2) == 0)
                        target.Close(acc, now);
                }
                target.ReceiveFrom(tu, buf, out _, out _);
                link.Frames.Clear();
            }
        }
        NetStats st = target.Stats;
        Assert.That(st.InternalErrors, Is.EqualTo(0));
        long rejected = st.FramesShort + st.FramesNotForUs + st.FramesOtherType + st.ArpMalformed + st.IpMalformed
            + st.IpBadChecksum + st.IpBadLength + st.IpNotForUs + st.TcpBadChecksum + st.TcpMalformed
            + st.TcpBadOptions + st.UdpBadChecksum + st.UdpMalformed + st.IcmpBadChecksum + st.IcmpMalformed;
        Assert.That(rejected, Is.GreaterThan(10000), "most damage is caught and counted");
        Assert.That(st.TcpIn, Is.GreaterThan(1000), "repaired frames reach TCP");
    }

    [Test]
    public void ASynFloodDoesNotStopATransfer()
    {
        var w = new LossyWire(31);
        int l = w.B.Open(SocketKind.Tcp);
        w.B.Bind(l, 0, 80);
        w.B.Listen(l, 4);
        int c = w.A.Open(SocketKind.Tcp);
        w.A.Connect(c, Wire.IpB, 80, w.Now);
        int s = -1;
        Assert.That(w.RunUntil(() => (s = s >= 0 ? s : w.B.Accept(l, out _, out _)) >= 0, 100), Is.True);
        var rng = new Random(3);
        byte[] data = new byte[1 << 20];
        rng.NextBytes(data);
        var got = new byte[data.Length];
        int sent = 0, received = 0;
        Assert.That(w.RunUntil(() =>
        {
            // 20 spoofed SYNs a millisecond from addresses that never answer.
            for (int k = 0; k < 20; k++)
            {
                uint from = IpAddress.Make(10, 0, 0, 100 + rng.Next(100));
                byte[] f = Wire.Ethernet(Wire.MacB, 0x020000000100 + (ulong)k, 0x0800,
                    Wire.Ip(from, Wire.IpB, 6, Wire.Tcp(from, Wire.IpB, 1024 + rng.Next(60000), 80, (uint)rng.Next(), 0, 0x02, 1000)));
                w.B.Receive(w.IfB, f, f.Length, w.Now);
            }
            if (sent < data.Length)
            {
                int n = w.A.Send(c, data.AsSpan(sent), w.Now);
                if (n > 0) sent += n;
            }
            int r = w.B.Receive(s, got.AsSpan(received), w.Now);
            if (r > 0) received += r;
            return received == data.Length;
        }, 100_000), Is.True);
        Assert.That(got, Is.EqualTo(data));
        Assert.That(w.B.Stats.TcpSynBacklogFull, Is.GreaterThan(500), "most of the flood found the backlog full");
        Assert.That(w.B.TcpConnectionCount, Is.LessThanOrEqualTo(1 + 4), "the one connection and a full backlog");
        Assert.That(w.B.Stats.InternalErrors, Is.EqualTo(0));
    }
}
