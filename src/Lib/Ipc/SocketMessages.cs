using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // Sockets as files (MINIX inet's /dev/tcp, /dev/udp, /dev/ip model):
    // the TCP/IP server inet is a character driver behind VFS, and a socket
    // is a descriptor on one of its devices. The user library
    // (src/Lib/Posix/Sockets.cs) maps the BSD calls onto VFS calls:
    //   socket     Open "/dev/tcp", "/dev/udp" or "/dev/icmp" (read-write):
    //              these minors clone (DeviceEntry "clone"): VFS sends the
    //              driver Open and the reply's Result is a fresh minor that
    //              the new descriptor names from then on; the last Close of
    //              the open file sends the driver Close for that minor.
    //   bind, listen, connect, accept, shutdown, setsockopt, getsockopt,
    //   getsockname, getpeername: Ioctl (SocketIoctl, the blocks below;
    //              each at most VfsLimits.MaxIoctlBytes). Connect and
    //              Accept may be held by inet until they complete, like a
    //              waiting read.
    //   read/write, send/recv: Read and Write (stream data for TCP, one
    //              datagram each for UDP and ICMP). A read waits for data
    //              (ReadWait) unless TransferFlags.DontWait; a write waits
    //              for buffer room and takes what fits (callers loop).
    //   sendto/recvfrom: Read and Write with TransferFlags.Addressed: the
    //              data starts with a SocketAddressHeader (8 bytes) naming
    //              the destination (write) or giving the source (read).
    //   poll/select: VFS's Poll, which asks inet DriverRequest.Select.
    // Failures the engine produced are SocketError codes (-(1000 + errno));
    // VFS's and the driver protocol's own statuses keep their codes.
    public static class SocketDevice
    {
        // The cloning minors inet serves (the image's Minix3Device items
        // tcp, udp, icmp and inet name these), and the first minor a clone
        // gets. The control minor answers the interface and connection
        // ioctls (ifconfig, netstat) and never clones.
        public const int TcpMinor = 0;
        public const int UdpMinor = 1;
        public const int IcmpMinor = 2;
        public const int ControlMinor = 3;
        public const int FirstSocketMinor = 16;

        public const string TcpPath = "/dev/tcp";
        public const string UdpPath = "/dev/udp";
        public const string IcmpPath = "/dev/icmp";
        public const string ControlPath = "/dev/inet";
    }

    // Ioctl request numbers (VfsIoctlRequest.Request), with the block each
    // takes (in) and gives back (out). Addresses are IPv4 in host order
    // (10.0.2.15 = 0x0A00020F), ports in host order.
    public static class SocketIoctl
    {
        public const long Bind = 0x5301;         // SocketAddressBlock in
        public const long Listen = 0x5302;       // SocketValueBlock in: Value = backlog
        public const long Connect = 0x5303;      // SocketAddressBlock in; held until connected (TCP)
        public const long Accept = 0x5304;       // SocketAcceptBlock in/out; held until a connection comes
        public const long Shutdown = 0x5305;     // SocketValueBlock in: 0 read, 1 write, 2 both
        public const long SetOption = 0x5306;    // SocketOptionBlock in
        public const long GetOption = 0x5307;    // SocketOptionBlock in/out
        public const long LocalName = 0x5308;    // SocketAddressBlock out (getsockname)
        public const long PeerName = 0x5309;     // SocketAddressBlock out (getpeername)
        public const long Identify = 0x530A;     // SocketValueBlock out: Value = this descriptor's minor
        // Control minor (/dev/inet):
        public const long InterfaceAt = 0x5380;  // InterfaceBlock in/out: Index in, the rest out; NoSuchDevice past the last
        public const long Configure = 0x5381;    // InterfaceBlock in: Name, Address, Mask, Gateway (Dhcp = 1: start DHCP instead)
        public const long ConnectionAt = 0x5382; // ConnectionBlock in/out: Index in, the rest out; NoSuchDevice past the last
        public const long Counters = 0x5383;     // CountersBlock out
    }

    // Option numbers (SocketOptionBlock.Option), values as setsockopt's.
    public static class SocketOptionName
    {
        public const int ReuseAddress = 1;
        public const int NoDelay = 2;
        public const int ReceiveBuffer = 3;
        public const int SendBuffer = 4;
        public const int Error = 5;      // get only: the pending error, cleared
        public const int NonBlocking = 6; // connect and accept answer InProgress/WouldBlock instead of waiting
    }

    // Socket failures: -(1000 + the Linux errno), so they never collide
    // with the kernel's, VFS's or the drivers' statuses (Status.NoMemory is
    // -11, EAGAIN too). inet turns the engine's NetError e (a negated
    // errno) into e + Offset.
    public static class SocketError
    {
        public const int Offset = -1000;
        public const int Pipe = Offset - 32;                  // EPIPE
        public const int WouldBlock = Offset - 11;            // EAGAIN
        public const int Invalid = Offset - 22;               // EINVAL
        public const int MessageTooLong = Offset - 90;        // EMSGSIZE
        public const int NotSupported = Offset - 95;          // EOPNOTSUPP
        public const int AddressInUse = Offset - 98;          // EADDRINUSE
        public const int AddressNotAvailable = Offset - 99;   // EADDRNOTAVAIL
        public const int NetworkUnreachable = Offset - 101;   // ENETUNREACH
        public const int ConnectionAborted = Offset - 103;    // ECONNABORTED
        public const int ConnectionReset = Offset - 104;      // ECONNRESET
        public const int NoBuffers = Offset - 105;            // ENOBUFS
        public const int IsConnected = Offset - 106;          // EISCONN
        public const int NotConnected = Offset - 107;         // ENOTCONN
        public const int TimedOut = Offset - 110;             // ETIMEDOUT
        public const int ConnectionRefused = Offset - 111;    // ECONNREFUSED
        public const int HostUnreachable = Offset - 113;      // EHOSTUNREACH
        public const int InProgress = Offset - 115;           // EINPROGRESS

        // The engine's negated errno (>= 0 passes through).
        public static int FromErrno(int negatedErrno) => negatedErrno < 0 ? Offset + negatedErrno : negatedErrno;

        public static bool IsSocketError(int status) => status <= Offset && status > Offset - 4096;
    }

    // The header of an Addressed read or write (sendto, recvfrom).
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public struct SocketAddressHeader
    {
        public const int Size = 8;
        [FieldOffset(0)] public uint Address;
        [FieldOffset(4)] public ushort Port;     // ICMP: the echo sequence number
        [FieldOffset(6)] public ushort Reserved; // 0
    }

    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct SocketAddressBlock
    {
        [FieldOffset(0)] public uint Address;
        [FieldOffset(4)] public int Port;
        [FieldOffset(8)] public long Reserved;
    }

    [StructLayout(LayoutKind.Explicit, Size = 8)]
    public struct SocketValueBlock
    {
        [FieldOffset(0)] public long Value;
    }

    // Accept: Minor in is a fresh socket of the caller's own (opened on
    // /dev/tcp, never bound or connected: Identify gives its minor); inet
    // moves the accepted connection onto it. Out: the peer.
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct SocketAcceptBlock
    {
        [FieldOffset(0)] public int Minor;
        [FieldOffset(4)] public uint Address;
        [FieldOffset(8)] public int Port;
        [FieldOffset(12)] public int Reserved;
    }

    [StructLayout(LayoutKind.Explicit, Size = 8)]
    public struct SocketOptionBlock
    {
        [FieldOffset(0)] public int Option;
        [FieldOffset(4)] public int Value;
    }

    // One interface (ifconfig). Name is ASCII, NUL-padded.
    [StructLayout(LayoutKind.Explicit, Size = 96)]
    public unsafe struct InterfaceBlock
    {
        public const int NameBytes = 16;
        [FieldOffset(0)] public int Index;
        [FieldOffset(4)] public int Flags;        // InterfaceFlags
        [FieldOffset(8)] public fixed byte Name[NameBytes];
        [FieldOffset(24)] public long Mac;        // first octet most significant
        [FieldOffset(32)] public uint Address;
        [FieldOffset(36)] public uint Mask;
        [FieldOffset(40)] public uint Gateway;
        [FieldOffset(44)] public int Mtu;
        [FieldOffset(48)] public long FramesIn;
        [FieldOffset(56)] public long FramesOut;
        [FieldOffset(64)] public long BytesIn;
        [FieldOffset(72)] public long BytesOut;
        [FieldOffset(80)] public long Drops;
        [FieldOffset(88)] public int Dhcp;        // 1: configured (or being configured) by DHCP
        [FieldOffset(92)] public int Driver;      // the driver's endpoint now (0: none yet)
    }

    public static class InterfaceFlags
    {
        public const int Up = 1;          // has an address
        public const int Link = 2;        // the driver reports carrier
        public const int Loopback = 4;
    }

    // One connection or socket (netstat).
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    public struct ConnectionBlock
    {
        [FieldOffset(0)] public int Index;
        [FieldOffset(4)] public int Kind;         // 1 TCP, 2 UDP, 3 ICMP
        [FieldOffset(8)] public uint LocalAddress;
        [FieldOffset(12)] public int LocalPort;
        [FieldOffset(16)] public uint RemoteAddress;
        [FieldOffset(20)] public int RemotePort;
        [FieldOffset(24)] public int State;       // TCP: 0 Closed, 1 Listen, 2 SynSent, 3 SynReceived, 4 Established, 5 FinWait1, 6 FinWait2, 7 CloseWait, 8 Closing, 9 LastAck, 10 TimeWait
        [FieldOffset(28)] public int ReceiveQueue;
        [FieldOffset(32)] public int SendQueue;
        [FieldOffset(36)] public int Reserved;
    }

    // The engine's counters (netstat -s): what came in, went out, was dropped.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct CountersBlock
    {
        [FieldOffset(0)] public long FramesIn;
        [FieldOffset(8)] public long FramesOut;
        [FieldOffset(16)] public long FramesDropped;   // malformed, not for us, unknown type
        [FieldOffset(24)] public long IpIn;
        [FieldOffset(32)] public long IpOut;
        [FieldOffset(40)] public long IpDropped;        // bad header, checksum, length, martian
        [FieldOffset(48)] public long IpReassembled;
        [FieldOffset(56)] public long IcmpIn;
        [FieldOffset(64)] public long IcmpOut;
        [FieldOffset(72)] public long UdpIn;
        [FieldOffset(80)] public long UdpOut;
        [FieldOffset(88)] public long UdpDropped;
        [FieldOffset(96)] public long TcpIn;
        [FieldOffset(104)] public long TcpOut;
        [FieldOffset(112)] public long TcpDropped;      // bad checksum, stray, out of window
        [FieldOffset(120)] public long TcpRetransmits;
    }
}
