using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;

namespace Minix3.Cosmos.Lib.Posix
{
    public enum SocketType { Stream = 1, Datagram = 2, Icmp = 3 }

    public enum ShutdownHow { Read = 0, Write = 1, Both = 2 }

    // The BSD socket calls over VFS and inet (src/Lib/Ipc/SocketMessages.cs):
    // a socket is a descriptor on /dev/tcp, /dev/udp or /dev/icmp, so read,
    // write, close, dup, fork and poll work on it like on any descriptor.
    // Addresses are IPv4 in host order (IpAddress in src/Lib/Net), ports
    // in host order. Results: >= 0, or a status (SocketError for what the
    // network said, VFS's and the drivers' otherwise); ErrorText names both.
    public static unsafe class Sockets
    {
        private static byte[]? s_datagram;

        // socket(2): a new descriptor, or a status.
        public static int Socket(SocketType type)
        {
            string path = type == SocketType.Stream ? SocketDevice.TcpPath
                : type == SocketType.Datagram ? SocketDevice.UdpPath
                : type == SocketType.Icmp ? SocketDevice.IcmpPath : "";
            if (path.Length == 0)
                return SocketError.NotSupported;
            return Files.Open(path, OpenFlags.ReadWrite);
        }

        public static int Bind(int fd, uint address, int port)
        {
            SocketAddressBlock block = default;
            block.Address = address;
            block.Port = port;
            return Control(fd, SocketIoctl.Bind, &block, sizeof(SocketAddressBlock));
        }

        public static int Listen(int fd, int backlog)
        {
            SocketValueBlock block = default;
            block.Value = backlog;
            return Control(fd, SocketIoctl.Listen, &block, sizeof(SocketValueBlock));
        }

        // Waits for the connection to be made (or to fail: ConnectionRefused,
        // TimedOut, HostUnreachable...). UDP and ICMP: sets the default peer.
        public static int Connect(int fd, uint address, int port)
        {
            SocketAddressBlock block = default;
            block.Address = address;
            block.Port = port;
            return Control(fd, SocketIoctl.Connect, &block, sizeof(SocketAddressBlock));
        }

        // accept(2): waits for a connection; a new descriptor for it. inet
        // moves the connection onto a fresh socket the caller opened (so
        // VFS never makes descriptors on a driver's say).
        public static int Accept(int fd, out uint address, out int port)
        {
            address = 0;
            port = 0;
            int fresh = Socket(SocketType.Stream);
            if (fresh < 0)
                return fresh;
            SocketValueBlock identity = default;
            int status = Control(fresh, SocketIoctl.Identify, &identity, sizeof(SocketValueBlock));
            if (status >= 0)
            {
                SocketAcceptBlock block = default;
                block.Minor = (int)identity.Value;
                status = Control(fd, SocketIoctl.Accept, &block, sizeof(SocketAcceptBlock));
                address = block.Address;
                port = block.Port;
            }
            if (status < 0)
            {
                Files.Close(fresh);
                return status;
            }
            return fresh;
        }

        public static int Send(int fd, ReadOnlySpan<byte> data, bool dontWait = false) =>
            Files.WriteWith(fd, data.Length > VfsLimits.MaxTransfer ? data.Slice(0, VfsLimits.MaxTransfer) : data,
                            dontWait ? TransferFlags.DontWait : 0);

        // Every byte of data, looping over partial sends; the count, or the
        // status of the send that failed before any byte went.
        public static int SendAll(int fd, ReadOnlySpan<byte> data)
        {
            int done = 0;
            while (done < data.Length)
            {
                int sent = Send(fd, data.Slice(done));
                if (sent < 0)
                    return done > 0 ? done : sent;
                if (sent == 0)
                    break;
                done += sent;
            }
            return done;
        }

        // 0: the peer closed (TCP). A datagram socket gives one datagram.
        public static int Receive(int fd, Span<byte> into, bool dontWait = false) =>
            Files.ReadWith(fd, into.Length > VfsLimits.MaxTransfer ? into.Slice(0, VfsLimits.MaxTransfer) : into,
                           dontWait ? TransferFlags.DontWait : 0);

        // One datagram to address:port (ICMP: port is the echo sequence).
        public static int SendTo(int fd, ReadOnlySpan<byte> data, uint address, int port)
        {
            if (data.Length > VfsLimits.MaxTransfer - SocketAddressHeader.Size)
                return SocketError.MessageTooLong;
            byte[] buffer = Datagram();
            SocketAddressHeader header = default;
            header.Address = address;
            header.Port = (ushort)port;
            fixed (byte* b = buffer)
                *(SocketAddressHeader*)b = header;
            data.CopyTo(new Span<byte>(buffer, SocketAddressHeader.Size, data.Length));
            int sent = Files.WriteWith(fd, new ReadOnlySpan<byte>(buffer, 0, SocketAddressHeader.Size + data.Length),
                                       TransferFlags.Addressed);
            return sent < 0 ? sent : sent >= SocketAddressHeader.Size ? sent - SocketAddressHeader.Size : 0;
        }

        // One datagram and who sent it (a datagram longer than into is cut).
        public static int ReceiveFrom(int fd, Span<byte> into, out uint address, out int port, bool dontWait = false)
        {
            address = 0;
            port = 0;
            byte[] buffer = Datagram();
            // One VFS transfer holds the header and the datagram: a bigger
            // buffer than that takes what one call can carry.
            int most = VfsLimits.MaxTransfer - SocketAddressHeader.Size;
            int room = into.Length < most ? into.Length : most;
            long flags = TransferFlags.Addressed | (dontWait ? TransferFlags.DontWait : 0);
            int got = Files.ReadWith(fd, new Span<byte>(buffer, 0, SocketAddressHeader.Size + room), flags);
            if (got < 0)
                return got;
            if (got < SocketAddressHeader.Size)
                return SocketError.Invalid;
            SocketAddressHeader header;
            fixed (byte* b = buffer)
                header = *(SocketAddressHeader*)b;
            address = header.Address;
            port = header.Port;
            int length = got - SocketAddressHeader.Size;
            new ReadOnlySpan<byte>(buffer, SocketAddressHeader.Size, length).CopyTo(into);
            return length;
        }

        public static int Shutdown(int fd, ShutdownHow how)
        {
            SocketValueBlock block = default;
            block.Value = (long)how;
            return Control(fd, SocketIoctl.Shutdown, &block, sizeof(SocketValueBlock));
        }

        public static int Close(int fd) => Files.Close(fd);

        // setsockopt(2): SocketOptionName's options.
        public static int SetOption(int fd, int option, int value)
        {
            SocketOptionBlock block = default;
            block.Option = option;
            block.Value = value;
            return Control(fd, SocketIoctl.SetOption, &block, sizeof(SocketOptionBlock));
        }

        public static int GetOption(int fd, int option, out int value)
        {
            SocketOptionBlock block = default;
            block.Option = option;
            int status = Control(fd, SocketIoctl.GetOption, &block, sizeof(SocketOptionBlock));
            value = block.Value;
            return status;
        }

        public static int LocalName(int fd, out uint address, out int port) => Name(fd, SocketIoctl.LocalName, out address, out port);

        public static int PeerName(int fd, out uint address, out int port) => Name(fd, SocketIoctl.PeerName, out address, out port);

        // getaddrinfo(3) for IPv4 over /etc/hosts (no DNS: the test
        // networks reach nothing but the host). A dotted quad is its own
        // answer. Ok, or FileSystemStatus.NotFound for an unknown name.
        public const string HostsPath = "/etc/hosts";

        public static int GetAddressInfo(string host, out uint address)
        {
            if (IpAddress.TryParse(host, out address))
                return Status.Ok;
            string? text = WholeFiles.ReadText(HostsPath, 64 * 1024, out int status);
            if (text == null)
                return status < 0 ? status : FileSystemStatus.NotFound;
            return HostsTable.Parse(text).TryLookup(host, out address) ? Status.Ok : FileSystemStatus.NotFound;
        }

        // The control device (/dev/inet): interfaces, connections, counters.
        public static int OpenControl() => Files.Open(SocketDevice.ControlPath, OpenFlags.ReadWrite);

        // Interface number index (DriverStatus.NoSuchDevice past the last).
        public static int InterfaceAt(int control, int index, out InterfaceBlock block)
        {
            block = default;
            block.Index = index;
            fixed (InterfaceBlock* b = &block)
                return Control(control, SocketIoctl.InterfaceAt, b, sizeof(InterfaceBlock));
        }

        // Name (e.g. "eth0"), then either address/mask/gateway or DHCP.
        public static int Configure(int control, string name, uint address, uint mask, uint gateway, bool dhcp)
        {
            if (name.Length == 0 || name.Length >= InterfaceBlock.NameBytes)
                return Status.BadArgument;
            InterfaceBlock block = default;
            for (int i = 0; i < name.Length; i++)
                block.Name[i] = (byte)name[i];
            block.Address = address;
            block.Mask = mask;
            block.Gateway = gateway;
            block.Dhcp = dhcp ? 1 : 0;
            return Control(control, SocketIoctl.Configure, &block, sizeof(InterfaceBlock));
        }

        public static string InterfaceName(in InterfaceBlock block)
        {
            var chars = new char[InterfaceBlock.NameBytes];
            int n = 0;
            fixed (InterfaceBlock* b = &block)
                while (n < InterfaceBlock.NameBytes && b->Name[n] != 0)
                {
                    chars[n] = (char)b->Name[n];
                    n++;
                }
            return new string(chars, 0, n);
        }

        public static int ConnectionAt(int control, int index, out ConnectionBlock block)
        {
            block = default;
            block.Index = index;
            fixed (ConnectionBlock* b = &block)
                return Control(control, SocketIoctl.ConnectionAt, b, sizeof(ConnectionBlock));
        }

        public static int Counters(int control, out CountersBlock block)
        {
            block = default;
            fixed (CountersBlock* b = &block)
                return Control(control, SocketIoctl.Counters, b, sizeof(CountersBlock));
        }

        public static string ErrorText(int status)
        {
            switch (status)
            {
                case SocketError.Pipe: return "Broken pipe";
                case SocketError.WouldBlock: return "Resource temporarily unavailable";
                case SocketError.Invalid: return "Invalid argument";
                case SocketError.MessageTooLong: return "Message too long";
                case SocketError.NotSupported: return "Operation not supported";
                case SocketError.AddressInUse: return "Address already in use";
                case SocketError.AddressNotAvailable: return "Cannot assign requested address";
                case SocketError.NetworkUnreachable: return "Network is unreachable";
                case SocketError.ConnectionAborted: return "Software caused connection abort";
                case SocketError.ConnectionReset: return "Connection reset by peer";
                case SocketError.NoBuffers: return "No buffer space available";
                case SocketError.IsConnected: return "Transport endpoint is already connected";
                case SocketError.NotConnected: return "Transport endpoint is not connected";
                case SocketError.TimedOut: return "Connection timed out";
                case SocketError.ConnectionRefused: return "Connection refused";
                case SocketError.HostUnreachable: return "No route to host";
                case SocketError.InProgress: return "Operation now in progress";
            }
            if (SocketError.IsSocketError(status))
                return "Network error " + NumberText.Decimal(SocketError.Offset - status);
            // inet gone (restarted: its sockets are lost) shows as a device error.
            return Files.ErrorText(status);
        }

        private static int Name(int fd, long request, out uint address, out int port)
        {
            SocketAddressBlock block = default;
            int status = Control(fd, request, &block, sizeof(SocketAddressBlock));
            address = block.Address;
            port = block.Port;
            return status;
        }

        private static int Control(int fd, long request, void* block, int length) =>
            Files.Ioctl(fd, request, new Span<byte>(block, length));

        private static byte[] Datagram() =>
            s_datagram ??= new byte[VfsLimits.MaxTransfer];
    }
}
