using System;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Wget
{
    // wget [-q] [-O FILE] URL: fetches http://HOST[:PORT]/PATH (HOST from
    // /etc/hosts or a dotted quad) with HTTP/1.1 GET, following up to 5
    // redirects, into FILE (created or truncated; "-" is standard output;
    // by default the URL path's last component, index.html for a path
    // ending in '/'). The protocol is Common/Net/HttpGetter; this file only
    // binds it to sockets and files. A progress line on standard error when
    // it is a terminal; "wget: saved NAME (N bytes)" at the end unless -q.
    // Status 0, or 1 with a message (a non-2xx answer leaves no file).
    public static class Program
    {
        private const string Synopsis = "[-q] [-O FILE] URL";

        public static int Main()
        {
            CommandLine line = CommandLine.Parse(Tool.Begin("wget"), "wget", "q", "O");
            if (line.Error != null)
                return Tool.Finish(Tool.Usage(line.Error, Synopsis));
            if (line.Operands.Count != 1)
                return Tool.Finish(Tool.Usage(line.Operands.Count == 0 ? "missing URL" : "too many operands", Synopsis));
            string url = line.Operands[0];
            string? output = line.Value('O');
            if (output == null)
            {
                HttpUrl? parsed = HttpUrl.Parse(url, out _);
                output = parsed != null ? parsed.FileName() : "index.html";
            }
            bool toStandardOutput = output == "-";
            var getter = new HttpGetter(new SocketNetwork(), Tool.Err)
            {
                Name = Tool.Name,
                Quiet = line.Has('q'),
                ShowProgress = !line.Has('q') && Terminal.IsTerminal(Files.StandardError),
            };
            IHttpTarget target = toStandardOutput ? new StandardOutputTarget() : new FileTarget(output);
            int status = getter.Run(url, target, toStandardOutput ? null : output);
            return Tool.Finish(status);
        }
    }

    // The body into a file, opened only once the answer is a success.
    internal sealed class FileTarget : IHttpTarget
    {
        private readonly string _path;
        private int _fd = -1;
        private bool _created;
        private DescriptorSink? _sink;

        public FileTarget(string path) { _path = path; }

        public IByteSink Sink => _sink!;

        public string? Open()
        {
            _created = Files.Stat(_path, out _) < 0;
            _fd = Files.Open(_path, OpenFlags.Write | OpenFlags.Create | OpenFlags.Truncate);
            if (_fd < 0)
                return _path + ": " + Files.ErrorText(_fd);
            _sink = new DescriptorSink(_fd);
            return null;
        }

        public string? Close()
        {
            int status = Files.Close(_fd);
            _fd = -1;
            return status < 0 ? _path + ": " + Files.ErrorText(status) : null;
        }

        // A failed download leaves no file it made (a file that was there
        // before stays, truncated: its old contents are gone either way).
        public void Discard()
        {
            if (_fd >= 0)
                Files.Close(_fd);
            _fd = -1;
            if (_created)
                Files.Unlink(_path);
        }

        public string WriteError(int status) => _path + ": " + Files.ErrorText(status);
    }

    internal sealed class StandardOutputTarget : IHttpTarget
    {
        private readonly DescriptorSink _sink = new DescriptorSink(Files.StandardOutput);

        public IByteSink Sink => _sink;

        public string? Open() => null;

        public string? Close() => null;

        public void Discard() { }

        public string WriteError(int status) => "standard output: " + Files.ErrorText(status);
    }
}
