using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // The socket-level API the inet server maps its messages onto. Every
    // call is non-blocking: it returns a count or handle (>= 0) or a
    // NetError; WouldBlock and InProgress mean "ask Poll and try again",
    // which is how the server parks a blocked caller and answers it later.
    // ICMP sockets send and receive echo messages: SendTo's port is the
    // sequence number, ReceiveFrom's port the reply's, and only replies
    // carrying the socket's own identifier are delivered to it.
    public sealed partial class NetStack
    {
        public const int MaxSockets = 1024;
        public const int MaxBacklog = 128;
        public const int MinBuffer = 1024;
        public const int MaxBuffer = 4 * 1024 * 1024;

        private readonly List<Socket?> _sockets = new List<Socket?>();
        private int _ephemeral;

        private Socket? Get(int s) => s >= 0 && s < _sockets.Count ? _sockets[s] : null;

        public int Open(SocketKind kind)
        {
            if (kind != SocketKind.Tcp && kind != SocketKind.Udp && kind != SocketKind.Icmp)
                return NetError.NotSupported;
            int h = _sockets.IndexOf(null);
            if (h < 0)
            {
                if (_sockets.Count >= MaxSockets)
                    return NetError.TooManySockets;
                h = _sockets.Count;
                _sockets.Add(null);
            }
            var s = new Socket { Handle = h, Kind = kind };
            if (kind == SocketKind.Icmp)
            {
                // The echo identifier, unique among ICMP sockets.
                int id = (int)(NextRandom() & 0xFFFF);
                while (IcmpSocket(id) != null)
                    id = (id + 1) & 0xFFFF;
                s.LocalPort = id;
                s.Bound = true;
            }
            _sockets[h] = s;
            return h;
        }

        public int Bind(int handle, uint address, int port)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Bound || s.Kind == SocketKind.Icmp || port < 0 || port > 65535)
                return NetError.Invalid;
            if (address != 0 && !IsLocalAddress(address))
                return NetError.AddressNotAvailable;
            if (port == 0)
            {
                port = EphemeralPort(s.Kind);
                if (port == 0)
                    return NetError.AddressInUse;
            }
            else if (PortInUse(s.Kind, address, port, s.ReuseAddress))
                return NetError.AddressInUse;
            s.LocalAddr = address;
            s.LocalPort = port;
            s.Bound = true;
            return NetError.Ok;
        }

        private bool PortInUse(SocketKind kind, uint address, int port, bool reuse)
        {
            for (int i = 0; i < _sockets.Count; i++)
            {
                Socket? o = _sockets[i];
                if (o == null || o.Kind != kind || !o.Bound || o.LocalPort != port)
                    continue;
                if (o.LocalAddr != 0 && address != 0 && o.LocalAddr != address)
                    continue;
                if (!reuse || !o.ReuseAddress || o.Listener != null)
                    return true;
            }
            if (kind == SocketKind.Tcp && !reuse)
                for (int i = 0; i < _tcp.Count; i++)
                    if (_tcp[i].LocalPort == port && (address == 0 || _tcp[i].LocalAddr == address))
                        return true;
            return false;
        }

        private int EphemeralPort(SocketKind kind)
        {
            for (int tries = 0; tries < 16384; tries++)
            {
                int port = _ephemeral;
                _ephemeral = _ephemeral >= 65535 ? 49152 : _ephemeral + 1;
                if (!PortInUse(kind, 0, port, false))
                    return port;
            }
            return 0;
        }

        private int AutoBind(Socket s)
        {
            if (s.Bound)
                return NetError.Ok;
            int port = EphemeralPort(s.Kind);
            if (port == 0)
                return NetError.AddressInUse;
            s.LocalPort = port;
            s.Bound = true;
            return NetError.Ok;
        }

        public int Listen(int handle, int backlog)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind != SocketKind.Tcp)
                return NetError.NotSupported;
            if (s.Connection != null)
                return NetError.IsConnected;
            backlog = Math.Clamp(backlog, 1, MaxBacklog);
            if (s.Listener != null)
            {
                s.Listener.Backlog = backlog;
                return NetError.Ok;
            }
            int r = AutoBind(s);
            if (r < 0)
                return r;
            s.Listener = new TcpListener(s, s.LocalAddr, s.LocalPort, backlog);
            _listeners.Add(s.Listener);
            return NetError.Ok;
        }

        public int Accept(int handle, out uint address, out int port)
        {
            address = 0;
            port = 0;
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Listener == null)
                return NetError.Invalid;
            if (s.Listener.Ready.Count == 0)
                return NetError.WouldBlock;
            int h = Open(SocketKind.Tcp);
            if (h < 0)
                return h;
            TcpConnection c = s.Listener.Ready[0];
            s.Listener.Ready.RemoveAt(0);
            c.Listener = null;
            Socket n = _sockets[h]!;
            n.Connection = c;
            c.Owner = n;
            n.Bound = n.Connected = true;
            n.LocalAddr = c.LocalAddr;
            n.LocalPort = c.LocalPort;
            n.RemoteAddr = address = c.RemoteAddr;
            n.RemotePort = port = c.RemotePort;
            n.NoDelay = s.NoDelay;
            n.ReceiveBuffer = s.ReceiveBuffer;
            n.SendBuffer = s.SendBuffer;
            return h;
        }

        public int Connect(int handle, uint address, int port, long now)
        {
            Enter(now);
            try { return ConnectInner(handle, address, port); }
            catch (Exception) { Stats.InternalErrors++; return NetError.Invalid; }
            finally { Leave(); }
        }

        private int ConnectInner(int handle, uint address, int port)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (port < 0 || port > 65535)
                return NetError.Invalid;
            if (s.Kind != SocketKind.Tcp)
            {
                s.RemoteAddr = address;
                s.RemotePort = port;
                s.Connected = address != 0;
                return s.Kind == SocketKind.Udp ? AutoBind(s) : NetError.Ok;
            }
            if (s.Listener != null || address == 0 || port == 0 || address == IpAddress.Broadcast || IpAddress.IsMulticast(address))
                return NetError.Invalid;
            if (s.Connection != null)
                return s.Connection.State == TcpState.SynSent ? NetError.Already : NetError.IsConnected;
            uint src = s.LocalAddr != 0 ? s.LocalAddr : SourceFor(address);
            if (src == 0)
                return NetError.NetworkUnreachable;
            int r = AutoBind(s);
            if (r < 0)
                return r;
            if (FindConnection(src, s.LocalPort, address, port) != null)
                return NetError.AddressInUse;
            var c = new TcpConnection(this, src, s.LocalPort, address, port, s.SendBuffer, s.ReceiveBuffer);
            c.NoDelay = s.NoDelay;
            c.Owner = s;
            c.State = TcpState.SynSent;
            c.SetPeerMss(-1);
            s.Connection = c;
            s.LocalAddr = src;
            s.RemoteAddr = address;
            s.RemotePort = port;
            s.Connected = true;
            _tcp.Add(c);
            Stats.TcpActiveOpens++;
            c.SendSyn();
            return NetError.InProgress;
        }

        public int Send(int handle, ReadOnlySpan<byte> data, long now)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind != SocketKind.Tcp)
                return s.Connected ? SendTo(handle, data, s.RemoteAddr, s.RemotePort, now) : NetError.NotConnected;
            Enter(now);
            try
            {
                TcpConnection? c = s.Connection;
                if (c == null)
                    return NetError.NotConnected;
                if (s.ShutWrite)
                    return NetError.BrokenPipe;
                if (c.Error != 0)
                    return c.Error;
                if (c.State == TcpState.SynSent || c.State == TcpState.SynReceived)
                    return NetError.WouldBlock;
                if (c.State != TcpState.Established && c.State != TcpState.CloseWait)
                    return NetError.BrokenPipe;
                if (data.Length == 0)
                    return 0;
                int n = c.Write(data);
                return n == 0 ? NetError.WouldBlock : n;
            }
            catch (Exception) { Stats.InternalErrors++; return NetError.Invalid; }
            finally { Leave(); }
        }

        public int Receive(int handle, Span<byte> into, long now)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind != SocketKind.Tcp)
                return ReceiveFrom(handle, into, out _, out _);
            Enter(now);
            try
            {
                TcpConnection? c = s.Connection;
                if (c == null)
                    return NetError.NotConnected;
                int n = c.Read(into);
                if (n > 0 || into.Length == 0)
                    return n;
                if (c.Error != 0)
                {
                    int e = c.Error;
                    c.Error = 0;
                    c.FinReceived = true;   // reported once; then end of file
                    return e;
                }
                if (c.FinReceived || c.State == TcpState.Closed || s.ShutRead)
                    return 0;
                return NetError.WouldBlock;
            }
            catch (Exception) { Stats.InternalErrors++; return NetError.Invalid; }
            finally { Leave(); }
        }

        public int SendTo(int handle, ReadOnlySpan<byte> data, uint address, int port, long now)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind == SocketKind.Tcp)
                return Send(handle, data, now);
            if (address == 0 && s.Connected)
            {
                address = s.RemoteAddr;
                port = s.RemotePort;
            }
            if (address == 0 || port < 0 || port > 65535 || (s.Kind == SocketKind.Udp && port == 0))
                return NetError.Invalid;
            Enter(now);
            try
            {
                if (s.Kind == SocketKind.Icmp)
                    return IcmpSendEcho(s, address, port, data);
                int r = AutoBind(s);
                if (r < 0)
                    return r;
                return UdpSend(s.LocalAddr, s.LocalPort, address, port, data, null);
            }
            catch (Exception) { Stats.InternalErrors++; return NetError.Invalid; }
            finally { Leave(); }
        }

        public int ReceiveFrom(int handle, Span<byte> into, out uint address, out int port)
        {
            address = 0;
            port = 0;
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind == SocketKind.Tcp)
                return NetError.NotSupported;
            if (s.Error != 0)
            {
                int e = s.Error;   // an ICMP error about what we sent, reported once
                s.Error = 0;
                return e;
            }
            if (s.Datagrams.Count == 0)
                return NetError.WouldBlock;
            Socket.Datagram d = s.Datagrams.Dequeue();
            s.QueuedBytes -= d.Data.Length;
            int n = Math.Min(into.Length, d.Data.Length);
            new ReadOnlySpan<byte>(d.Data, 0, n).CopyTo(into);
            address = d.Address;
            port = d.Port;
            return n;
        }

        public int Shutdown(int handle, ShutdownHow how, long now)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            if (s.Kind != SocketKind.Tcp || s.Connection == null)
                return NetError.NotConnected;
            Enter(now);
            try
            {
                if (how != ShutdownHow.Write)
                {
                    s.ShutRead = s.Connection.ShutRead = true;
                    s.Connection.RecvRing.Consume(s.Connection.RecvRing.Count);
                }
                if (how != ShutdownHow.Read)
                {
                    s.ShutWrite = true;
                    s.Connection.ShutdownWrite();
                }
                return NetError.Ok;
            }
            catch (Exception) { Stats.InternalErrors++; return NetError.Invalid; }
            finally { Leave(); }
        }

        public int Close(int handle, long now)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            Enter(now);
            try
            {
                _sockets[handle] = null;
                if (s.Connection != null)
                    s.Connection.Close();
                if (s.Listener != null)
                {
                    _listeners.Remove(s.Listener);
                    // Connections nobody accepted are refused with a RST.
                    while (s.Listener.Pending.Count > 0)
                        s.Listener.Pending[0].Abort(0);
                    while (s.Listener.Ready.Count > 0)
                        s.Listener.Ready[0].Abort(0);
                }
                return NetError.Ok;
            }
            catch (Exception) { Stats.InternalErrors++; return NetError.Ok; }
            finally { Leave(); }
        }

        public int SetOption(int handle, SocketOption option, int value)
        {
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            switch (option)
            {
                case SocketOption.ReuseAddress:
                    s.ReuseAddress = value != 0;
                    return NetError.Ok;
                case SocketOption.NoDelay:
                    if (s.Kind != SocketKind.Tcp)
                        return NetError.NotSupported;
                    s.NoDelay = value != 0;
                    if (s.Connection != null)
                    {
                        s.Connection.NoDelay = s.NoDelay;
                        s.Connection.Output();
                    }
                    return NetError.Ok;
                case SocketOption.ReceiveBuffer:
                case SocketOption.SendBuffer:
                    if (value < MinBuffer || value > MaxBuffer)
                        return NetError.Invalid;
                    if (option == SocketOption.ReceiveBuffer)
                    {
                        // The window scale is fixed by the SYN: a connected
                        // socket keeps its receive buffer.
                        if (s.Connection != null)
                            return NetError.IsConnected;
                        s.ReceiveBuffer = value;
                    }
                    else
                    {
                        s.SendBuffer = value;
                        if (s.Connection != null && value > s.Connection.SendRing.Capacity)
                            s.Connection.SendRing.Resize(value);
                    }
                    return NetError.Ok;
                default:
                    return NetError.Invalid;
            }
        }

        public int GetOption(int handle, SocketOption option, out int value)
        {
            value = 0;
            Socket? s = Get(handle);
            if (s == null)
                return NetError.BadHandle;
            switch (option)
            {
                case SocketOption.ReuseAddress: value = s.ReuseAddress ? 1 : 0; break;
                case SocketOption.NoDelay: value = s.NoDelay ? 1 : 0; break;
                case SocketOption.ReceiveBuffer: value = s.ReceiveBuffer; break;
                case SocketOption.SendBuffer: value = s.SendBuffer; break;
                case SocketOption.Error:
                    if (s.Error != 0)
                    {
                        value = s.Error;
                        s.Error = 0;
                    }
                    else if (s.Connection != null && s.Connection.Error != 0)
                    {
                        value = s.Connection.Error;
                        s.Connection.Error = 0;
                    }
                    break;
                default: return NetError.Invalid;
            }
            return NetError.Ok;
        }

        public int Poll(int handle)
        {
            Socket? s = Get(handle);
            if (s == null)
                return SocketReady.Error | SocketReady.HangUp;
            if (s.Kind != SocketKind.Tcp)
                return SocketReady.Writable | (s.Datagrams.Count > 0 || s.Error != 0 ? SocketReady.Readable : 0)
                    | (s.Error != 0 ? SocketReady.Error : 0);
            if (s.Listener != null)
                return s.Listener.Ready.Count > 0 ? SocketReady.Readable : 0;
            TcpConnection? c = s.Connection;
            if (c == null)
                return 0;
            int r = 0;
            if (c.RecvRing.Count > 0 || c.FinReceived || c.State == TcpState.Closed || c.Error != 0 || s.ShutRead)
                r |= SocketReady.Readable;
            if ((c.State == TcpState.Established || c.State == TcpState.CloseWait) && !c.FinQueued && c.SendRing.Free > 0)
                r |= SocketReady.Writable;
            if (c.Error != 0)
                r |= SocketReady.Error | SocketReady.Writable;
            if (c.State == TcpState.Closed || (c.FinReceived && c.FinQueued))
                r |= SocketReady.HangUp;
            return r;
        }

        public TcpState State(int handle)
        {
            Socket? s = Get(handle);
            if (s == null)
                return TcpState.Closed;
            if (s.Listener != null)
                return TcpState.Listen;
            return s.Connection == null ? TcpState.Closed : s.Connection.State;
        }

        public int LocalEndpoint(int handle, out uint address, out int port)
        {
            Socket? s = Get(handle);
            address = s == null ? 0 : s.LocalAddr;
            port = s == null ? 0 : s.LocalPort;
            return s == null ? NetError.BadHandle : NetError.Ok;
        }

        public int RemoteEndpoint(int handle, out uint address, out int port)
        {
            Socket? s = Get(handle);
            address = s == null ? 0 : s.RemoteAddr;
            port = s == null ? 0 : s.RemotePort;
            if (s == null)
                return NetError.BadHandle;
            return s.Connected ? NetError.Ok : NetError.NotConnected;
        }

        // Netstat's table: listeners, TCP connections (orphans included),
        // UDP sockets.
        public void Connections(List<ConnectionInfo> into)
        {
            for (int i = 0; i < _listeners.Count; i++)
            {
                TcpListener l = _listeners[i];
                into.Add(new ConnectionInfo
                {
                    Kind = SocketKind.Tcp, LocalAddress = l.Address, LocalPort = l.Port,
                    State = TcpState.Listen, ReceiveQueue = l.Ready.Count,
                });
            }
            for (int i = 0; i < _tcp.Count; i++)
            {
                TcpConnection c = _tcp[i];
                into.Add(new ConnectionInfo
                {
                    Kind = SocketKind.Tcp, LocalAddress = c.LocalAddr, LocalPort = c.LocalPort,
                    RemoteAddress = c.RemoteAddr, RemotePort = c.RemotePort, State = c.State,
                    ReceiveQueue = c.RecvRing.Count, SendQueue = c.SendRing.Count,
                    Orphan = c.Owner == null && c.Listener == null,
                });
            }
            for (int i = 0; i < _sockets.Count; i++)
            {
                Socket? s = _sockets[i];
                if (s == null || s.Kind != SocketKind.Udp || !s.Bound)
                    continue;
                into.Add(new ConnectionInfo
                {
                    Kind = SocketKind.Udp, LocalAddress = s.LocalAddr, LocalPort = s.LocalPort,
                    RemoteAddress = s.RemoteAddr, RemotePort = s.RemotePort, State = TcpState.Closed,
                    ReceiveQueue = s.QueuedBytes,
                });
            }
        }
    }
}
