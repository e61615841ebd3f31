using System;
using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Net;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Httpd
{
    // httpd [-p PORT] [-r ROOT] [-n COUNT]: serves the files under ROOT
    // (default /) on TCP port PORT (default 80): GET and HEAD, one
    // connection at a time, closed after each response. The protocol is
    // Common/Net/HttpServing; this file binds it to sockets and VFS.
    // "httpd: listening on port PORT" on standard error once it accepts,
    // then "httpd: GET /path 200 1234" per request. A client gets
    // RequestTimeoutMs to send its request, then is dropped (a silent
    // client must not stop the server). -n: exit 0 after COUNT requests.
    public static class Program
    {
        private const string Synopsis = "[-p PORT] [-r ROOT] [-n COUNT]";
        private const int RequestTimeoutMs = 10_000;

        public static int Main()
        {
            CommandLine line = CommandLine.Parse(Tool.Begin("httpd"), "httpd", "", "prn");
            if (line.Error != null)
                return Tool.Finish(Tool.Usage(line.Error, Synopsis));
            if (line.Operands.Count != 0)
                return Tool.Finish(Tool.Usage("too many operands", Synopsis));
            long port = line.Value('p') == null ? 80 : HttpText.ParseDecimal(line.Value('p')!);
            if (port < 1 || port > 65535)
                return Tool.Finish(Tool.Usage("invalid port: " + line.Value('p'), Synopsis));
            long count = line.Value('n') == null ? -1 : HttpText.ParseDecimal(line.Value('n')!);
            if (line.Value('n') != null && count < 1)
                return Tool.Finish(Tool.Usage("invalid count: " + line.Value('n'), Synopsis));
            string root = line.Value('r') ?? "/";
            int rootFound = Files.Stat(root, out FileStatus rootStatus);
            if (rootFound < 0)
                return Tool.Finish(Tool.Report(root, rootFound));
            if (rootStatus.Kind != FileKind.Directory)
                return Tool.Finish(Tool.Report(root, "Not a directory"));

            // A client that resets the connection must cost one response,
            // not the server.
            Processes.IgnoreSignal(Signal.Pipe, true);
            int listener = Sockets.Socket(SocketType.Stream);
            if (listener < 0)
                return Tool.Finish(Report("socket", listener));
            Sockets.SetOption(listener, SocketOptionName.ReuseAddress, 1);
            int status = Sockets.Bind(listener, 0, (int)port);
            if (status >= 0)
                status = Sockets.Listen(listener, 8);
            if (status < 0)
                return Tool.Finish(Report("port " + port.ToString(), status));
            Tool.Err.Write(Messages.Plain(Tool.Name, "listening on port " + port.ToString()));

            var serving = new HttpServing(new VfsFiles(), root);
            byte[] request = new byte[HttpServing.MaxHead];
            long served = 0;
            while (count < 0 || served < count)
            {
                int fd = Sockets.Accept(listener, out uint address, out int peerPort);
                // A client that gave up before we took its connection costs
                // nothing; anything else (inet gone: its sockets are lost)
                // ends the server.
                if (fd == SocketError.ConnectionAborted || fd == SocketError.ConnectionReset)
                    continue;
                if (fd < 0)
                {
                    Sockets.Close(listener);
                    return Tool.Finish(Report("accept", fd));
                }
                var connection = new DeadlineConnection(fd, Processes.Uptime() + RequestTimeoutMs);
                HttpRequestOutcome outcome = HttpServing.ReadRequest(connection, request, SocketError.TimedOut, out int headLength, out int filled);
                if (outcome == HttpRequestOutcome.Complete || outcome == HttpRequestOutcome.TooLong)
                {
                    int length = outcome == HttpRequestOutcome.Complete ? headLength : filled;
                    HttpServed answer = serving.Respond(new ReadOnlySpan<byte>(request, 0, length), outcome == HttpRequestOutcome.TooLong, connection);
                    Tool.Err.Write(Messages.Plain(Tool.Name, answer.LogLine()));
                    served++;
                }
                else if (outcome == HttpRequestOutcome.TimedOut)
                {
                    Tool.Err.Write(Messages.About(Tool.Name, IpAddress.Format(address) + ":" + peerPort.ToString(), "no request in 10 s; closed"));
                }
                // Our side is done: the client reads to the close.
                Sockets.Shutdown(fd, ShutdownHow.Write);
                Sockets.Close(fd);
            }
            Sockets.Close(listener);
            return Tool.Finish(0);
        }

        private static int Report(string subject, int status) => Tool.Report(subject, Sockets.ErrorText(status));
    }

    // A connection whose reads end at a deadline (Files.Poll's timeout):
    // past it, Receive answers SocketError.TimedOut.
    internal sealed class DeadlineConnection : IHttpConnection
    {
        private readonly int _fd;
        private readonly long _deadline;
        private readonly PollEntry[] _poll = new PollEntry[1];

        public DeadlineConnection(int fd, long deadline)
        {
            _fd = fd;
            _deadline = deadline;
        }

        public int Send(ReadOnlySpan<byte> data) => Sockets.SendAll(_fd, data);

        public int Receive(Span<byte> into)
        {
            long left = _deadline - Processes.Uptime();
            if (left <= 0)
                return SocketError.TimedOut;
            _poll[0].Descriptor = _fd;
            _poll[0].Requested = (short)SelectEvents.Readable;
            _poll[0].Returned = 0;
            int ready = Files.Poll(_poll, (int)left);
            if (ready < 0)
                return ready;
            if (ready == 0)
                return SocketError.TimedOut;
            return Sockets.Receive(_fd, into);
        }

        public void Close() => Sockets.Close(_fd);
    }

    // VFS under ROOT. Only regular files are served: a device such as
    // /dev/zero would be an endless body.
    internal sealed class VfsFiles : IHttpFiles
    {
        public HttpFileKind Stat(string path, out long size)
        {
            size = 0;
            int status = Files.Stat(path, out FileStatus stat);
            if (status < 0)
            {
                return status == FileSystemStatus.NotFound || status == FileSystemStatus.NotADirectory ? HttpFileKind.Missing
                    : status == FileSystemStatus.AccessDenied ? HttpFileKind.Forbidden : HttpFileKind.Failed;
            }
            size = stat.Size;
            return stat.Kind == FileKind.File ? HttpFileKind.File
                : stat.Kind == FileKind.Directory ? HttpFileKind.Directory : HttpFileKind.Forbidden;
        }

        public bool List(string path, List<string> names, List<bool> isDirectory)
        {
            int fd = Files.Open(path, OpenFlags.Read | OpenFlags.Directory);
            if (fd < 0)
                return false;
            int status;
            while ((status = Files.ReadDirectory(fd, out DirectoryEntry entry)) > 0)
            {
                names.Add(entry.Name);
                isDirectory.Add(entry.IsDirectory);
            }
            Files.Close(fd);
            return status == 0;
        }

        public int Open(string path) => Files.Open(path, OpenFlags.Read);

        public int Read(int handle, Span<byte> into) => Files.Read(handle, into);

        public void Close(int handle) => Files.Close(handle);
    }
}
