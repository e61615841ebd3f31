using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Minix3.Cosmos.Testing.Network;

// What the relay does to the frames it forwards, each a probability per
// frame from 0 to 1: drop it, flip one bit after its Ethernet header
// (IPv4, TCP and UDP checksums see it; the addresses stay, so it still
// arrives), send it twice, or hold it back until the next frame from the
// same guest has gone (or HoldMilliseconds have passed).
internal sealed record LinkFaults(double Drop = 0, double Corrupt = 0, double Duplicate = 0, double Reorder = 0)
{
    public static readonly LinkFaults None = new();

    public const int HoldMilliseconds = 20;
}

// What the relay did so far. Received counts frames from guests;
// Delivered, frames written to guests (duplicates and injected ones too);
// Undeliverable, frames for a guest not connected (yet).
internal sealed record RelayCounts(long Received, long Delivered, long Dropped, long Corrupted, long Duplicated, long Reordered, long Injected, long Undeliverable);

// The "bad network" between guests: listens on one unix socket per guest
// (QEMU connects with -netdev stream; see the launcher's --net-socket and
// GuestNetwork.FrameSocket), and relays Ethernet frames between them as a
// learning switch (a frame for a MAC address seen behind a port goes
// there; broadcasts and unknown addresses go to every other port), after
// the LinkFaults. Each guest's frames draw from their own random
// generator, seeded from `seed` and the port, the same number of draws per
// frame: with the same frames from a guest, the same faults happen to
// them, whatever the other guest does at the same time. Inject writes a
// crafted frame (CraftedFrames) to a guest as if another had sent it.
internal sealed class FrameRelay : IDisposable
{
    private readonly Port[] _ports;
    private readonly Dictionary<string, int> _learned = new();
    private readonly Timer _holdTimer;
    private readonly PcapWriter? _capture;
    private volatile LinkFaults _faults;
    private long _received, _delivered, _dropped, _corrupted, _duplicated, _reordered, _injected, _undeliverable;
    private bool _disposed;

    private FrameRelay(string directory, int ports, int seed, LinkFaults faults, string? capture)
    {
        Directory = directory;
        _faults = faults;
        _capture = capture == null ? null : new PcapWriter(capture);
        _ports = new Port[ports];
        for (int i = 0; i < ports; i++)
            _ports[i] = new Port(this, i, Path.Combine(directory, $"g{i}.sock"), seed * 7919 + i);
        _holdTimer = new Timer(_ => ReleaseOldHeldFrames(), null, 5, 5);
    }

    // Listens at once on `ports` sockets in a new directory under /tmp
    // (unix socket paths must stay short); `capture`: a pcap file that
    // gets every frame received and injected, before faults.
    public static FrameRelay Start(int ports = 2, int seed = 1, LinkFaults? faults = null, string? capture = null)
    {
        if (ports < 1)
            throw new ArgumentOutOfRangeException(nameof(ports));
        string directory = Path.Combine("/tmp", "m3relay-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var relay = new FrameRelay(directory, ports, seed, faults ?? LinkFaults.None, capture);
        foreach (Port port in relay._ports)
            port.Listen();
        return relay;
    }

    public string Directory { get; }

    public int PortCount => _ports.Length;

    // Where guest `port` connects (GuestNetwork.FrameSocket).
    public string SocketPath(int port) => _ports[port].Path;

    // May change while frames flow (e.g. no faults during a guest's start).
    public LinkFaults Faults
    {
        get => _faults;
        set => _faults = value;
    }

    public bool IsConnected(int port) => _ports[port].Connected;

    // Called with each frame as it arrives from a guest (port, frame),
    // before faults; on the port's reading thread.
    public Action<int, byte[]>? Observer { get; set; }

    public RelayCounts Counts => new(
        Interlocked.Read(ref _received), Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _corrupted), Interlocked.Read(ref _duplicated), Interlocked.Read(ref _reordered),
        Interlocked.Read(ref _injected), Interlocked.Read(ref _undeliverable));

    // Polls until `condition` holds on the counts; false at the timeout.
    public bool WaitUntil(Func<RelayCounts, bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition(Counts))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }

    public bool WaitForConnections(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (Array.Exists(_ports, p => !p.Connected))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Thread.Sleep(10);
        }
        return true;
    }

    // Sends `frame` to guest `port` as is (no faults); false when that
    // guest is not connected.
    public bool Inject(int port, byte[] frame)
    {
        _capture?.Write(frame);
        Interlocked.Increment(ref _injected);
        return _ports[port].Send(frame);
    }

    public void Dispose()
    {
        lock (_ports)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _holdTimer.Dispose();
        foreach (Port port in _ports)
            port.Close();
        _capture?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // One guest's frame: faults, then the switch.
    private void Arrived(Port from, byte[] frame)
    {
        Interlocked.Increment(ref _received);
        _capture?.Write(frame);
        Observer?.Invoke(from.Index, frame);
        LinkFaults faults = _faults;
        byte[]? release = null;
        lock (from.FaultLock)
        {
            Random random = from.Random;
            // Always the same draws, whatever happens, so the faults a
            // guest's n-th frame meets do not depend on the earlier ones'.
            double drop = random.NextDouble(), corrupt = random.NextDouble(), duplicate = random.NextDouble(), reorder = random.NextDouble();
            int bit = random.Next();
            if (drop < faults.Drop)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            if (corrupt < faults.Corrupt && frame.Length > CraftedFrames.EthernetHeader)
            {
                int offset = CraftedFrames.EthernetHeader + bit % ((frame.Length - CraftedFrames.EthernetHeader) * 8) / 8;
                frame[offset] ^= (byte)(1 << (bit & 7));
                Interlocked.Increment(ref _corrupted);
            }
            int copies = duplicate < faults.Duplicate ? 2 : 1;
            if (copies == 2)
                Interlocked.Increment(ref _duplicated);
            if (reorder < faults.Reorder && from.Held == null)
            {
                from.Held = frame;
                from.HeldCopies = copies;
                from.HeldSince = Environment.TickCount64;
                Interlocked.Increment(ref _reordered);
                return;
            }
            for (int i = 0; i < copies; i++)
                Switch(from, frame);
            if (from.Held != null)
            {
                release = from.Held;
                copies = from.HeldCopies;
                from.Held = null;
                for (int i = 0; i < copies; i++)
                    Switch(from, release);
            }
        }
    }

    private void ReleaseOldHeldFrames()
    {
        foreach (Port port in _ports)
        {
            lock (port.FaultLock)
            {
                if (port.Held == null || Environment.TickCount64 - port.HeldSince < LinkFaults.HoldMilliseconds)
                    continue;
                for (int i = 0; i < port.HeldCopies; i++)
                    Switch(port, port.Held);
                port.Held = null;
            }
        }
    }

    // A learning switch: the source address is learnt behind `from`; a
    // unicast destination learnt behind another port goes there, anything
    // else to every port but `from`.
    private void Switch(Port from, byte[] frame)
    {
        if (frame.Length < CraftedFrames.EthernetHeader)
        {
            Flood(from, frame);
            return;
        }
        string destination = Convert.ToHexString(frame, 0, 6), source = Convert.ToHexString(frame, 6, 6);
        int to = -1;
        lock (_learned)
        {
            if ((frame[6] & 1) == 0)
                _learned[source] = from.Index;
            if ((frame[0] & 1) == 0 && _learned.TryGetValue(destination, out int port))
                to = port;
        }
        if (to == from.Index)
            return;
        if (to >= 0)
            Deliver(_ports[to], frame);
        else
            Flood(from, frame);
    }

    private void Flood(Port from, byte[] frame)
    {
        foreach (Port port in _ports)
        {
            if (port != from)
                Deliver(port, frame);
        }
    }

    private void Deliver(Port to, byte[] frame)
    {
        if (to.Send(frame))
            Interlocked.Increment(ref _delivered);
        else
            Interlocked.Increment(ref _undeliverable);
    }

    // One guest's socket: listened on, one connection at a time (a guest
    // that restarts connects again and replaces its old connection).
    private sealed class Port
    {
        private readonly FrameRelay _relay;
        private readonly Socket _listener;
        private readonly object _sendLock = new();
        private Socket? _connection;

        public Port(FrameRelay relay, int index, string path, int seed)
        {
            _relay = relay;
            Index = index;
            Path = path;
            Random = new Random(seed);
            _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }

        public int Index { get; }
        public string Path { get; }
        public Random Random { get; }
        public object FaultLock { get; } = new();
        public byte[]? Held { get; set; }
        public int HeldCopies { get; set; }
        public long HeldSince { get; set; }

        public bool Connected => Volatile.Read(ref _connection) != null;

        public void Listen()
        {
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(2);
            new Thread(AcceptLoop) { IsBackground = true, Name = $"relay accept {Index}" }.Start();
        }

        private void AcceptLoop()
        {
            while (true)
            {
                Socket connection;
                try
                {
                    connection = _listener.Accept();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    return;
                }
                // A guest whose NIC stops taking frames (QEMU stops reading
                // the socket) costs its frames, not the relay's threads.
                connection.SendTimeout = 2000;
                lock (_sendLock)
                {
                    _connection?.Dispose();
                    _connection = connection;
                }
                new Thread(() => ReadLoop(connection)) { IsBackground = true, Name = $"relay read {Index}" }.Start();
            }
        }

        private void ReadLoop(Socket connection)
        {
            try
            {
                using var stream = new NetworkStream(connection, ownsSocket: false);
                while (StreamFraming.Read(stream) is byte[] frame)
                    _relay.Arrived(this, frame);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
            {
                // The guest ended (or sent garbage framing): drop its connection.
            }
            lock (_sendLock)
            {
                if (_connection == connection)
                    _connection = null;
            }
            connection.Dispose();
        }

        public bool Send(byte[] frame)
        {
            byte[] bytes = StreamFraming.Encode(frame);
            lock (_sendLock)
            {
                if (_connection == null)
                    return false;
                try
                {
                    _connection.Send(bytes);
                    return true;
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    return false;
                }
            }
        }

        public void Close()
        {
            _listener.Dispose();
            lock (_sendLock)
            {
                _connection?.Dispose();
                _connection = null;
            }
        }
    }
}
