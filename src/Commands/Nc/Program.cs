using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Nc
{
    // nc [-u] [-l] [-p PORT] [-w SECONDS] [--echo] [HOST] PORT: standard
    // input to a TCP connection (or UDP datagrams) and what comes back to
    // standard output, both at once (NcRelay, over one Files.Poll).
    //   nc HOST PORT       connects (-p: from that local port; -w: gives
    //                      up connecting after S seconds)
    //   nc -l -p PORT      accepts one TCP connection, then the same; -u
    //                      binds and answers whoever sent last
    //   --echo             (listening) sends back what comes instead
    // Listening, it says "nc: listening on A.B.C.D:PORT" on standard error
    // first. -w S also ends it once nothing has moved for S seconds.
    public static class Program
    {
        public static int Main()
        {
            Tool.Begin("nc");
            NcOptions options = NcOptions.Parse(Processes.Arguments());
            if (options.Error != null)
                return Tool.Finish(Tool.Usage(options.Error, NcOptions.Synopsis));
            uint address = 0;
            if (options.Host.Length > 0)
            {
                int found = Sockets.GetAddressInfo(options.Host, out address);
                if (found < 0)
                    return Tool.Finish(Tool.Report(options.Host, found == FileSystemStatus.NotFound ? "Name or service not known" : Sockets.ErrorText(found)));
            }
            int fd = Sockets.Socket(options.Udp ? SocketType.Datagram : SocketType.Stream);
            if (fd < 0)
                return Tool.Finish(Tool.Report("socket", Sockets.ErrorText(fd)));
            int status = options.Listen ? Listen(fd, address, options, out fd) : Connect(fd, address, options);
            if (status == 0)
                status = Relay(fd, options);
            if (fd >= 0)
                Sockets.Close(fd);
            return Tool.Finish(status);
        }

        private static int Connect(int fd, uint address, NcOptions options)
        {
            if (options.LocalPort != 0)
            {
                int bound = Sockets.Bind(fd, 0, options.LocalPort);
                if (bound < 0)
                    return Tool.Report("bind to port " + options.LocalPort.ToString(), Sockets.ErrorText(bound));
            }
            int status = options.WaitSeconds > 0 && !options.Udp ? ConnectWithin(fd, address, options.Port, options.WaitSeconds * 1000)
                : Sockets.Connect(fd, address, options.Port);
            if (status < 0)
                return Tool.Report("connect to " + options.Host + " port " + options.Port.ToString(), Sockets.ErrorText(status));
            return 0;
        }

        // connect with a time limit: a non-blocking connect, then a poll
        // for the socket to become writable (connected) or fail.
        private static int ConnectWithin(int fd, uint address, int port, int timeoutMs)
        {
            int status = Sockets.SetOption(fd, SocketOptionName.NonBlocking, 1);
            if (status < 0)
                return status;
            status = Sockets.Connect(fd, address, port);
            if (status == SocketError.InProgress || status == SocketError.WouldBlock)
            {
                var poll = new PollEntry[1];
                poll[0].Descriptor = fd;
                poll[0].Requested = SelectEvents.Writable;
                status = Files.Poll(poll, timeoutMs);
                if (status == 0)
                    return SocketError.TimedOut;
                if (status > 0)
                {
                    status = Sockets.GetOption(fd, SocketOptionName.Error, out int pending);
                    if (status >= 0)
                        status = pending == 0 ? 0 : pending < 0 ? (SocketError.IsSocketError(pending) ? pending : SocketError.FromErrno(pending)) : SocketError.FromErrno(-pending);
                }
            }
            if (status < 0)
                return status;
            return Sockets.SetOption(fd, SocketOptionName.NonBlocking, 0);
        }

        // Binds and says so; TCP then takes one connection (fd becomes it).
        private static int Listen(int listener, uint address, NcOptions options, out int fd)
        {
            fd = listener;
            Sockets.SetOption(listener, SocketOptionName.ReuseAddress, 1);
            int status = Sockets.Bind(listener, address, options.Port);
            if (status < 0)
                return Tool.Report("bind to port " + options.Port.ToString(), Sockets.ErrorText(status));
            if (!options.Udp)
            {
                status = Sockets.Listen(listener, 1);
                if (status < 0)
                    return Tool.Report("listen", Sockets.ErrorText(status));
            }
            Tool.Err.Write("nc: listening on " + Lib.Net.IpAddress.Format(address) + ":" + options.Port.ToString() + "\n");
            Tool.Err.Flush();
            if (options.Udp)
                return 0;
            if (options.WaitSeconds > 0)
            {
                var poll = new PollEntry[1];
                poll[0].Descriptor = listener;
                poll[0].Requested = SelectEvents.Readable;
                status = Files.Poll(poll, options.WaitSeconds * 1000);
                if (status <= 0)
                    return Tool.Report("accept", Sockets.ErrorText(status == 0 ? SocketError.TimedOut : status));
            }
            int connection = Sockets.Accept(listener, out _, out _);
            if (connection < 0)
                return Tool.Report("accept", Sockets.ErrorText(connection));
            Sockets.Close(listener);
            fd = connection;
            return 0;
        }

        private static int Relay(int fd, NcOptions options)
        {
            var relay = new NcRelay(new SocketPort(fd, options.Udp, options.Listen && options.Udp))
            {
                Udp = options.Udp,
                Echo = options.Echo,
                ReplyToSender = options.Listen && options.Udp,
                IdleMs = options.WaitSeconds * 1000,
            };
            int status = relay.Run();
            if (relay.InputStatus < 0)
                Tool.Report("standard input", relay.InputStatus);
            if (status != 0)
                Tool.Report(relay.FailedCall, Sockets.ErrorText(relay.FailedStatus));
            return status;
        }

        private sealed class SocketPort : INcPort
        {
            private readonly int _fd;
            private readonly bool _udp;
            private readonly bool _addressed;
            private readonly PollEntry[] _both = new PollEntry[2];
            private readonly PollEntry[] _socket = new PollEntry[1];

            public SocketPort(int fd, bool udp, bool addressed)
            {
                _fd = fd;
                _udp = udp;
                _addressed = addressed;
            }

            public int Wait(bool input, int timeoutMs, out bool inputReady, out bool socketReady)
            {
                inputReady = socketReady = false;
                PollEntry[] entries = input ? _both : _socket;
                entries[0].Descriptor = _fd;
                entries[0].Requested = SelectEvents.Readable;
                entries[0].Returned = 0;
                if (input)
                {
                    entries[1].Descriptor = Files.StandardInput;
                    entries[1].Requested = SelectEvents.Readable;
                    entries[1].Returned = 0;
                }
                int ready = Files.Poll(entries, timeoutMs);
                if (ready <= 0)
                    return ready;
                socketReady = entries[0].Returned != 0;
                inputReady = input && entries[1].Returned != 0;
                return ready;
            }

            public int ReadInput(Span<byte> into) => Files.Read(Files.StandardInput, into);

            public int WriteOutput(ReadOnlySpan<byte> data)
            {
                Tool.Out.Write(data);
                return Tool.Out.Flush() ? data.Length : Tool.Out.Status;
            }

            public int Send(ReadOnlySpan<byte> data, uint address, int port)
            {
                if (!_udp)
                {
                    int sent = Sockets.SendAll(_fd, data);
                    return sent >= 0 && sent < data.Length ? SocketError.Pipe : sent;
                }
                return _addressed && (address != 0 || port != 0) ? Sockets.SendTo(_fd, data, address, port) : Sockets.Send(_fd, data);
            }

            public int Receive(Span<byte> into, out uint address, out int port)
            {
                if (_addressed)
                    return Sockets.ReceiveFrom(_fd, into, out address, out port, dontWait: true);
                address = 0;
                port = 0;
                return Sockets.Receive(_fd, into, dontWait: true);
            }

            public int ShutdownWrite() => _udp ? 0 : Sockets.Shutdown(_fd, ShutdownHow.Write);
        }
    }
}
