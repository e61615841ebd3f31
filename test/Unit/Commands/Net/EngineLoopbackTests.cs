using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using Minix3.Cosmos.Servers.Inet.Stack;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// ping's loop and nc's relay over inet's real protocol engine (its
// loopback interface, 127.0.0.1), the socket calls made on the engine as
// the inet server makes them: real echo requests and replies, real TCP
// handshake, data, FIN in both directions. The clock is the test's; a
// wait with nothing ready moves it on and ticks the engine's timers.
public class EngineLoopbackTests
{
    private const long Start = 1_000_000;

    // The engine's negated errno as the user library returns it.
    private static int Status(int result) => result < 0 ? SocketError.FromErrno(result) : result;

    private sealed class TextSink : IByteSink
    {
        public readonly StringBuilder Text = new StringBuilder();

        public int Write(ReadOnlySpan<byte> data)
        {
            Text.Append(Encoding.ASCII.GetString(data));
            return data.Length;
        }
    }

    private sealed class EngineEcho : IEchoPort
    {
        private readonly NetStack _stack;
        private readonly int _handle;
        public long Clock = Start;

        public EngineEcho(NetStack stack)
        {
            _stack = stack;
            _handle = stack.Open(SocketKind.Icmp);
            Assert.That(_handle, Is.GreaterThanOrEqualTo(0));
        }

        public int Send(ReadOnlySpan<byte> payload, int sequence) => Status(_stack.SendTo(_handle, payload, IpAddress.Loopback, sequence, Clock));

        public int WaitReadable(int timeoutMs)
        {
            if ((_stack.Poll(_handle) & SocketReady.Readable) != 0)
                return 1;
            Clock += timeoutMs;
            _stack.Tick(Clock);
            return (_stack.Poll(_handle) & SocketReady.Readable) != 0 ? 1 : 0;
        }

        public int Receive(Span<byte> into, out uint address, out int sequence) =>
            Status(_stack.ReceiveFrom(_handle, into, out address, out sequence));

        public long Now() => Clock;

        public string ErrorText(int status) => "status " + status;
    }

    [Test]
    public void PingOfTheLoopbackGetsEveryReply()
    {
        var stack = new NetStack(seed: 7);
        var port = new EngineEcho(stack);
        PingOptions options = PingOptions.Parse(new[] { "ping", "-c", "3", "-s", "1000", "-i", "100", "localhost" });
        var output = new TextSink();
        var error = new TextSink();
        int status = new PingSession(port, options, IpAddress.Loopback, new OutputBuffer(output), new OutputBuffer(error)).Run();
        Assert.That(error.Text.ToString(), Is.Empty);
        Assert.That(status, Is.EqualTo(0));
        Assert.That(output.Text.ToString(), Is.EqualTo(
            "PING localhost (127.0.0.1) 1000 data bytes\n" +
            "1008 bytes from 127.0.0.1: icmp_seq=1 time=0 ms\n" +
            "1008 bytes from 127.0.0.1: icmp_seq=2 time=0 ms\n" +
            "1008 bytes from 127.0.0.1: icmp_seq=3 time=0 ms\n" +
            "--- localhost ping statistics ---\n" +
            "3 packets transmitted, 3 received, 0% packet loss\n"));
        Assert.That(port.Clock - Start, Is.EqualTo(200), "two intervals; the last reply ended the run");
    }

    // The relay's socket is a client connected (TCP) to a server socket
    // the test plays: it echoes what it gets, in capitals, and closes
    // when the client's FIN comes. UDP: the test sends from its own socket.
    private sealed class EngineNc : INcPort
    {
        private readonly NetStack _stack;
        private readonly bool _udp;
        public readonly int Client;
        public int Server = -1;
        private int _listener = -1;
        private bool _serverClosed;
        public long Clock = Start;
        public readonly Queue<string> Input = new Queue<string>();
        public readonly StringBuilder Output = new StringBuilder();
        public readonly StringBuilder ServerGot = new StringBuilder();
        public int IdleWaits;

        public EngineNc(NetStack stack, bool udp, int client)
        {
            _stack = stack;
            _udp = udp;
            Client = client;
        }

        public static EngineNc Tcp(NetStack stack, int serverPort)
        {
            int listener = stack.Open(SocketKind.Tcp);
            Assert.That(stack.Bind(listener, IpAddress.Loopback, serverPort), Is.EqualTo(0));
            Assert.That(stack.Listen(listener, 1), Is.EqualTo(0));
            int client = stack.Open(SocketKind.Tcp);
            int connect = stack.Connect(client, IpAddress.Loopback, serverPort, Start);
            Assert.That(connect == 0 || connect == NetError.InProgress, Is.True, "connect: " + connect);
            Assert.That(stack.State(client), Is.EqualTo(TcpState.Established), "the handshake ran over the loopback");
            return new EngineNc(stack, udp: false, client) { _listener = listener };
        }

        // The server: accept, answer what came in capitals, close on FIN.
        private void Serve()
        {
            if (_udp)
                return;
            if (Server < 0)
            {
                int accepted = _stack.Accept(_listener, out _, out _);
                if (accepted < 0)
                    return;
                Server = accepted;
            }
            if (_serverClosed)
                return;
            var buffer = new byte[4096];
            while (true)
            {
                int got = _stack.Receive(Server, buffer, Clock);
                if (got == NetError.WouldBlock)
                    return;
                if (got <= 0)
                {
                    _stack.Close(Server, Clock);
                    _serverClosed = true;
                    return;
                }
                string text = Encoding.ASCII.GetString(buffer, 0, got);
                ServerGot.Append(text);
                Assert.That(_stack.Send(Server, Encoding.ASCII.GetBytes(text.ToUpperInvariant()), Clock), Is.EqualTo(got));
            }
        }

        public int Wait(bool input, int timeoutMs, out bool inputReady, out bool socketReady)
        {
            for (int round = 0; round < 50; round++)
            {
                Serve();
                socketReady = (_stack.Poll(Client) & (SocketReady.Readable | SocketReady.HangUp | SocketReady.Error)) != 0;
                inputReady = input;   // standard input is a file here: always ready
                if (socketReady || inputReady)
                    return 1;
                // Nothing yet: time passes (delayed ACKs, retransmissions).
                Clock += 50;
                _stack.Tick(Clock);
                if (timeoutMs > 0 && round * 50 >= timeoutMs)
                    break;
            }
            IdleWaits++;
            Assert.That(timeoutMs, Is.GreaterThan(0), "nc would wait for ever on a connection that does nothing");
            inputReady = socketReady = false;
            return 0;
        }

        private string _current = "";

        // A read takes what fits; the rest of that piece stays for the next.
        public int ReadInput(Span<byte> into)
        {
            if (_current.Length == 0 && Input.Count > 0)
                _current = Input.Dequeue();
            int length = Math.Min(_current.Length, into.Length);
            Encoding.ASCII.GetBytes(_current.Substring(0, length)).CopyTo(into);
            _current = _current.Substring(length);
            return length;
        }

        public int WriteOutput(ReadOnlySpan<byte> data)
        {
            Output.Append(Encoding.ASCII.GetString(data));
            return data.Length;
        }

        public int Send(ReadOnlySpan<byte> data, uint address, int port)
        {
            if (_udp)
                return Status(address == 0 && port == 0 ? _stack.Send(Client, data, Clock) : _stack.SendTo(Client, data, address, port, Clock));
            int done = 0;
            while (done < data.Length)
            {
                int sent = _stack.Send(Client, data.Slice(done), Clock);
                if (sent < 0)
                    return Status(sent);
                done += sent;
            }
            return done;
        }

        public int Receive(Span<byte> into, out uint address, out int port)
        {
            address = 0;
            port = 0;
            return Status(_udp ? _stack.ReceiveFrom(Client, into, out address, out port) : _stack.Receive(Client, into, Clock));
        }

        public int ShutdownWrite() => Status(_stack.Shutdown(Client, ShutdownHow.Write, Clock));
    }

    [Test]
    public void NcOverTcpSendsEverythingShutsDownAndPrintsTheAnswerUntilTheServerCloses()
    {
        var stack = new NetStack(seed: 11);
        EngineNc port = EngineNc.Tcp(stack, 7000);
        port.Input.Enqueue("hello\n");
        port.Input.Enqueue(new string('x', 20000) + "\n");
        port.Input.Enqueue("bye\n");
        Assert.That(new NcRelay(port).Run(), Is.EqualTo(0));
        string sent = "hello\n" + new string('x', 20000) + "\nbye\n";
        Assert.That(port.ServerGot.ToString(), Is.EqualTo(sent));
        Assert.That(port.Output.ToString(), Is.EqualTo(sent.ToUpperInvariant()), "every byte back before the close");
        Assert.That(stack.State(port.Client), Is.Not.EqualTo(TcpState.Established), "both sides sent their FIN");
    }

    [Test]
    public void NcListeningOverUdpEchoesEachDatagramToItsSender()
    {
        var stack = new NetStack(seed: 13);
        int listening = stack.Open(SocketKind.Udp);
        Assert.That(stack.Bind(listening, 0, 7), Is.EqualTo(0));
        int peer = stack.Open(SocketKind.Udp);
        Assert.That(stack.Bind(peer, IpAddress.Loopback, 4444), Is.EqualTo(0));
        Assert.That(stack.SendTo(peer, Encoding.ASCII.GetBytes("one\n"), IpAddress.Loopback, 7, Start), Is.EqualTo(4));
        Assert.That(stack.SendTo(peer, Encoding.ASCII.GetBytes("two\n"), IpAddress.Loopback, 7, Start), Is.EqualTo(4));
        var port = new EngineNc(stack, udp: true, listening);
        var relay = new NcRelay(port) { Udp = true, Echo = true, ReplyToSender = true, IdleMs = 1000 };
        Assert.That(relay.Run(), Is.EqualTo(0), "quiet for a second ends it");
        var back = new List<string>();
        var buffer = new byte[100];
        int got;
        while ((got = stack.ReceiveFrom(peer, buffer, out uint from, out int fromPort)) > 0)
        {
            Assert.That((from, fromPort), Is.EqualTo((IpAddress.Loopback, 7)));
            back.Add(Encoding.ASCII.GetString(buffer, 0, got));
        }
        Assert.That(back, Is.EqualTo(new[] { "one\n", "two\n" }));
        Assert.That(port.IdleWaits, Is.EqualTo(1));
    }
}
