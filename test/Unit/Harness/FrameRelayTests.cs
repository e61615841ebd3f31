using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Harness;

// The frame relay with fake guests: sockets that speak QEMU's stream
// framing to it, as QEMU's -netdev stream does.
public class FrameRelayTests
{
    // A fake guest: connects like QEMU, sends and reads framed frames.
    private sealed class FakeGuest : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        private readonly NetworkStream _stream;

        public FakeGuest(string path)
        {
            _socket.Connect(new UnixDomainSocketEndPoint(path));
            _socket.ReceiveTimeout = 5000;
            _stream = new NetworkStream(_socket);
        }

        public void Send(byte[] frame) => _socket.Send(StreamFraming.Encode(frame));

        public void SendRaw(byte[] bytes) => _socket.Send(bytes);

        public byte[] Receive() => StreamFraming.Read(_stream) ?? throw new IOException("the relay closed");

        // What arrives within `quiet` of the previous frame.
        public List<byte[]> ReceiveUntilQuiet(TimeSpan quiet)
        {
            var frames = new List<byte[]>();
            _socket.ReceiveTimeout = (int)quiet.TotalMilliseconds;
            try
            {
                while (true)
                    frames.Add(Receive());
            }
            catch (IOException)
            {
            }
            _socket.ReceiveTimeout = 5000;
            return frames;
        }

        public void Dispose()
        {
            _stream.Dispose();
            _socket.Dispose();
        }
    }

    private static byte[] Mac(int n) => new byte[] { 0x52, 0x54, 0, 0, (byte)(n >> 8), (byte)n };

    // A frame from `from` to `to` whose payload begins with its number.
    private static byte[] Numbered(byte[] to, byte[] from, int number, int length = 100)
    {
        var payload = new byte[length - CraftedFrames.EthernetHeader];
        BinaryPrimitives.WriteInt32BigEndian(payload, number);
        for (int i = 4; i < payload.Length; i++)
            payload[i] = (byte)(number + i);
        return CraftedFrames.Ethernet(to, from, 0x88b5, payload);
    }

    private static (FrameRelay Relay, FakeGuest A, FakeGuest B) Pair(int seed = 1, LinkFaults? faults = null)
    {
        var relay = FrameRelay.Start(2, seed, faults);
        var a = new FakeGuest(relay.SocketPath(0));
        var b = new FakeGuest(relay.SocketPath(1));
        Assert.That(relay.WaitForConnections(TimeSpan.FromSeconds(5)), Is.True);
        return (relay, a, b);
    }

    [Test]
    public void TheFramingIsAFourByteBigEndianLengthThenTheFrame()
    {
        byte[] encoded = StreamFraming.Encode(new byte[] { 1, 2, 3 });
        Assert.That(encoded, Is.EqualTo(new byte[] { 0, 0, 0, 3, 1, 2, 3 }));
        Assert.That(StreamFraming.Encode(new byte[0x1234])[..4], Is.EqualTo(new byte[] { 0, 0, 0x12, 0x34 }));
        var stream = new MemoryStream(encoded.Concat(StreamFraming.Encode(new byte[] { 9 })).ToArray());
        Assert.That(StreamFraming.Read(stream), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(StreamFraming.Read(stream), Is.EqualTo(new byte[] { 9 }));
        Assert.That(StreamFraming.Read(stream), Is.Null, "a clean end between frames");
        Assert.Throws<IOException>(() => StreamFraming.Read(new MemoryStream(new byte[] { 0, 0 })), "an end inside the length");
        Assert.Throws<IOException>(() => StreamFraming.Read(new MemoryStream(new byte[] { 0, 0, 0, 5, 1 })), "an end inside the frame");
        Assert.Throws<IOException>(() => StreamFraming.Read(new MemoryStream(new byte[] { 0x7f, 0, 0, 0 })), "a length no frame has");
        Assert.Throws<ArgumentException>(() => StreamFraming.Encode(new byte[StreamFraming.MaxFrame + 1]));
    }

    [Test]
    public void FramesGoBothWaysUnchanged()
    {
        var (relay, a, b) = Pair();
        using (relay)
        using (a)
        using (b)
        {
            byte[] there = Numbered(Mac(2), Mac(1), 1), back = Numbered(Mac(1), Mac(2), 2, length: 1514);
            a.Send(there);
            Assert.That(b.Receive(), Is.EqualTo(there));
            b.Send(back);
            Assert.That(a.Receive(), Is.EqualTo(back));
            Assert.That(relay.WaitUntil(c => c.Delivered == 2, TimeSpan.FromSeconds(5)), Is.True);
            Assert.That(relay.Counts, Is.EqualTo(new RelayCounts(Received: 2, Delivered: 2, 0, 0, 0, 0, 0, 0)));
        }
    }

    [Test]
    public void ItSwitchesByLearntAddressesAndFloodsTheRest()
    {
        using var relay = FrameRelay.Start(3);
        using var a = new FakeGuest(relay.SocketPath(0));
        using var b = new FakeGuest(relay.SocketPath(1));
        using var c = new FakeGuest(relay.SocketPath(2));
        Assert.That(relay.WaitForConnections(TimeSpan.FromSeconds(5)), Is.True);
        // Nobody is learnt yet: a broadcast from B reaches A and C.
        byte[] hello = Numbered(CraftedFrames.Broadcast, Mac(2), 1);
        b.Send(hello);
        Assert.That(a.Receive(), Is.EqualTo(hello));
        Assert.That(c.Receive(), Is.EqualTo(hello));
        // B is learnt behind port 1: A's unicast to B goes to B alone.
        byte[] toB = Numbered(Mac(2), Mac(1), 2);
        a.Send(toB);
        Assert.That(b.Receive(), Is.EqualTo(toB));
        Assert.That(c.ReceiveUntilQuiet(TimeSpan.FromMilliseconds(200)), Is.Empty);
    }

    [Test]
    public void InjectedFramesArriveAsGivenAndAreCounted()
    {
        var (relay, a, b) = Pair();
        using (relay)
        using (a)
        using (b)
        {
            byte[] crafted = CraftedFrames.BadTcpChecksum(Station.Of("52:54:00:00:00:09", "10.0.2.9"), Station.Of("52:54:00:00:00:02", "10.0.2.2"), 80);
            Assert.That(relay.Inject(1, crafted), Is.True);
            Assert.That(b.Receive(), Is.EqualTo(crafted));
            Assert.That(relay.Counts.Injected, Is.EqualTo(1));
            Assert.That(a.ReceiveUntilQuiet(TimeSpan.FromMilliseconds(100)), Is.Empty, "to that guest only");
        }
    }

    [Test]
    public void AFrameForAGuestNotConnectedIsCountedUndeliverable()
    {
        using var relay = FrameRelay.Start(2);
        using var a = new FakeGuest(relay.SocketPath(0));
        a.Send(Numbered(Mac(2), Mac(1), 1));
        Assert.That(relay.WaitUntil(c => c.Undeliverable == 1, TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(relay.Inject(1, Numbered(Mac(2), Mac(1), 2)), Is.False);
    }

    [Test]
    public void AGuestThatBreaksTheFramingIsDisconnectedAndMayComeBack()
    {
        var (relay, a, b) = Pair();
        using (relay)
        using (b)
        {
            a.SendRaw(new byte[] { 0x7f, 0xff, 0xff, 0xff });
            Assert.That(SpinWait.SpinUntil(() => !relay.IsConnected(0), 5000), Is.True);
            a.Dispose();
            using var again = new FakeGuest(relay.SocketPath(0));
            Assert.That(relay.WaitForConnections(TimeSpan.FromSeconds(5)), Is.True);
            byte[] frame = Numbered(Mac(1), Mac(2), 3);
            b.Send(frame);
            Assert.That(again.Receive(), Is.EqualTo(frame));
        }
    }

    // 2,000 numbered frames from A through 10% of each fault: what B gets
    // is what the counts say, faults near their rates, a corrupted frame
    // differs from its original in one bit after the Ethernet header, and
    // a held frame arrives after a later one.
    private static (RelayCounts Counts, List<byte[]> Arrived) LossyRun(int seed, out Dictionary<int, byte[]> sent)
    {
        var faults = new LinkFaults(Drop: 0.1, Corrupt: 0.1, Duplicate: 0.1, Reorder: 0.1);
        var (relay, a, b) = Pair(seed, faults);
        sent = new Dictionary<int, byte[]>();
        using (relay)
        using (a)
        using (b)
        {
            var arrived = new List<byte[]>();
            var reader = new Thread(() => arrived.AddRange(b.ReceiveUntilQuiet(TimeSpan.FromSeconds(1)))) { IsBackground = true };
            reader.Start();
            for (int i = 0; i < 2000; i++)
            {
                byte[] frame = Numbered(Mac(2), Mac(1), i, length: 60 + i % 200);
                sent[i] = (byte[])frame.Clone();
                a.Send(frame);
            }
            reader.Join();
            return (relay.Counts, arrived);
        }
    }

    [Test]
    public void FaultsHappenAtTheirRatesAndTheCountsAddUp()
    {
        var (counts, arrived) = LossyRun(seed: 42, out var sent);
        Assert.That(counts.Received, Is.EqualTo(2000));
        foreach (long n in new[] { counts.Dropped, counts.Corrupted, counts.Duplicated, counts.Reordered })
            Assert.That(n, Is.InRange(120, 300), "10% of 2,000 within a wide margin");
        Assert.That(counts.Delivered, Is.EqualTo(2000 - counts.Dropped + counts.Duplicated));
        Assert.That(arrived, Has.Count.EqualTo(counts.Delivered));
        // Corruption: one bit, after the header; the frame number sits in
        // the payload, so count flipped bits against every candidate.
        int corrupted = 0, inversions = 0, highest = -1;
        var numbers = new HashSet<int>();
        foreach (byte[] frame in arrived)
        {
            int number = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(CraftedFrames.EthernetHeader));
            if (!sent.TryGetValue(number, out byte[]? original) || original.Length != frame.Length)
            {
                // The flipped bit was in the number itself: find the original by one bit.
                original = sent.Values.First(s => s.Length == frame.Length && Bits(s, frame) == 1);
                number = BinaryPrimitives.ReadInt32BigEndian(original.AsSpan(CraftedFrames.EthernetHeader));
            }
            int bits = Bits(original, frame);
            Assert.That(bits, Is.LessThanOrEqualTo(1));
            Assert.That(frame[..CraftedFrames.EthernetHeader], Is.EqualTo(original[..CraftedFrames.EthernetHeader]));
            // A duplicate is the same frame again (corrupted or not, held or not).
            if (!numbers.Add(number))
                continue;
            if (bits == 1)
                corrupted++;
            if (number < highest)
                inversions++;
            highest = Math.Max(highest, number);
        }
        Assert.That(corrupted, Is.EqualTo(counts.Corrupted));
        Assert.That(numbers.Count, Is.EqualTo(2000 - counts.Dropped), "every frame not dropped arrives");
        Assert.That(inversions, Is.GreaterThan(0).And.LessThanOrEqualTo(counts.Reordered));
    }

    [Test]
    public void TheSameSeedMakesTheSameFaults()
    {
        var (first, firstArrived) = LossyRun(seed: 7, out _);
        var (second, secondArrived) = LossyRun(seed: 7, out _);
        var (other, _) = LossyRun(seed: 8, out _);
        Assert.That(second, Is.EqualTo(first));
        // The same frames arrive (a held frame's place may differ with timing).
        Assert.That(secondArrived.Select(Convert.ToHexString).OrderBy(s => s), Is.EqualTo(firstArrived.Select(Convert.ToHexString).OrderBy(s => s)));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    // One direction lossy, the other clean; the counts per guest.
    [Test]
    public void FaultsMayHoldForOneDirectionOnly()
    {
        var (relay, a, b) = Pair();
        using (relay)
        using (a)
        using (b)
        {
            relay.SetFaultsFrom(0, new LinkFaults(Drop: 1));
            a.Send(Numbered(Mac(2), Mac(1), 1));
            byte[] back = Numbered(Mac(1), Mac(2), 2);
            b.Send(back);
            Assert.That(a.Receive(), Is.EqualTo(back));
            Assert.That(b.ReceiveUntilQuiet(TimeSpan.FromMilliseconds(200)), Is.Empty);
            Assert.That(relay.Counts.Dropped, Is.EqualTo(1));
            Assert.That((relay.ReceivedFrom(0), relay.ReceivedFrom(1)), Is.EqualTo((1L, 1L)));
            relay.SetFaultsFrom(0, null);
            byte[] again = Numbered(Mac(2), Mac(1), 3);
            a.Send(again);
            Assert.That(b.Receive(), Is.EqualTo(again));
        }
    }

    [Test]
    public void ACaptureFileHoldsEveryFrameInPcapFormat()
    {
        string capture = Path.Combine(Path.GetTempPath(), $"minix3-relay-{Guid.NewGuid():N}.pcap");
        try
        {
            using (var relay = FrameRelay.Start(2, capture: capture))
            {
                using var a = new FakeGuest(relay.SocketPath(0));
                using var b = new FakeGuest(relay.SocketPath(1));
                relay.WaitForConnections(TimeSpan.FromSeconds(5));
                a.Send(Numbered(Mac(2), Mac(1), 1, length: 64));
                b.Receive();
                relay.Inject(0, Numbered(Mac(1), Mac(9), 2, length: 70));
                a.Receive();
            }
            byte[] file = File.ReadAllBytes(capture);
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file), Is.EqualTo(0xa1b2c3d4));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)), Is.EqualTo(1), "Ethernet");
            Assert.That(file, Has.Length.EqualTo(24 + 16 + 64 + 16 + 70));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24 + 8)), Is.EqualTo(64));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(24 + 16 + 64 + 8)), Is.EqualTo(70));
        }
        finally
        {
            File.Delete(capture);
        }
    }

    private static int Bits(byte[] x, byte[] y)
    {
        int bits = 0;
        for (int i = 0; i < x.Length; i++)
            bits += System.Numerics.BitOperations.PopCount((uint)(x[i] ^ y[i]));
        return bits;
    }
}
