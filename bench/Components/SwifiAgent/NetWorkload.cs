using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // An Ethernet driver (e1000, rtl8139) under inet: an HTTP GET of the
    // plan's URL with wget's client, its length and FNV-1a 64 compared
    // with the plan's. Every wait is bounded (BoundedNetwork): a NIC that
    // silently drops frames gives "timeout" within WaitMs, never a hang.
    // The first round waits (bounded) for inet's DHCP lease.
    public sealed class NetWorkload : Workload
    {
        public const int WaitMs = 3000;
        private const long LeaseWaitMs = 60_000;

        private readonly string _url;
        private readonly long _length;
        private readonly ulong _hash;
        private readonly BoundedNetwork _network = new BoundedNetwork(WaitMs);
        private readonly Fnv1a64Sink _sink = new Fnv1a64Sink();
        private readonly HttpGetter _getter;
        private bool _leased;

        public NetWorkload(string url, long length, ulong hash)
        {
            _url = url;
            _length = length;
            _hash = hash;
            // Its messages are not the agent's to print: the result word says it.
            _getter = new HttpGetter(_network, new OutputBuffer(new Discard())) { Name = "swifi", Quiet = true };
        }

        public override string? Round(int trial, int round)
        {
            if (_url.Length == 0)
                return "net-no-url";
            if (!_leased && !(_leased = WaitForLease()))
                return "net-no-lease";
            _sink.Reset();
            _network.TimedOut = false;
            int status = _getter.Run(_url, new HashTarget(_sink), null);
            if (_network.TimedOut)
                return "timeout";
            if (status != 0)
                return "net-get";
            if (_sink.Total != _length)
                return "net-length:" + _sink.Total.ToString();
            return _sink.Hash != _hash ? "net-fnv:" + _sink.Hash.ToString("x16") : null;
        }

        // Polls /dev/inet until eth0 (interface 1) has an address.
        private static bool WaitForLease()
        {
            long deadline = Lib.Sys.Process.UptimeMs() + LeaseWaitMs;
            while (Lib.Sys.Process.UptimeMs() < deadline)
            {
                int control = Sockets.OpenControl();
                if (control >= 0)
                {
                    int status = Sockets.InterfaceAt(control, 1, out InterfaceBlock block);
                    Sockets.Close(control);
                    if (status >= 0 && block.Address != 0)
                        return true;
                }
                Devices.Sleep(100);
            }
            return false;
        }
    }

    // wget's TCP network with a time limit on the connect and on each
    // receive (poll first); TimedOut says one ran out.
    internal sealed class BoundedNetwork : IHttpNetwork
    {
        private readonly int _waitMs;

        public BoundedNetwork(int waitMs) => _waitMs = waitMs;

        public bool TimedOut { get; set; }

        public IHttpConnection? Connect(string host, int port, out string error)
        {
            error = "";
            int status = Sockets.GetAddressInfo(host, out uint address);
            if (status < 0)
            {
                error = host + ": unknown host";
                return null;
            }
            int fd = Sockets.Socket(SocketType.Stream);
            if (fd < 0)
            {
                error = "socket: " + Sockets.ErrorText(fd);
                return null;
            }
            status = ConnectWithin(fd, address, port);
            if (status < 0)
            {
                Sockets.Close(fd);
                TimedOut |= status == SocketError.TimedOut;
                error = "connect: " + Sockets.ErrorText(status);
                return null;
            }
            return new BoundedConnection(this, fd);
        }

        public string ErrorText(int status) => Sockets.ErrorText(status);

        // Non-blocking connect, then a poll for writable (connected or failed).
        private int ConnectWithin(int fd, uint address, int port)
        {
            int status = Sockets.SetOption(fd, SocketOptionName.NonBlocking, 1);
            if (status < 0)
                return status;
            status = Sockets.Connect(fd, address, port);
            if (status == SocketError.InProgress || status == SocketError.WouldBlock)
            {
                status = Wait(fd, SelectEvents.Writable);
                if (status >= 0)
                {
                    status = Sockets.GetOption(fd, SocketOptionName.Error, out int pending);
                    if (status >= 0 && pending != 0)
                        status = SocketError.IsSocketError(pending) ? pending : SocketError.FromErrno(pending < 0 ? pending : -pending);
                }
            }
            return status < 0 ? status : Sockets.SetOption(fd, SocketOptionName.NonBlocking, 0);
        }

        // 0 when fd is ready for `events` within the limit, else a status
        // (SocketError.TimedOut when the time ran out).
        public int Wait(int fd, short events)
        {
            var poll = new PollEntry[1];
            poll[0].Descriptor = fd;
            poll[0].Requested = events;
            int ready = Files.Poll(poll, _waitMs);
            if (ready == 0)
            {
                TimedOut = true;
                return SocketError.TimedOut;
            }
            return ready < 0 ? ready : 0;
        }
    }

    internal sealed class BoundedConnection : IHttpConnection
    {
        private readonly BoundedNetwork _network;
        private readonly int _fd;

        public BoundedConnection(BoundedNetwork network, int fd)
        {
            _network = network;
            _fd = fd;
        }

        public int Send(ReadOnlySpan<byte> data) => Sockets.SendAll(_fd, data);

        public int Receive(Span<byte> into)
        {
            int status = _network.Wait(_fd, SelectEvents.Readable);
            return status < 0 ? status : Sockets.Receive(_fd, into);
        }

        public void Close() => Sockets.Close(_fd);
    }

    internal sealed class Fnv1a64Sink : IByteSink
    {
        public ulong Hash { get; private set; }
        public long Total { get; private set; }

        public void Reset()
        {
            Hash = 14695981039346656037UL;
            Total = 0;
        }

        public int Write(ReadOnlySpan<byte> data)
        {
            ulong hash = Hash;
            for (int i = 0; i < data.Length; i++)
                hash = (hash ^ data[i]) * 1099511628211UL;
            Hash = hash;
            Total += data.Length;
            return data.Length;
        }
    }

    internal sealed class HashTarget : IHttpTarget
    {
        private readonly Fnv1a64Sink _sink;

        public HashTarget(Fnv1a64Sink sink) => _sink = sink;

        public IByteSink Sink => _sink;
        public string? Open() => null;
        public string? Close() => null;
        public string WriteError(int status) => "checksum: " + status.ToString();
        public void Discard() { }
    }

    internal sealed class Discard : IByteSink
    {
        public int Write(ReadOnlySpan<byte> data) => data.Length;
    }
}
