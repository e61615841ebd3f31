using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// nc's command line and its relay between standard input/output and a
// socket, the socket and the peer behind it simulated.
public class NcTests
{
    // Standard input is a list of reads (then end of input, or nothing
    // more for ever when InputEnds is false); the socket a queue of what
    // the peer sent (null: the peer closed). The peer may answer what
    // it gets (Echo) and close once we shut down our side.
    private sealed class SimulatedPeer : INcPort
    {
        public readonly Queue<string> Input = new Queue<string>();
        public bool InputEnds = true;
        public readonly Queue<(string? Data, uint From, int Port)> Arriving = new Queue<(string?, uint, int)>();
        public bool PeerEchoes;
        public bool PeerClosesAfterShutdown;
        public readonly List<(string Data, uint To, int Port)> Sent = new List<(string, uint, int)>();
        public readonly StringBuilder Output = new StringBuilder();
        public int Shutdowns;
        public int InputReads;
        public readonly List<(bool Input, int Timeout)> Waits = new List<(bool, int)>();
        public int ReceiveStatus;
        public int OutputStatus;

        public int Wait(bool input, int timeoutMs, out bool inputReady, out bool socketReady)
        {
            Waits.Add((input, timeoutMs));
            socketReady = Arriving.Count > 0 || ReceiveStatus < 0;
            inputReady = input && (Input.Count > 0 || InputEnds);
            if (socketReady || inputReady)
                return 1;
            Assert.That(timeoutMs, Is.GreaterThan(0), "nc would wait for ever on nothing");
            return 0;
        }

        public int ReadInput(Span<byte> into)
        {
            InputReads++;
            if (Input.Count == 0)
            {
                Assert.That(InputEnds, Is.True, "read of an input that was not ready");
                return 0;
            }
            // A read takes what fits; the rest stays for the next one.
            string chunk = Input.Peek();
            int length = Math.Min(chunk.Length, into.Length);
            Encoding.ASCII.GetBytes(chunk.Substring(0, length)).CopyTo(into);
            if (length == chunk.Length)
                Input.Dequeue();
            else
                ReplaceHead(chunk.Substring(length));
            return length;
        }

        private void ReplaceHead(string rest)
        {
            var others = Input.Skip(1).ToList();
            Input.Clear();
            Input.Enqueue(rest);
            foreach (string other in others)
                Input.Enqueue(other);
        }

        public int WriteOutput(ReadOnlySpan<byte> data)
        {
            if (OutputStatus < 0)
                return OutputStatus;
            Output.Append(Encoding.ASCII.GetString(data));
            return data.Length;
        }

        public int Send(ReadOnlySpan<byte> data, uint address, int port)
        {
            string text = Encoding.ASCII.GetString(data);
            Sent.Add((text, address, port));
            if (PeerEchoes)
                Arriving.Enqueue((text, address, port));
            return data.Length;
        }

        public int Receive(Span<byte> into, out uint address, out int port)
        {
            address = 0;
            port = 0;
            if (ReceiveStatus < 0)
                return ReceiveStatus;
            if (Arriving.Count == 0)
                return SocketError.WouldBlock;
            var (data, from, fromPort) = Arriving.Dequeue();
            address = from;
            port = fromPort;
            if (data == null)
                return 0;
            byte[] bytes = Encoding.ASCII.GetBytes(data);
            bytes.CopyTo(into);
            return bytes.Length;
        }

        public int ShutdownWrite()
        {
            Shutdowns++;
            if (PeerClosesAfterShutdown)
                Arriving.Enqueue((null, 0, 0));
            return 0;
        }
    }

    private static SimulatedPeer Peer(params string[] input)
    {
        var peer = new SimulatedPeer();
        foreach (string chunk in input)
            peer.Input.Enqueue(chunk);
        return peer;
    }

    [Test]
    public void TcpSendsInputShutsDownAndPrintsUntilThePeerCloses()
    {
        SimulatedPeer peer = Peer("hello\n", "world\n");
        peer.PeerEchoes = true;
        peer.PeerClosesAfterShutdown = true;
        var relay = new NcRelay(peer);
        Assert.That(relay.Run(), Is.EqualTo(0));
        Assert.That(peer.Sent.Select(s => s.Data), Is.EqualTo(new[] { "hello\n", "world\n" }));
        Assert.That(peer.Output.ToString(), Is.EqualTo("hello\nworld\n"));
        Assert.That(peer.Shutdowns, Is.EqualTo(1));
        Assert.That(peer.Waits.Last().Input, Is.False, "after end of input only the socket is watched");
    }

    [Test]
    public void TcpKeepsPrintingAfterEndOfInput()
    {
        // The answer comes only after our FIN, the close after it.
        SimulatedPeer peer = Peer("GET\n");
        var scripted = new ScriptAfterShutdown(peer, "answer part 1\n", "answer part 2\n");
        Assert.That(new NcRelay(scripted).Run(), Is.EqualTo(0));
        Assert.That(peer.Output.ToString(), Is.EqualTo("answer part 1\nanswer part 2\n"));
        Assert.That(peer.Sent.Single().Data, Is.EqualTo("GET\n"));
        Assert.That(peer.Shutdowns, Is.EqualTo(1));
    }

    // Delivers its lines, then the close, once the relay shut down its side.
    private sealed class ScriptAfterShutdown : INcPort
    {
        private readonly SimulatedPeer _peer;
        private readonly string[] _lines;

        public ScriptAfterShutdown(SimulatedPeer peer, params string[] lines)
        {
            _peer = peer;
            _lines = lines;
        }

        public int Wait(bool input, int timeoutMs, out bool inputReady, out bool socketReady) => _peer.Wait(input, timeoutMs, out inputReady, out socketReady);
        public int ReadInput(Span<byte> into) => _peer.ReadInput(into);
        public int WriteOutput(ReadOnlySpan<byte> data) => _peer.WriteOutput(data);
        public int Send(ReadOnlySpan<byte> data, uint address, int port) => _peer.Send(data, address, port);
        public int Receive(Span<byte> into, out uint address, out int port) => _peer.Receive(into, out address, out port);

        public int ShutdownWrite()
        {
            foreach (string line in _lines)
                _peer.Arriving.Enqueue((line, 0, 0));
            _peer.Arriving.Enqueue((null, 0, 0));
            return _peer.ShutdownWrite();
        }
    }

    [Test]
    public void ThePeerClosingEndsWithStatusZeroWhileInputIsStillOpen()
    {
        SimulatedPeer peer = Peer();
        peer.InputEnds = false;
        peer.Arriving.Enqueue(("bye\n", 0, 0));
        peer.Arriving.Enqueue((null, 0, 0));
        Assert.That(new NcRelay(peer).Run(), Is.EqualTo(0));
        Assert.That(peer.Output.ToString(), Is.EqualTo("bye\n"));
        Assert.That(peer.Shutdowns, Is.EqualTo(0));
    }

    [Test]
    public void EchoSendsBackAndNeverReadsInput()
    {
        SimulatedPeer peer = Peer("not to be read\n");
        peer.Arriving.Enqueue(("abc", 0, 0));
        peer.Arriving.Enqueue(("defg\n", 0, 0));
        peer.Arriving.Enqueue((null, 0, 0));
        Assert.That(new NcRelay(peer) { Echo = true }.Run(), Is.EqualTo(0));
        Assert.That(peer.Sent.Select(s => s.Data), Is.EqualTo(new[] { "abc", "defg\n" }));
        Assert.That(peer.Output.ToString(), Is.Empty);
        Assert.That(peer.InputReads, Is.EqualTo(0));
        Assert.That(peer.Waits.All(w => !w.Input), Is.True);
    }

    [Test]
    public void UdpSendsADatagramPerLineAndEndsWithTheInput()
    {
        SimulatedPeer peer = Peer("a\nb", "b\ncc", "c");
        var relay = new NcRelay(peer) { Udp = true };
        Assert.That(relay.Run(), Is.EqualTo(0));
        Assert.That(peer.Sent.Select(s => s.Data), Is.EqualTo(new[] { "a\n", "bb\n", "ccc" }), "the last line goes without its newline at the end");
        Assert.That(peer.Sent.All(s => s.To == 0 && s.Port == 0), Is.True, "to the connected peer");
    }

    [Test]
    public void UdpWithAWaitPrintsRepliesUntilQuiet()
    {
        SimulatedPeer peer = Peer("ping\n");
        peer.PeerEchoes = true;
        var relay = new NcRelay(peer) { Udp = true, IdleMs = 3000 };
        Assert.That(relay.Run(), Is.EqualTo(0));
        Assert.That(peer.Output.ToString(), Is.EqualTo("ping\n"));
        Assert.That(peer.Waits.All(w => w.Timeout == 3000), Is.True);
        Assert.That(peer.Waits.Last().Input, Is.False);
    }

    [Test]
    public void AnOverlongUdpLineGoesInPieces()
    {
        string big = new string('x', NcRelay.LineRoom + 10) + "\n";
        SimulatedPeer peer = Peer(big.Substring(0, 5000), big.Substring(5000));
        Assert.That(new NcRelay(peer) { Udp = true }.Run(), Is.EqualTo(0));
        Assert.That(string.Concat(peer.Sent.Select(s => s.Data)), Is.EqualTo(big));
        Assert.That(peer.Sent[0].Data.Length, Is.EqualTo(NcRelay.LineRoom));
    }

    [Test]
    public void UdpListeningEchoesToEachSender()
    {
        uint a = IpAddress.Make(10, 0, 2, 2), b = IpAddress.Make(10, 0, 2, 3);
        SimulatedPeer peer = Peer();
        peer.Arriving.Enqueue(("one", a, 4000));
        peer.Arriving.Enqueue(("two", b, 5000));
        var relay = new NcRelay(peer) { Udp = true, Echo = true, ReplyToSender = true, IdleMs = 1000 };
        Assert.That(relay.Run(), Is.EqualTo(0), "quiet for the idle time ends it");
        Assert.That(peer.Sent, Is.EqualTo(new[] { ("one", a, 4000), ("two", b, 5000) }));
    }

    [Test]
    public void UdpListeningReadsInputOnlyOnceSomeoneSentAndAnswersTheLastSender()
    {
        uint a = IpAddress.Make(10, 0, 2, 2);
        SimulatedPeer peer = Peer("reply\n");
        peer.Arriving.Enqueue(("hello\n", a, 4000));
        var relay = new NcRelay(peer) { Udp = true, ReplyToSender = true };
        Assert.That(relay.Run(), Is.EqualTo(0));
        Assert.That(peer.Waits[0].Input, Is.False, "no peer yet: input waits");
        Assert.That(peer.Output.ToString(), Is.EqualTo("hello\n"));
        Assert.That(peer.Sent, Is.EqualTo(new[] { ("reply\n", a, 4000) }));
    }

    [Test]
    public void FailuresEndWithStatusOneAndSayWhere()
    {
        SimulatedPeer reset = Peer();
        reset.InputEnds = false;
        reset.ReceiveStatus = SocketError.ConnectionReset;
        var relay = new NcRelay(reset);
        Assert.That(relay.Run(), Is.EqualTo(1));
        Assert.That((relay.FailedCall, relay.FailedStatus), Is.EqualTo(("recv", SocketError.ConnectionReset)));

        SimulatedPeer full = Peer();
        full.InputEnds = false;
        full.Arriving.Enqueue(("data", 0, 0));
        full.OutputStatus = -28;
        var writer = new NcRelay(full);
        Assert.That(writer.Run(), Is.EqualTo(1));
        Assert.That((writer.FailedCall, writer.FailedStatus), Is.EqualTo(("write", -28)));
    }

    [Test]
    public void IdleTcpEndsAfterTheWait()
    {
        SimulatedPeer peer = Peer();
        peer.InputEnds = false;
        Assert.That(new NcRelay(peer) { IdleMs = 2000 }.Run(), Is.EqualTo(0));
        Assert.That(peer.Waits, Is.EqualTo(new[] { (true, 2000) }));
    }

    private static NcOptions Parse(params string[] arguments) => NcOptions.Parse(new[] { "nc" }.Concat(arguments).ToArray());

    [Test]
    public void CommandLines()
    {
        NcOptions connect = Parse("10.0.2.2", "80");
        Assert.That((connect.Error, connect.Listen, connect.Udp, connect.Host, connect.Port), Is.EqualTo(((string?)null, false, false, "10.0.2.2", 80)));
        NcOptions listen = Parse("-l", "-p", "8080");
        Assert.That((listen.Error, listen.Listen, listen.Port, listen.Host), Is.EqualTo(((string?)null, true, 8080, "")));
        NcOptions bare = Parse("-l", "8080");
        Assert.That((bare.Error, bare.Port), Is.EqualTo(((string?)null, 8080)));
        NcOptions udpEcho = Parse("-ul", "-p7", "--echo", "-w", "5");
        Assert.That((udpEcho.Error, udpEcho.Udp, udpEcho.Listen, udpEcho.Echo, udpEcho.Port, udpEcho.WaitSeconds),
                    Is.EqualTo(((string?)null, true, true, true, 7, 5)));
        NcOptions source = Parse("-u", "-p", "4000", "-w3", "host", "7");
        Assert.That((source.Error, source.LocalPort, source.Port, source.WaitSeconds, source.Host), Is.EqualTo(((string?)null, 4000, 7, 3, "host")));
        NcOptions bound = Parse("-l", "10.0.2.15", "9");
        Assert.That((bound.Error, bound.Host, bound.Port), Is.EqualTo(((string?)null, "10.0.2.15", 9)));
    }

    [TestCase("--echo", "host", "7")]
    [TestCase("-l")]
    [TestCase("-l", "-p", "80", "81")]
    [TestCase("host")]
    [TestCase("host", "0")]
    [TestCase("host", "65536")]
    [TestCase("host", "http")]
    [TestCase("-p")]
    [TestCase("-w", "0", "host", "7")]
    [TestCase("-x", "host", "7")]
    [TestCase("a", "b", "c")]
    public void BadCommandLines(params string[] arguments) =>
        Assert.That(Parse(arguments).Error, Is.Not.Null);
}
