using System;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// HttpGetter's network on the system: TCP sockets through VFS and inet,
// names from /etc/hosts (or a dotted quad). wget's, and the network
// experiment's reader's (test/Components/NetReader).
public sealed class SocketNetwork : IHttpNetwork
{
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
        status = Sockets.Connect(fd, address, port);
        if (status < 0)
        {
            Sockets.Close(fd);
            error = host + ":" + port.ToString() + ": " + Sockets.ErrorText(status);
            return null;
        }
        return new SocketConnection(fd);
    }

    public string ErrorText(int status) => Sockets.ErrorText(status);
}

public sealed class SocketConnection : IHttpConnection
{
    private readonly int _fd;

    public SocketConnection(int fd) { _fd = fd; }

    public int Send(ReadOnlySpan<byte> data) => Sockets.SendAll(_fd, data);

    // Up to 64 KiB (VFS's largest transfer) per call.
    public int Receive(Span<byte> into) => Sockets.Receive(_fd, into);

    public void Close() => Sockets.Close(_fd);
}
