using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Minix3.Cosmos.Swifi.Campaign;

// The host's end of one of a guest's unix sockets (COM2, QEMU's monitor):
// connect once QEMU listens, send text, and hand every received line to a
// callback from a reader thread. Nothing here waits without a bound.
internal sealed class GuestLink : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _reader;
    private volatile bool _closed;

    private GuestLink(Socket socket, Action<string>? onLine)
    {
        _socket = socket;
        _reader = new Thread(() => Read(onLine)) { IsBackground = true, Name = "swifi guest link" };
        _reader.Start();
    }

    // Null when nothing listened at `path` before the deadline.
    public static GuestLink? Connect(string path, DateTime deadline, Action<string>? onLine)
    {
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(path));
                socket.ReceiveTimeout = 200;
                return new GuestLink(socket, onLine);
            }
            catch (SocketException)
            {
                socket.Dispose();
                if (DateTime.UtcNow >= deadline)
                    return null;
                Thread.Sleep(20);
            }
        }
    }

    public void Send(string text)
    {
        try
        {
            _socket.Send(Encoding.ASCII.GetBytes(text));
        }
        catch (SocketException)
        {
            // The guest is gone: whoever waits on it sees that from the run.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Read(Action<string>? onLine)
    {
        var buffer = new byte[4096];
        var line = new StringBuilder();
        while (!_closed)
        {
            int read;
            try
            {
                read = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                continue;
            }
            catch (Exception)
            {
                return;
            }
            if (read == 0)
                return;
            for (int i = 0; i < read; i++)
            {
                char c = (char)buffer[i];
                if (c == '\n' || c == '\r')
                {
                    if (line.Length > 0)
                        onLine?.Invoke(line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append(c);
                }
            }
        }
    }

    public void Dispose()
    {
        _closed = true;
        _socket.Dispose();
    }
}
