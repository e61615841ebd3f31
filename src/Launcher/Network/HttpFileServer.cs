using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Minix3.Cosmos.Launcher.Network;

// `--serve DIR`: a small HTTP/1.1 file server on 127.0.0.1 (a free port),
// GET and HEAD of the files under DIR, for the guest's wget. Responses
// carry Content-Length; connections stay open (keep-alive) unless the
// client says `Connection: close` or speaks HTTP/1.0 without keep-alive.
// A directory answers a plain-text listing, one name a line (directories
// end in '/'). Anything outside DIR, or missing, is a 404; other methods
// a 405. One thread per connection: the guest opens few.
public sealed class HttpFileServer : IDisposable
{
    private const int MaxHeaderBytes = 16 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly TcpListener _listener;
    private readonly TextWriter? _log;
    private readonly List<TcpClient> _clients = new();
    private int _requests;
    private bool _stopped;

    private HttpFileServer(string root, TextWriter? log)
    {
        _root = Path.GetFullPath(root).TrimEnd('/');
        if (_root.Length == 0)
            _root = "/";
        _log = log;
        _listener = new TcpListener(IPAddress.Loopback, 0);
    }

    // Listens at once; `log` gets a line per request.
    public static HttpFileServer Start(string root, TextWriter? log = null)
    {
        if (!Directory.Exists(root))
            throw new LauncherException($"--serve: no directory {root}");
        var server = new HttpFileServer(root, log);
        server._listener.Start();
        new Thread(server.AcceptLoop) { IsBackground = true, Name = "http accept" }.Start();
        return server;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Root => _root;

    // Requests answered so far (any status).
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        lock (_clients)
        {
            _stopped = true;
            foreach (TcpClient client in _clients)
                client.Dispose();
            _clients.Clear();
        }
        _listener.Stop();
    }

    private void AcceptLoop()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                return;
            }
            lock (_clients)
            {
                if (_stopped)
                {
                    client.Dispose();
                    return;
                }
                _clients.Add(client);
            }
            new Thread(() => Serve(client)) { IsBackground = true, Name = "http connection" }.Start();
        }
    }

    private void Serve(TcpClient client)
    {
        try
        {
            client.NoDelay = true;
            client.ReceiveTimeout = (int)IdleTimeout.TotalMilliseconds;
            using NetworkStream stream = client.GetStream();
            var reader = new HeaderReader(stream);
            while (reader.Next() is string head)
            {
                if (!Answer(head, stream))
                    break;
            }
        }
        catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException)
        {
            // The client went away or idled out: nothing to answer.
        }
        finally
        {
            lock (_clients)
                _clients.Remove(client);
            client.Dispose();
        }
    }

    // Answers one request; false: close the connection afterwards.
    private bool Answer(string head, Stream stream)
    {
        Interlocked.Increment(ref _requests);
        string[] lines = head.Split("\r\n");
        string[] request = lines[0].Split(' ');
        if (request.Length != 3 || !request[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !request[1].StartsWith('/'))
        {
            Respond(stream, 400, "Bad Request", "text/plain", Encoding.ASCII.GetBytes("bad request\n"), head: false, keepAlive: false);
            return false;
        }
        string method = request[0], version = request[2];
        string? connection = null;
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            if (colon > 0 && lines[i][..colon].Trim().Equals("Connection", StringComparison.OrdinalIgnoreCase))
                connection = lines[i][(colon + 1)..].Trim().ToLowerInvariant();
        }
        bool keepAlive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
        bool isHead = method == "HEAD";
        if (method != "GET" && !isHead)
        {
            _log?.WriteLine($"launcher: serve {method} {request[1]} 405");
            Respond(stream, 405, "Method Not Allowed", "text/plain", Encoding.ASCII.GetBytes("only GET and HEAD\n"), head: false, keepAlive: false, extra: "Allow: GET, HEAD\r\n");
            return false;
        }
        string? path = Resolve(request[1]);
        if (path != null && File.Exists(path))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            _log?.WriteLine($"launcher: serve {method} {request[1]} 200 {file.Length} bytes");
            WriteHead(stream, 200, "OK", ContentType(path), file.Length, keepAlive);
            if (!isHead)
                file.CopyTo(stream, 64 * 1024);
            stream.Flush();
        }
        else if (path != null && Directory.Exists(path))
        {
            _log?.WriteLine($"launcher: serve {method} {request[1]} 200 (listing)");
            Respond(stream, 200, "OK", "text/plain; charset=utf-8", Listing(path), isHead, keepAlive);
        }
        else
        {
            _log?.WriteLine($"launcher: serve {method} {request[1]} 404");
            Respond(stream, 404, "Not Found", "text/plain", Encoding.ASCII.GetBytes("not found\n"), isHead, keepAlive);
        }
        return keepAlive;
    }

    // The file a request target names, or null when it is malformed or
    // leaves the served directory ("/../x", "%2e%2e/x").
    public string? Resolve(string target)
    {
        int end = target.IndexOfAny(new[] { '?', '#' });
        if (end >= 0)
            target = target[..end];
        string relative;
        try
        {
            relative = Uri.UnescapeDataString(target).TrimStart('/');
        }
        catch (UriFormatException)
        {
            return null;
        }
        if (relative.Contains('\0'))
            return null;
        string full = Path.GetFullPath(Path.Combine(_root, relative));
        string rootWithSlash = _root.EndsWith('/') ? _root : _root + "/";
        return full == _root || full.StartsWith(rootWithSlash, StringComparison.Ordinal) ? full : null;
    }

    private static byte[] Listing(string directory)
    {
        var names = new List<string>();
        foreach (string entry in Directory.GetDirectories(directory))
            names.Add(Path.GetFileName(entry) + "/");
        foreach (string entry in Directory.GetFiles(directory))
            names.Add(Path.GetFileName(entry));
        names.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (string name in names)
            text.Append(name).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".sh" or ".c" or ".cs" or ".md" => "text/plain; charset=utf-8",
        ".html" or ".htm" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static void Respond(Stream stream, int status, string reason, string type, byte[] body, bool head, bool keepAlive, string extra = "")
    {
        WriteHead(stream, status, reason, type, body.Length, keepAlive, extra);
        if (!head)
            stream.Write(body, 0, body.Length);
        stream.Flush();
    }

    private static void WriteHead(Stream stream, int status, string reason, string type, long length, bool keepAlive, string extra = "")
    {
        string text = $"HTTP/1.1 {status} {reason}\r\n" +
            "Server: minix3-launcher\r\n" +
            $"Content-Type: {type}\r\n" +
            $"Content-Length: {length.ToString(CultureInfo.InvariantCulture)}\r\n" +
            $"Connection: {(keepAlive ? "keep-alive" : "close")}\r\n" +
            extra + "\r\n";
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        stream.Write(bytes, 0, bytes.Length);
    }

    // Splits a connection's bytes into request heads (up to the blank
    // line). Bytes after a head stay for the next: pipelined requests.
    private sealed class HeaderReader
    {
        private readonly Stream _stream;
        private readonly byte[] _buffer = new byte[MaxHeaderBytes];
        private int _count;

        public HeaderReader(Stream stream) => _stream = stream;

        // The next head without its blank line; null at the end of the
        // connection or when a head does not fit.
        public string? Next()
        {
            while (true)
            {
                int end = IndexOfBlankLine();
                if (end >= 0)
                {
                    string head = Encoding.ASCII.GetString(_buffer, 0, end);
                    Array.Copy(_buffer, end + 4, _buffer, 0, _count - end - 4);
                    _count -= end + 4;
                    return head;
                }
                if (_count == _buffer.Length)
                    return null;
                int read = _stream.Read(_buffer, _count, _buffer.Length - _count);
                if (read == 0)
                    return null;
                _count += read;
            }
        }

        private int IndexOfBlankLine()
        {
            for (int i = 0; i + 3 < _count; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                    return i;
            }
            return -1;
        }
    }
}
