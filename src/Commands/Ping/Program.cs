using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Ping
{
    // ping [-c COUNT] [-s SIZE] [-i INTERVAL_MS] [-W TIMEOUT_MS] HOST:
    // ICMP echo requests through an ICMP socket (/dev/icmp: inet picks the
    // identifier, the port of SendTo/ReceiveFrom is the sequence number).
    // The loop, the pattern check and the report are PingSession's; this
    // binds it to the socket, Files.Poll and the kernel's clock. Status 0
    // if any reply came, 1 if none (or a failure), 2 usage.
    public static class Program
    {
        public static int Main()
        {
            Tool.Begin("ping");
            PingOptions options = PingOptions.Parse(Processes.Arguments());
            if (options.Error != null)
                return Tool.Finish(Tool.Usage(options.Error, PingOptions.Synopsis));
            int found = Sockets.GetAddressInfo(options.Host, out uint target);
            if (found < 0)
                return Tool.Finish(Tool.Report(options.Host, found == FileSystemStatus.NotFound ? "Name or service not known" : Sockets.ErrorText(found)));
            int fd = Sockets.Socket(SocketType.Icmp);
            if (fd < 0)
                return Tool.Finish(Tool.Report("socket", Sockets.ErrorText(fd)));
            var session = new PingSession(new EchoSocket(fd, target), options, target, Tool.Out, Tool.Err);
            int status = session.Run();
            Sockets.Close(fd);
            return Tool.Finish(status);
        }

        private sealed class EchoSocket : IEchoPort
        {
            private readonly int _fd;
            private readonly uint _target;
            private readonly PollEntry[] _poll = new PollEntry[1];

            public EchoSocket(int fd, uint target)
            {
                _fd = fd;
                _target = target;
            }

            public int Send(ReadOnlySpan<byte> payload, int sequence) => Sockets.SendTo(_fd, payload, _target, sequence);

            public int WaitReadable(int timeoutMs)
            {
                _poll[0].Descriptor = _fd;
                _poll[0].Requested = SelectEvents.Readable;
                _poll[0].Returned = 0;
                return Files.Poll(_poll, timeoutMs);
            }

            public int Receive(Span<byte> into, out uint address, out int sequence) =>
                Sockets.ReceiveFrom(_fd, into, out address, out sequence, dontWait: true);

            public long Now() => Processes.Uptime();

            public string ErrorText(int status) => Sockets.ErrorText(status);
        }
    }
}
