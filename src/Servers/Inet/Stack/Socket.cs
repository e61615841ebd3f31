using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    public enum SocketKind { Tcp = 1, Udp = 2, Icmp = 3 }

    public enum SocketOption
    {
        ReuseAddress = 1,   // SO_REUSEADDR: bind a port that connections in TIME-WAIT still use
        NoDelay = 2,        // TCP_NODELAY: no Nagle
        ReceiveBuffer = 3,  // SO_RCVBUF, in bytes (TCP: before connect or listen)
        SendBuffer = 4,     // SO_SNDBUF
        Error = 5,          // SO_ERROR: read and clear the pending error (get only)
    }

    public enum ShutdownHow { Read = 0, Write = 1, Both = 2 }

    // Readiness for poll/select: the server answers a blocked caller when
    // the bit it waits for appears.
    public static class SocketReady
    {
        public const int Readable = 1;   // data, EOF, an error, or a connection to accept
        public const int Writable = 2;   // buffer space, or a connect that finished
        public const int Error = 4;      // a pending error (SO_ERROR)
        public const int HangUp = 8;     // closed both ways, reset or timed out
    }

    // One entry of netstat's table.
    public sealed class ConnectionInfo
    {
        public SocketKind Kind;
        public uint LocalAddress, RemoteAddress;
        public int LocalPort, RemotePort;
        public TcpState State;           // Listen for a listener; Closed for UDP
        public int ReceiveQueue, SendQueue;
        public bool Orphan;              // TCP, closed by its owner, still finishing
    }

    // A socket as the engine keeps it: its addresses and options, and a TCP
    // connection, a TCP listener, or a datagram queue.
    internal sealed class Socket
    {
        public int Handle;
        public SocketKind Kind;
        public uint LocalAddr, RemoteAddr;
        public int LocalPort, RemotePort;
        public bool Bound, Connected;
        public bool ReuseAddress, NoDelay;
        public bool ShutRead, ShutWrite;
        public int Error;   // UDP: a pending ICMP error (connected sockets only)
        public int ReceiveBuffer = TcpConnection.DefaultBuffer;
        public int SendBuffer = TcpConnection.DefaultBuffer;
        public TcpConnection? Connection;
        public TcpListener? Listener;

        // UDP and ICMP: whole datagrams with where they came from (ICMP: the
        // echo sequence number stands in the port).
        public readonly Queue<Datagram> Datagrams = new Queue<Datagram>();
        public int QueuedBytes;

        internal sealed class Datagram
        {
            public byte[] Data = new byte[0];
            public uint Address;
            public int Port;
        }
    }
}
