using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Harness;

// The frames the relay injects: well-formed ones are right at every layer
// (checked by recomputing, not by the builder's own word), and each
// malformed one is wrong in exactly the way its name says.
public class CraftedFramesTests
{
    private static readonly Station Guest = Station.Of("52:54:00:12:34:56", "10.0.2.1");
    private static readonly Station Harness = Station.Of("52:54:00:aa:bb:cc", "10.0.2.9");

    private static ushort Word(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset));

    private const int Ip = CraftedFrames.EthernetHeader, Transport = CraftedFrames.EthernetHeader + CraftedFrames.Ipv4Header;

    private static bool Ipv4ChecksumHolds(byte[] frame) => CraftedFrames.Checksum(frame.AsSpan(Ip, (frame[Ip] & 0xf) * 4)) == 0;

    // Over the transport bytes the IPv4 total length gives, with the pseudo-header.
    private static bool TransportChecksumHolds(byte[] frame)
    {
        int length = Word(frame, Ip + 2) - CraftedFrames.Ipv4Header;
        byte[] source = frame[(Ip + 12)..(Ip + 16)], destination = frame[(Ip + 16)..(Ip + 20)];
        uint pseudo = frame[Ip + 9] == CraftedFrames.IcmpProtocol ? 0 : CraftedFrames.PseudoHeaderSum(source, destination, frame[Ip + 9], length);
        return CraftedFrames.Checksum(frame.AsSpan(Transport, length), pseudo) == 0;
    }

    private static void AssertEthernet(byte[] frame, Station to, ushort type)
    {
        Assert.That(frame.Length, Is.GreaterThanOrEqualTo(CraftedFrames.MinimumFrame), "padded to Ethernet's minimum");
        Assert.That(frame[..6], Is.EqualTo(to.Mac));
        Assert.That(frame[6..12], Is.EqualTo(Harness.Mac));
        Assert.That(Word(frame, 12), Is.EqualTo(type));
    }

    [Test]
    public void TheChecksumIsRfc1071s()
    {
        // The IPv4 header of a well-known example: its checksum is b861.
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");
        Assert.That(CraftedFrames.Checksum(header), Is.EqualTo(0xb861));
        header[10] = 0xb8;
        header[11] = 0x61;
        Assert.That(CraftedFrames.Checksum(header), Is.EqualTo(0));
        // An odd length pads with a zero byte.
        Assert.That(CraftedFrames.Checksum(new byte[] { 0x12, 0x34, 0x56 }), Is.EqualTo(0xffff - (0x1234 + 0x5600)));
    }

    [Test]
    public void WellFormedFramesAreRightAtEveryLayer()
    {
        byte[] ping = CraftedFrames.Ping(Harness, Guest, 7, 1);
        byte[] udp = CraftedFrames.UdpFrame(Harness, Guest, 5000, 7, CraftedFrames.Pattern(100));
        byte[] tcp = CraftedFrames.TcpFrame(Harness, Guest, 40000, 80, 0x01020304, 0, TcpFlags.Syn, ReadOnlySpan<byte>.Empty, options: new byte[] { 2, 4, 0x05, 0xb4 });
        foreach (byte[] frame in new[] { ping, udp, tcp })
        {
            AssertEthernet(frame, Guest, CraftedFrames.Ipv4Type);
            Assert.That(frame[Ip], Is.EqualTo(0x45));
            Assert.That(frame[(Ip + 12)..(Ip + 16)], Is.EqualTo(Harness.Ip));
            Assert.That(frame[(Ip + 16)..(Ip + 20)], Is.EqualTo(Guest.Ip));
            Assert.That(Ipv4ChecksumHolds(frame), Is.True);
            Assert.That(TransportChecksumHolds(frame), Is.True);
            Assert.That(Word(frame, Ip + 2), Is.LessThanOrEqualTo(frame.Length - Ip));
        }
        Assert.That(ping[Transport], Is.EqualTo(8), "echo request");
        Assert.That(Word(udp, Transport + 4), Is.EqualTo(108));
        Assert.That(tcp[Transport + 12] >> 4, Is.EqualTo(6), "20 bytes and a 4-byte option");
        Assert.That(tcp[Transport + 13], Is.EqualTo((byte)TcpFlags.Syn));

        byte[] arp = CraftedFrames.ArpRequest(Harness, Guest.Ip);
        Assert.That(arp[..6], Is.EqualTo(CraftedFrames.Broadcast));
        Assert.That(Word(arp, 12), Is.EqualTo(CraftedFrames.ArpType));
        Assert.That(arp[14..22], Is.EqualTo(Convert.FromHexString("0001080006040001")));
        Assert.That(arp[38..42], Is.EqualTo(Guest.Ip));
        byte[] reply = CraftedFrames.ArpReply(Harness, Guest);
        AssertEthernet(reply, Guest, CraftedFrames.ArpType);
        Assert.That(Word(reply, 20), Is.EqualTo(2));
    }

    [Test]
    public void EachMalformedFrameIsWrongInItsOwnWayOnly()
    {
        Assert.That(CraftedFrames.Runt(Harness, Guest), Has.Length.EqualTo(10));

        byte[] truncated = CraftedFrames.TruncatedIpv4Header(Harness, Guest);
        Assert.That(truncated, Has.Length.EqualTo(CraftedFrames.EthernetHeader + 12));
        Assert.That(Word(truncated, 12), Is.EqualTo(CraftedFrames.Ipv4Type));

        byte[] shortHeader = CraftedFrames.ShortIpv4HeaderLength(Harness, Guest);
        Assert.That(shortHeader[Ip], Is.EqualTo(0x44));
        Assert.That(CraftedFrames.Checksum(shortHeader.AsSpan(Ip, 20)), Is.EqualTo(0), "only the header length is wrong");

        byte[] lying = CraftedFrames.LyingTotalLength(Harness, Guest);
        Assert.That(Word(lying, Ip + 2), Is.GreaterThan(lying.Length - Ip));
        Assert.That(Ipv4ChecksumHolds(lying), Is.True);

        byte[] tcpShort = CraftedFrames.TruncatedTcpHeader(Harness, Guest, 80);
        Assert.That(Word(tcpShort, Ip + 2), Is.EqualTo(28), "8 bytes of TCP");
        Assert.That(Ipv4ChecksumHolds(tcpShort), Is.True);

        byte[] badIp = CraftedFrames.BadIpv4Checksum(Harness, Guest);
        Assert.That(Ipv4ChecksumHolds(badIp), Is.False);
        Assert.That(TransportChecksumHolds(badIp), Is.True);

        foreach (byte[] frame in new[] { CraftedFrames.BadTcpChecksum(Harness, Guest, 80), CraftedFrames.BadUdpChecksum(Harness, Guest, 7), CraftedFrames.BadIcmpChecksum(Harness, Guest) })
        {
            Assert.That(Ipv4ChecksumHolds(frame), Is.True);
            Assert.That(TransportChecksumHolds(frame), Is.False);
        }

        byte[] overrun = CraftedFrames.TcpOptionOverrun(Harness, Guest, 80);
        Assert.That(TransportChecksumHolds(overrun), Is.True);
        int header = (overrun[Transport + 12] >> 4) * 4;
        Assert.That(overrun[Transport + 20], Is.EqualTo(2), "maximum segment size");
        Assert.That(20 + overrun[Transport + 21], Is.GreaterThan(header), "the option runs past the header");

        byte[] offset = CraftedFrames.TcpDataOffsetBeyondSegment(Harness, Guest, 80);
        Assert.That((offset[Transport + 12] >> 4) * 4, Is.GreaterThan(Word(offset, Ip + 2) - 20));
        Assert.That(TransportChecksumHolds(offset), Is.True);
        Assert.That(Ipv4ChecksumHolds(offset), Is.True);
    }

    [Test]
    public void OverlappingFragmentsOverlapWithOtherBytesAndEachIsRightOtherwise()
    {
        List<byte[]> fragments = CraftedFrames.OverlappingFragments(Harness, Guest, id: 0x77);
        Assert.That(fragments, Has.Count.EqualTo(3));
        var pieces = new List<(int Offset, byte[] Data, bool More)>();
        foreach (byte[] frame in fragments)
        {
            AssertEthernet(frame, Guest, CraftedFrames.Ipv4Type);
            Assert.That(Ipv4ChecksumHolds(frame), Is.True);
            Assert.That(Word(frame, Ip + 4), Is.EqualTo(0x77));
            ushort flags = Word(frame, Ip + 6);
            int length = Word(frame, Ip + 2) - 20;
            pieces.Add(((flags & 0x1fff) * 8, frame[Transport..(Transport + length)], (flags & 0x2000) != 0));
        }
        Assert.That(pieces.Select(p => p.More), Is.EqualTo(new[] { true, true, false }));
        Assert.That(pieces[1].Offset, Is.LessThan(pieces[0].Offset + pieces[0].Data.Length), "the second starts inside the first");
        int overlap = pieces[0].Offset + pieces[0].Data.Length - pieces[1].Offset;
        Assert.That(pieces[1].Data[..overlap], Is.Not.EqualTo(pieces[0].Data[pieces[1].Offset..]), "with other bytes");
        // First copy wins: the echo request as built, its checksum right.
        var message = new byte[pieces[2].Offset + pieces[2].Data.Length];
        var have = new bool[message.Length];
        foreach (var piece in pieces)
        {
            for (int i = 0; i < piece.Data.Length; i++)
            {
                if (!have[piece.Offset + i])
                    (message[piece.Offset + i], have[piece.Offset + i]) = (piece.Data[i], true);
            }
        }
        Assert.That(have, Has.All.True, "no hole");
        Assert.That(CraftedFrames.Checksum(message), Is.EqualTo(0));
    }

    [Test]
    public void ASynFloodIsManyRightSynsFromMadeUpSources()
    {
        List<byte[]> flood = CraftedFrames.SynFlood(Harness, Guest, 80, 500, seed: 3);
        Assert.That(flood, Has.Count.EqualTo(500));
        var sources = new HashSet<string>();
        foreach (byte[] frame in flood)
        {
            AssertEthernet(frame, Guest, CraftedFrames.Ipv4Type);
            Assert.That(Ipv4ChecksumHolds(frame) && TransportChecksumHolds(frame), Is.True);
            Assert.That(frame[Transport + 13], Is.EqualTo((byte)TcpFlags.Syn));
            Assert.That(Word(frame, Transport + 2), Is.EqualTo(80));
            byte[] source = frame[(Ip + 12)..(Ip + 16)];
            Assert.That(source[..3], Is.EqualTo(Harness.Ip[..3]));
            Assert.That(source[3], Is.Not.EqualTo(Harness.Ip[3]).And.Not.EqualTo(Guest.Ip[3]));
            sources.Add(Convert.ToHexString(frame, Ip + 12, 4) + Word(frame, Transport));
        }
        Assert.That(sources.Count, Is.GreaterThan(490), "(address, port) pairs nearly all different");
        Assert.That(CraftedFrames.SynFlood(Harness, Guest, 80, 500, seed: 3).Select(Convert.ToHexString), Is.EqualTo(flood.Select(Convert.ToHexString)), "the seed repeats it");
    }
}
