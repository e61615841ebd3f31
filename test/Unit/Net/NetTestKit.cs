using System;
using System.Collections.Generic;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Net;

// A link that keeps every frame the engine sends, for tests that play the
// other side by hand.
internal sealed class CaptureLink : INetLink
{
    public CaptureLink(ulong mac) { Mac = mac; }
    public ulong Mac { get; }
    public int Mtu { get; set; } = 1500;
    public readonly List<byte[]> Frames = new();

    public void Send(byte[] frame, int length) => Frames.Add(frame.AsSpan(0, length).ToArray());

    public byte[] Take()
    {
        Assert.That(Frames, Is.Not.Empty, "the engine sent nothing");
        byte[] f = Frames[0];
        Frames.RemoveAt(0);
        return f;
    }
}

// An engine at 10.0.0.1/24 on one captured link that already knows the
// peer 10.0.0.2's MAC (its ARP request answered), so segments leave at once.
internal sealed class PeeredStack
{
    public readonly NetStack Stack;
    public readonly CaptureLink Link = new CaptureLink(Wire.MacA);
    public readonly int Interface;

    public PeeredStack(ulong seed, long now)
    {
        Stack = new NetStack(seed);
        Interface = Stack.AddInterface("eth0", Link);
        Stack.Configure(Interface, Wire.IpA, IpAddress.MaskOf(24), 0);
        byte[] arp = Wire.Ethernet(Wire.MacA, Wire.MacB, 0x0806, Wire.Arp(1, Wire.MacB, Wire.IpB, 0, Wire.IpA));
        Stack.Receive(Interface, arp, arp.Length, now);
        Link.Frames.Clear();
    }
}

// Builds frames independently of the engine's code (its own checksum), so
// a wrong engine checksum cannot agree with itself.
internal static class Wire
{
    public const ulong MacA = 0x020000000001, MacB = 0x020000000002;
    public static readonly uint IpA = IpAddress.Make(10, 0, 0, 1), IpB = IpAddress.Make(10, 0, 0, 2);

    public static ushort Checksum(ReadOnlySpan<byte> b, uint initial = 0)
    {
        ulong sum = initial;
        for (int i = 0; i < b.Length; i += 2)
            sum += (ulong)((b[i] << 8) | (i + 1 < b.Length ? b[i + 1] : 0));
        while ((sum >> 16) != 0)
            sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static uint Pseudo(uint src, uint dst, int proto, int len) =>
        (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + (uint)proto + (uint)len;

    public static void Be16(byte[] b, int at, int v) { b[at] = (byte)(v >> 8); b[at + 1] = (byte)v; }
    public static void Be32(byte[] b, int at, uint v) { Be16(b, at, (int)(v >> 16)); Be16(b, at + 2, (int)v); }
    public static int Get16(byte[] b, int at) => (b[at] << 8) | b[at + 1];
    public static uint Get32(byte[] b, int at) => ((uint)Get16(b, at) << 16) | (uint)Get16(b, at + 2);
    public static void Mac(byte[] b, int at, ulong mac) { Be16(b, at, (int)(mac >> 32)); Be32(b, at + 2, (uint)mac); }

    public static byte[] Ethernet(ulong dst, ulong src, int type, ReadOnlySpan<byte> payload)
    {
        var f = new byte[14 + payload.Length];
        Mac(f, 0, dst);
        Mac(f, 6, src);
        Be16(f, 12, type);
        payload.CopyTo(f.AsSpan(14));
        return f;
    }

    public static byte[] Arp(int op, ulong sha, uint spa, ulong tha, uint tpa)
    {
        var a = new byte[28];
        Be16(a, 0, 1); Be16(a, 2, 0x0800); a[4] = 6; a[5] = 4; Be16(a, 6, op);
        Mac(a, 8, sha); Be32(a, 14, spa); Mac(a, 18, tha); Be32(a, 24, tpa);
        return a;
    }

    public static byte[] Ip(uint src, uint dst, int proto, ReadOnlySpan<byte> payload, int id = 1, int fragWord = 0, int ttl = 64)
    {
        var p = new byte[20 + payload.Length];
        p[0] = 0x45; Be16(p, 2, p.Length); Be16(p, 4, id); Be16(p, 6, fragWord); p[8] = (byte)ttl; p[9] = (byte)proto;
        Be32(p, 12, src); Be32(p, 16, dst);
        Be16(p, 10, Checksum(p.AsSpan(0, 20)));
        payload.CopyTo(p.AsSpan(20));
        return p;
    }

    public static byte[] Udp(uint src, uint dst, int sport, int dport, ReadOnlySpan<byte> data, bool checksum = true)
    {
        var u = new byte[8 + data.Length];
        Be16(u, 0, sport); Be16(u, 2, dport); Be16(u, 4, u.Length);
        data.CopyTo(u.AsSpan(8));
        if (checksum)
        {
            ushort c = Checksum(u, Pseudo(src, dst, 17, u.Length));
            Be16(u, 6, c == 0 ? 0xFFFF : c);
        }
        return u;
    }

    public static byte[] Icmp(int type, int id, int seq, ReadOnlySpan<byte> data)
    {
        var m = new byte[8 + data.Length];
        m[0] = (byte)type; Be16(m, 4, id); Be16(m, 6, seq);
        data.CopyTo(m.AsSpan(8));
        Be16(m, 2, Checksum(m));
        return m;
    }

    public static byte[] Tcp(uint src, uint dst, int sport, int dport, uint seq, uint ack, int flags, int window,
        ReadOnlySpan<byte> data = default, byte[]? options = null)
    {
        int optLen = options?.Length ?? 0;
        var t = new byte[20 + optLen + data.Length];
        Be16(t, 0, sport); Be16(t, 2, dport); Be32(t, 4, seq); Be32(t, 8, ack);
        t[12] = (byte)(((20 + optLen) / 4) << 4); t[13] = (byte)flags; Be16(t, 14, window);
        options?.CopyTo(t, 20);
        data.CopyTo(t.AsSpan(20 + optLen));
        Be16(t, 16, Checksum(t, Pseudo(src, dst, 6, t.Length)));
        return t;
    }

    // IP payload of an Ethernet frame carrying IPv4, or null.
    public static byte[]? IpPayload(byte[] frame, out uint src, out uint dst, out int proto)
    {
        src = dst = 0;
        proto = 0;
        if (frame.Length < 34 || Get16(frame, 12) != 0x0800)
            return null;
        int ihl = (frame[14] & 15) * 4;
        int total = Get16(frame, 16);
        Assert.That(Checksum(frame.AsSpan(14, ihl)), Is.EqualTo(0), "IP header checksum");
        proto = frame[23];
        src = Get32(frame, 26);
        dst = Get32(frame, 30);
        return frame.AsSpan(14 + ihl, total - ihl).ToArray();
    }
}

// A parsed TCP segment the engine sent, its checksum checked.
internal sealed class Seg
{
    public int SrcPort, DstPort, Flags, Window;
    public uint Seq, Ack;
    public byte[] Data = Array.Empty<byte>();
    public int Mss = -1, Scale = -1;

    public bool Syn => (Flags & 2) != 0;
    public bool Fin => (Flags & 1) != 0;
    public bool Rst => (Flags & 4) != 0;
    public bool AckFlag => (Flags & 16) != 0;

    public static Seg? From(byte[] frame)
    {
        byte[]? t = Wire.IpPayload(frame, out uint src, out uint dst, out int proto);
        if (t == null || proto != 6)
            return null;
        Assert.That(Wire.Checksum(t, Wire.Pseudo(src, dst, 6, t.Length)), Is.EqualTo(0), "TCP checksum");
        int doff = (t[12] >> 4) * 4;
        var s = new Seg
        {
            SrcPort = Wire.Get16(t, 0), DstPort = Wire.Get16(t, 2), Seq = Wire.Get32(t, 4), Ack = Wire.Get32(t, 8),
            Flags = t[13], Window = Wire.Get16(t, 14), Data = t.AsSpan(doff).ToArray(),
        };
        for (int i = 20; i < doff;)
        {
            if (t[i] == 0) break;
            if (t[i] == 1) { i++; continue; }
            if (t[i] == 2) s.Mss = Wire.Get16(t, i + 2);
            if (t[i] == 3) s.Scale = t[i + 2];
            i += t[i + 1];
        }
        return s;
    }
}

// Two engines joined by a simulated Ethernet that can lose, duplicate,
// reorder and corrupt frames, driven by a seeded generator on a simulated
// millisecond clock; one-way latency 1 ms.
internal sealed class LossyWire
{
    public readonly NetStack A, B;
    public readonly int IfA, IfB;
    public double Loss, Duplicate, Reorder, Corrupt;
    public long Now;
    public long Delivered, Dropped, Corrupted;
    public Action<byte[]>? Tap;
    public bool TickOnDemand;     // tick an engine only when its NextTimer is due
    public long Ticks;   // sees every frame sent, before any damage
    private readonly Random _rng;
    private readonly List<(byte[] Frame, bool ToB, long At)> _flight = new();

    private sealed class End : INetLink
    {
        private readonly LossyWire _wire;
        private readonly bool _toB;
        public End(LossyWire wire, bool toB, ulong mac) { _wire = wire; _toB = toB; Mac = mac; }
        public ulong Mac { get; }
        public int Mtu => 1500;
        public void Send(byte[] frame, int length) => _wire.Put(frame.AsSpan(0, length).ToArray(), _toB);
    }

    public LossyWire(int seed)
    {
        _rng = new Random(seed);
        A = new NetStack((ulong)seed * 2 + 1);
        B = new NetStack((ulong)seed * 2 + 2);
        IfA = A.AddInterface("eth0", new End(this, true, Wire.MacA));
        IfB = B.AddInterface("eth0", new End(this, false, Wire.MacB));
        A.Configure(IfA, Wire.IpA, IpAddress.MaskOf(24), 0);
        B.Configure(IfB, Wire.IpB, IpAddress.MaskOf(24), 0);
    }

    private void Put(byte[] f, bool toB)
    {
        Tap?.Invoke(f);
        if (_rng.NextDouble() < Loss)
        {
            Dropped++;
            return;
        }
        if (_rng.NextDouble() < Corrupt)
        {
            // Past the Ethernet header: the damage must be caught by a checksum.
            f[14 + _rng.Next(f.Length - 14)] ^= (byte)(1 << _rng.Next(8));
            Corrupted++;
        }
        long at = Now + 1 + (_rng.NextDouble() < Reorder ? _rng.Next(1, 15) : 0);
        _flight.Add((f, toB, at));
        if (_rng.NextDouble() < Duplicate)
            _flight.Add((f.AsSpan().ToArray(), toB, at + _rng.Next(0, 5)));
    }

    // Advances the clock a millisecond at a time until done() or limitMs.
    public bool RunUntil(Func<bool> done, long limitMs)
    {
        long end = Now + limitMs;
        while (Now < end)
        {
            if (done())
                return true;
            Now++;
            for (int i = 0; i < _flight.Count; i++)
            {
                var (f, toB, at) = _flight[i];
                if (at > Now)
                    continue;
                _flight.RemoveAt(i--);
                Delivered++;
                if (toB) B.Receive(IfB, f, f.Length, Now);
                else A.Receive(IfA, f, f.Length, Now);
            }
            if (TickOnDemand)
            {
                if (Now >= A.NextTimer()) { A.Tick(Now); Ticks++; }
                if (Now >= B.NextTimer()) { B.Tick(Now); Ticks++; }
            }
            else if (Now % 5 == 0)
            {
                A.Tick(Now);
                B.Tick(Now);
                Ticks += 2;
            }
        }
        return done();
    }
}
