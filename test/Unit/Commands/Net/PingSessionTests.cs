using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// ping's loop against a simulated network with a simulated clock: the
// clock moves only when ping waits, so the tests also see that ping
// waits on the socket (never spins) and keeps its interval.
public class PingSessionTests
{
    private static readonly uint Gateway = IpAddress.Make(10, 0, 2, 2);

    private sealed class TextSink : IByteSink
    {
        public readonly StringBuilder Text = new StringBuilder();

        public int Write(ReadOnlySpan<byte> data)
        {
            Text.Append(Encoding.UTF8.GetString(data));
            return data.Length;
        }
    }

    // Each request is answered after Delay(sequence) ms (null: never),
    // with the payload Mangle gives back; replies are queued by time.
    private sealed class SimulatedNetwork : IEchoPort
    {
        public long Clock;
        public Func<int, long?> Delay = _ => 3;
        public Func<int, byte[], byte[]> Mangle = (_, payload) => payload;
        public Func<int, uint> From = _ => Gateway;
        public Func<int, int> SendStatus = _ => 0;
        public int Copies = 1;
        public readonly List<(long At, int Sequence)> Sent = new List<(long, int)>();
        public int Waits;
        private readonly List<(long At, uint From, int Sequence, byte[] Payload)> _queue = new List<(long, uint, int, byte[])>();

        public int Send(ReadOnlySpan<byte> payload, int sequence)
        {
            Sent.Add((Clock, sequence));
            int status = SendStatus(sequence);
            if (status < 0)
                return status;
            long? delay = Delay(sequence);
            if (delay != null)
                for (int i = 0; i < Copies; i++)
                    _queue.Add((Clock + delay.Value, From(sequence), sequence, Mangle(sequence, payload.ToArray())));
            return payload.Length;
        }

        public int WaitReadable(int timeoutMs)
        {
            Waits++;
            Assert.That(timeoutMs, Is.GreaterThan(0), "a wait without time is a spin");
            if (_queue.Any(r => r.At <= Clock))
                return 1;
            long next = _queue.Count == 0 ? long.MaxValue : _queue.Min(r => r.At);
            if (next <= Clock + timeoutMs)
            {
                Clock = next;
                return 1;
            }
            Clock += timeoutMs;
            return 0;
        }

        public int Receive(Span<byte> into, out uint address, out int sequence)
        {
            address = 0;
            sequence = 0;
            int index = _queue.FindIndex(r => r.At <= Clock);
            if (index < 0)
                return SocketError.WouldBlock;
            var reply = _queue[index];
            _queue.RemoveAt(index);
            address = reply.From;
            sequence = reply.Sequence;
            int length = Math.Min(reply.Payload.Length, into.Length);
            reply.Payload.AsSpan(0, length).CopyTo(into);
            return length;
        }

        public long Now() => Clock;

        public string ErrorText(int status) => "status " + status;
    }

    private static (int Status, string Out, string Err) Run(SimulatedNetwork network, params string[] arguments)
    {
        var argv = new[] { "ping" }.Concat(arguments).ToArray();
        PingOptions options = PingOptions.Parse(argv);
        Assert.That(options.Error, Is.Null);
        var output = new TextSink();
        var error = new TextSink();
        var session = new PingSession(network, options, Gateway, new OutputBuffer(output), new OutputBuffer(error) { LineBuffered = true });
        int status = session.Run();
        return (status, output.Text.ToString(), error.Text.ToString());
    }

    [Test]
    public void FourRepliesASecondApart()
    {
        var network = new SimulatedNetwork();
        var (status, output, error) = Run(network, "10.0.2.2");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(error, Is.Empty);
        Assert.That(output, Is.EqualTo(
            "PING 10.0.2.2 (10.0.2.2) 56 data bytes\n" +
            "64 bytes from 10.0.2.2: icmp_seq=1 time=3 ms\n" +
            "64 bytes from 10.0.2.2: icmp_seq=2 time=3 ms\n" +
            "64 bytes from 10.0.2.2: icmp_seq=3 time=3 ms\n" +
            "64 bytes from 10.0.2.2: icmp_seq=4 time=3 ms\n" +
            "--- 10.0.2.2 ping statistics ---\n" +
            "4 packets transmitted, 4 received, 0% packet loss\n"));
        Assert.That(network.Sent.Select(s => s.At), Is.EqualTo(new long[] { 0, 1000, 2000, 3000 }), "one request per interval");
        Assert.That(network.Sent.Select(s => s.Sequence), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(network.Clock, Is.EqualTo(3003), "no wait after the last reply");
        Assert.That(network.Waits, Is.LessThanOrEqualTo(8), "two waits per request: the reply, then the rest of the interval");
    }

    [Test]
    public void LostRequestsTimeOutAndCount()
    {
        var network = new SimulatedNetwork { Delay = s => s == 2 || s == 3 ? null : 20 };
        var (status, output, _) = Run(network, "-c", "4", "-i", "200", "-W", "100", "gateway");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(output, Does.StartWith("PING gateway (10.0.2.2) 56 data bytes\n"));
        Assert.That(output, Does.Contain("icmp_seq=1 time=20 ms\n"));
        Assert.That(output, Does.Not.Contain("icmp_seq=2"));
        Assert.That(output, Does.Not.Contain("icmp_seq=3"));
        Assert.That(output, Does.EndWith("--- gateway ping statistics ---\n4 packets transmitted, 2 received, 50% packet loss\n"));
        Assert.That(network.Sent.Select(s => s.At), Is.EqualTo(new long[] { 0, 200, 400, 600 }));
    }

    [Test]
    public void NoReplyAtAllIsStatusOneAfterTheTimeouts()
    {
        var network = new SimulatedNetwork { Delay = _ => null };
        var (status, output, _) = Run(network, "-c", "3", "10.0.2.2");
        Assert.That(status, Is.EqualTo(1));
        Assert.That(output, Does.EndWith("3 packets transmitted, 0 received, 100% packet loss\n"));
        Assert.That(network.Clock, Is.EqualTo(3000), "the last request waited its timeout, then ping ended");
        Assert.That(network.Waits, Is.EqualTo(3), "each wait ran to its timeout in one call");
    }

    [Test]
    public void ACorruptReplyIsReportedAndNotCounted()
    {
        var network = new SimulatedNetwork
        {
            Mangle = (s, payload) =>
            {
                if (s == 1)
                    payload[10] ^= 0x40;
                return payload;
            },
        };
        var (status, output, error) = Run(network, "-c", "2", "-s", "100", "10.0.2.2");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(error, Is.EqualTo("ping: corrupt reply from 10.0.2.2\n"));
        Assert.That(output, Does.Not.Contain("icmp_seq=1 "));
        Assert.That(output, Does.Contain("108 bytes from 10.0.2.2: icmp_seq=2 time=3 ms\n"));
        Assert.That(output, Does.EndWith("2 packets transmitted, 1 received, 50% packet loss\n"));
    }

    [Test]
    public void AReplyOfAnotherLengthOrAnotherRequestsPatternIsCorrupt()
    {
        var shorter = new SimulatedNetwork { Mangle = (_, payload) => payload.Take(payload.Length - 1).ToArray() };
        Assert.That(Run(shorter, "-c", "1", "10.0.2.2").Err, Is.EqualTo("ping: corrupt reply from 10.0.2.2\n"));
        var longer = new SimulatedNetwork { Mangle = (_, payload) => payload.Concat(new byte[] { 0 }).ToArray() };
        Assert.That(Run(longer, "-c", "1", "10.0.2.2").Status, Is.EqualTo(1));
        // Sequence 2's payload answered under sequence 2's number but with
        // the bytes of sequence 1: the pattern depends on the sequence.
        var swapped = new SimulatedNetwork
        {
            Mangle = (s, payload) =>
            {
                var other = new byte[payload.Length];
                PingSession.FillPattern(other, s == 2 ? 1 : s);
                return other;
            },
        };
        var (status, output, error) = Run(swapped, "-c", "2", "-i", "10", "10.0.2.2");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(error, Is.EqualTo("ping: corrupt reply from 10.0.2.2\n"));
        Assert.That(output, Does.EndWith("2 packets transmitted, 1 received, 50% packet loss\n"));
    }

    [Test]
    public void ALateReplyStillCountsWhileWaitingForTheNextRequest()
    {
        var network = new SimulatedNetwork { Delay = s => s == 1 ? 1500 : 5 };
        var (status, output, _) = Run(network, "-c", "2", "-i", "2000", "-W", "1000", "10.0.2.2");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(output, Does.Contain("icmp_seq=1 time=1500 ms\n"));
        Assert.That(output, Does.Contain("icmp_seq=2 time=5 ms\n"));
        Assert.That(output, Does.EndWith("2 packets transmitted, 2 received, 0% packet loss\n"));
        Assert.That(network.Sent[1].At, Is.EqualTo(2000));
    }

    [Test]
    public void DuplicatesAndStrangersAreNotCounted()
    {
        var network = new SimulatedNetwork { Copies = 3 };
        var (_, output, _) = Run(network, "-c", "2", "-i", "50", "10.0.2.2");
        Assert.That(output, Does.EndWith("2 packets transmitted, 2 received, 0% packet loss\n"));
        Assert.That(output.Split('\n').Count(l => l.Contains("icmp_seq=1 ")), Is.EqualTo(1));

        var stranger = new SimulatedNetwork { From = _ => IpAddress.Make(10, 0, 2, 3) };
        var (status, strangerOutput, error) = Run(stranger, "-c", "1", "10.0.2.2");
        Assert.That(status, Is.EqualTo(1));
        Assert.That(error, Is.Empty);
        Assert.That(strangerOutput, Does.EndWith("1 packets transmitted, 0 received, 100% packet loss\n"));
    }

    [Test]
    public void AFailedSendIsReportedAndTheNextOneTried()
    {
        var network = new SimulatedNetwork { SendStatus = s => s == 1 ? SocketError.NetworkUnreachable : 0 };
        var (status, output, error) = Run(network, "-c", "2", "-i", "100", "10.0.2.2");
        Assert.That(status, Is.EqualTo(0));
        Assert.That(error, Is.EqualTo("ping: sendto: status " + SocketError.NetworkUnreachable + "\n"));
        Assert.That(output, Does.EndWith("2 packets transmitted, 1 received, 50% packet loss\n"));
        Assert.That(network.Sent[1].At, Is.EqualTo(100), "the interval holds after a failed send");
    }

    [Test]
    public void LossIsAnIntegerPercentage() =>
        Assert.That(PingSession.Statistics("h", 3, 1), Is.EqualTo("--- h ping statistics ---\n3 packets transmitted, 1 received, 66% packet loss\n"));

    [Test]
    public void Options()
    {
        PingOptions defaults = PingOptions.Parse(new[] { "ping", "host" });
        Assert.That((defaults.Count, defaults.Size, defaults.IntervalMs, defaults.TimeoutMs, defaults.Host, defaults.Error),
                    Is.EqualTo((4, 56, 1000, 1000, "host", (string?)null)));
        PingOptions set = PingOptions.Parse(new[] { "ping", "-c", "2", "-s0", "-i", "250", "-W", "300", "10.0.2.2" });
        Assert.That((set.Count, set.Size, set.IntervalMs, set.TimeoutMs, set.Host, set.Error),
                    Is.EqualTo((2, 0, 250, 300, "10.0.2.2", (string?)null)));
        Assert.That(PingOptions.Parse(new[] { "ping", "-s", "65507", "h" }).Error, Is.Null);
    }

    [TestCase("-c", "0", "h")]
    [TestCase("-c", "x", "h")]
    [TestCase("-c", "65536", "h")]
    [TestCase("-s", "65508", "h")]
    [TestCase("-W", "0", "h")]
    [TestCase("-x", "h")]
    [TestCase("-c")]
    [TestCase("h", "i")]
    public void BadOptions(params string[] arguments) =>
        Assert.That(PingOptions.Parse(new[] { "ping" }.Concat(arguments).ToArray()).Error, Is.Not.Null);

    [Test]
    public void NoArgumentsAtAll() => Assert.That(PingOptions.Parse(new[] { "ping" }).Error, Is.EqualTo("missing host"));
}
