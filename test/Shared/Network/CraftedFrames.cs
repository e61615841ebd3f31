using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;

namespace Minix3.Cosmos.Testing.Network;

// A host on the wire: its MAC and IPv4 address.
internal readonly record struct Station(byte[] Mac, byte[] Ip)
{
    public static Station Of(string mac, string ip) => new(CraftedFrames.Mac(mac), CraftedFrames.Ip(ip));
}

[Flags]
internal enum TcpFlags : byte
{
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
}

// Ethernet frames built byte by byte for the relay to inject: well-formed
// ones (ARP, IPv4 with ICMP echo, UDP, TCP, all checksums right) and the
// malformed kinds a network stack must drop and count without harm:
// runts, truncated headers, lengths that lie, bad checksums, TCP options
// that overrun, overlapping IPv4 fragments, and a SYN flood. Layouts:
// Ethernet II (RFC 894), IPv4 (RFC 791), ICMP (RFC 792), UDP (RFC 768),
// TCP (RFC 9293), ARP (RFC 826); the Internet checksum is RFC 1071's.
internal static class CraftedFrames
{
    public const int EthernetHeader = 14, Ipv4Header = 20, TcpHeader = 20, UdpHeader = 8;
    public const ushort Ipv4Type = 0x0800, ArpType = 0x0806;
    public const byte IcmpProtocol = 1, TcpProtocol = 6, UdpProtocol = 17;

    // Ethernet's minimum frame without its FCS: shorter ones are padded.
    public const int MinimumFrame = 60;

    public static readonly byte[] Broadcast = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    public static byte[] Mac(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 6)
            throw new ArgumentException("not a MAC address: " + text);
        return Array.ConvertAll(parts, p => byte.Parse(p, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
    }

    public static byte[] Ip(string text)
    {
        string[] parts = text.Split('.');
        if (parts.Length != 4)
            throw new ArgumentException("not an IPv4 address: " + text);
        return Array.ConvertAll(parts, p => byte.Parse(p, CultureInfo.InvariantCulture));
    }

    // RFC 1071: the ones' complement of the ones' complement sum of
    // 16-bit big-endian words (an odd last byte padded with zero), folded
    // from `initial` (a partial sum, e.g. of a pseudo-header).
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial = 0)
    {
        uint sum = initial;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
            sum += (uint)(data[i] << 8 | data[i + 1]);
        if (i < data.Length)
            sum += (uint)(data[i] << 8);
        while (sum > 0xffff)
            sum = (sum & 0xffff) + (sum >> 16);
        return (ushort)~sum;
    }

    // The TCP/UDP pseudo-header's partial sum (source, destination, zero,
    // protocol, length).
    public static uint PseudoHeaderSum(byte[] source, byte[] destination, byte protocol, int length)
    {
        Span<byte> pseudo = stackalloc byte[12];
        source.CopyTo(pseudo);
        destination.CopyTo(pseudo[4..]);
        pseudo[9] = protocol;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo[10..], (ushort)length);
        return (ushort)~Checksum(pseudo);
    }

    public static byte[] Ethernet(byte[] destination, byte[] source, ushort type, ReadOnlySpan<byte> payload, bool pad = true)
    {
        int length = EthernetHeader + payload.Length;
        var frame = new byte[pad ? Math.Max(length, MinimumFrame) : length];
        destination.CopyTo(frame, 0);
        source.CopyTo(frame, 6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), type);
        payload.CopyTo(frame.AsSpan(EthernetHeader));
        return frame;
    }

    // An IPv4 packet with a right header checksum. `fragmentOffset` in
    // bytes (a multiple of 8).
    public static byte[] Ipv4(byte[] source, byte[] destination, byte protocol, ReadOnlySpan<byte> payload,
        ushort id = 1, bool moreFragments = false, int fragmentOffset = 0, byte ttl = 64)
    {
        if (fragmentOffset % 8 != 0)
            throw new ArgumentException("a fragment offset is in units of 8 bytes");
        var packet = new byte[Ipv4Header + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | fragmentOffset / 8));
        packet[8] = ttl;
        packet[9] = protocol;
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, Ipv4Header)));
        payload.CopyTo(packet.AsSpan(Ipv4Header));
        return packet;
    }

    public static byte[] Tcp(byte[] sourceIp, byte[] destinationIp, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment,
        TcpFlags flags, ushort window, ReadOnlySpan<byte> payload, byte[]? options = null)
    {
        int optionBytes = options == null ? 0 : (options.Length + 3) / 4 * 4;
        var segment = new byte[TcpHeader + optionBytes + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(0), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(8), acknowledgment);
        segment[12] = (byte)((TcpHeader + optionBytes) / 4 << 4);
        segment[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), window);
        options?.CopyTo(segment, TcpHeader);
        payload.CopyTo(segment.AsSpan(TcpHeader + optionBytes));
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(16), Checksum(segment, PseudoHeaderSum(sourceIp, destinationIp, TcpProtocol, segment.Length)));
        return segment;
    }

    public static byte[] Udp(byte[] sourceIp, byte[] destinationIp, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var datagram = new byte[UdpHeader + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(0), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(4), (ushort)datagram.Length);
        payload.CopyTo(datagram.AsSpan(UdpHeader));
        ushort checksum = Checksum(datagram, PseudoHeaderSum(sourceIp, destinationIp, UdpProtocol, datagram.Length));
        // RFC 768: a computed zero is sent as all ones (zero means "none").
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(6), checksum == 0 ? (ushort)0xffff : checksum);
        return datagram;
    }

    public static byte[] IcmpEcho(ushort id, ushort sequence, ReadOnlySpan<byte> data, bool reply = false)
    {
        var message = new byte[8 + data.Length];
        message[0] = (byte)(reply ? 0 : 8);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), sequence);
        data.CopyTo(message.AsSpan(8));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Checksum(message));
        return message;
    }

    // Whole frames, well-formed.

    public static byte[] ArpRequest(Station from, byte[] targetIp) => Arp(Broadcast, from, new byte[6], targetIp, operation: 1);

    public static byte[] ArpReply(Station from, Station to) => Arp(to.Mac, from, to.Mac, to.Ip, operation: 2);

    private static byte[] Arp(byte[] destination, Station from, byte[] targetMac, byte[] targetIp, ushort operation)
    {
        var arp = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(0), 1);          // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), Ipv4Type);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), operation);
        from.Mac.CopyTo(arp, 8);
        from.Ip.CopyTo(arp, 14);
        targetMac.CopyTo(arp, 18);
        targetIp.CopyTo(arp, 24);
        return Ethernet(destination, from.Mac, ArpType, arp);
    }

    public static byte[] Ping(Station from, Station to, ushort id, ushort sequence, int dataBytes = 32) =>
        Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, IcmpProtocol, IcmpEcho(id, sequence, Pattern(dataBytes))));

    public static byte[] UdpFrame(Station from, Station to, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload) =>
        Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, UdpProtocol, Udp(from.Ip, to.Ip, sourcePort, destinationPort, payload)));

    public static byte[] TcpFrame(Station from, Station to, ushort sourcePort, ushort destinationPort, uint sequence, uint acknowledgment,
        TcpFlags flags, ReadOnlySpan<byte> payload, ushort window = 65535, byte[]? options = null) =>
        Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, TcpProtocol, Tcp(from.Ip, to.Ip, sourcePort, destinationPort, sequence, acknowledgment, flags, window, payload, options)));

    // Malformed frames.

    // Shorter than an Ethernet header.
    public static byte[] Runt(Station from, Station to) => Ethernet(to.Mac, from.Mac, Ipv4Type, ReadOnlySpan<byte>.Empty, pad: false)[..10];

    // An IPv4 type frame carrying 12 of an IPv4 header's 20 bytes (not
    // padded: a NIC model may pad it with zeros, which leaves it broken).
    public static byte[] TruncatedIpv4Header(Station from, Station to) =>
        Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, UdpProtocol, Udp(from.Ip, to.Ip, 9, 9, Pattern(8))).AsSpan(0, 12), pad: false);

    // An IPv4 header claiming 4 words (less than the 5 of a header).
    public static byte[] ShortIpv4HeaderLength(Station from, Station to)
    {
        byte[] frame = UdpFrame(from, to, 9, 9, Pattern(8));
        frame[EthernetHeader] = 0x44;
        Recompute(frame);
        return frame;
    }

    // A total length beyond the frame (checksum right, so only the length lies).
    public static byte[] LyingTotalLength(Station from, Station to)
    {
        byte[] frame = UdpFrame(from, to, 9, 9, Pattern(64));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(EthernetHeader + 2), 1400);
        Recompute(frame);
        return frame;
    }

    // A TCP header of 8 bytes: the IPv4 total length ends there.
    public static byte[] TruncatedTcpHeader(Station from, Station to, ushort port)
    {
        byte[] segment = Tcp(from.Ip, to.Ip, 40000, port, 1, 0, TcpFlags.Syn, 65535, ReadOnlySpan<byte>.Empty);
        return Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, TcpProtocol, segment.AsSpan(0, 8)));
    }

    public static byte[] BadIpv4Checksum(Station from, Station to)
    {
        byte[] frame = Ping(from, to, 0x4242, 1);
        frame[EthernetHeader + 10] ^= 0x5a;
        return frame;
    }

    public static byte[] BadTcpChecksum(Station from, Station to, ushort port)
    {
        byte[] frame = TcpFrame(from, to, 40001, port, 1000, 0, TcpFlags.Syn, ReadOnlySpan<byte>.Empty);
        frame[EthernetHeader + Ipv4Header + 16] ^= 0x5a;
        return frame;
    }

    public static byte[] BadUdpChecksum(Station from, Station to, ushort port)
    {
        byte[] frame = UdpFrame(from, to, 40002, port, Pattern(16));
        frame[EthernetHeader + Ipv4Header + 6] ^= 0x5a;
        return frame;
    }

    public static byte[] BadIcmpChecksum(Station from, Station to)
    {
        byte[] frame = Ping(from, to, 0x4243, 1);
        frame[EthernetHeader + Ipv4Header + 2] ^= 0x5a;
        return frame;
    }

    // A TCP option (maximum segment size, kind 2) whose length (40) runs
    // past the 24-byte header the data offset gives; checksums right.
    public static byte[] TcpOptionOverrun(Station from, Station to, ushort port) =>
        TcpFrame(from, to, 40003, port, 2000, 0, TcpFlags.Syn, ReadOnlySpan<byte>.Empty, options: new byte[] { 2, 40, 0x05, 0xb4 });

    // A data offset (15 words, 60 bytes) beyond the segment (20 bytes).
    public static byte[] TcpDataOffsetBeyondSegment(Station from, Station to, ushort port)
    {
        byte[] frame = TcpFrame(from, to, 40004, port, 3000, 0, TcpFlags.Syn, ReadOnlySpan<byte>.Empty);
        int tcp = EthernetHeader + Ipv4Header;
        frame[tcp + 12] = 0xf0;
        RecomputeTcp(frame);
        return frame;
    }

    // An ICMP echo request of `dataBytes` split into IPv4 fragments of 8
    // bytes' multiples, the second starting 8 bytes inside the first and
    // carrying different bytes there (which copy a reassembler keeps
    // decides what it answers), then the rest. Each fragment's own headers
    // are right; only the overlap is wrong.
    public static List<byte[]> OverlappingFragments(Station from, Station to, ushort id, int dataBytes = 64)
    {
        byte[] whole = IcmpEcho(0x4244, 1, Pattern(dataBytes));
        var fragments = new List<byte[]>();
        int first = 24;   // bytes 0..23
        fragments.Add(Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, IcmpProtocol, whole.AsSpan(0, first), id, moreFragments: true, fragmentOffset: 0)));
        // Bytes 16..39, overlapping 16..23 with other contents.
        byte[] overlap = whole.AsSpan(16, 24).ToArray();
        for (int i = 0; i < 8; i++)
            overlap[i] ^= 0xff;
        fragments.Add(Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, IcmpProtocol, overlap, id, moreFragments: true, fragmentOffset: 16)));
        fragments.Add(Ethernet(to.Mac, from.Mac, Ipv4Type, Ipv4(from.Ip, to.Ip, IcmpProtocol, whole.AsSpan(40), id, moreFragments: false, fragmentOffset: 40)));
        return fragments;
    }

    // `count` SYNs toward to:port from made-up addresses in from's subnet
    // (the last byte varies, never from's own) and random ports and
    // sequence numbers, all checksums right: they fill a listener's
    // backlog with connections nobody completes.
    public static List<byte[]> SynFlood(Station from, Station to, ushort port, int count, int seed)
    {
        var random = new Random(seed);
        var frames = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            byte[] ip = (byte[])from.Ip.Clone();
            do
                ip[3] = (byte)random.Next(2, 255);
            while (ip[3] == from.Ip[3] || ip[3] == to.Ip[3]);
            var forged = new Station(from.Mac, ip);
            frames.Add(TcpFrame(forged, to, (ushort)random.Next(1024, 65536), port, (uint)random.Next(), 0, TcpFlags.Syn, ReadOnlySpan<byte>.Empty));
        }
        return frames;
    }

    // 0, 1, 2, ... as bytes.
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)i;
        return bytes;
    }

    // After editing an IPv4 header in place: its checksum again.
    private static void Recompute(byte[] frame)
    {
        Span<byte> header = frame.AsSpan(EthernetHeader, Ipv4Header);
        header[10] = 0;
        header[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], Checksum(header));
    }

    // After editing a TCP header in place: its checksum again, over the
    // segment the IPv4 total length gives.
    private static void RecomputeTcp(byte[] frame)
    {
        int ip = EthernetHeader, tcp = EthernetHeader + Ipv4Header;
        int length = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(ip + 2)) - Ipv4Header;
        Span<byte> segment = frame.AsSpan(tcp, length);
        segment[16] = 0;
        segment[17] = 0;
        byte[] source = frame.AsSpan(ip + 12, 4).ToArray(), destination = frame.AsSpan(ip + 16, 4).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], Checksum(segment, PseudoHeaderSum(source, destination, TcpProtocol, length)));
    }
}
