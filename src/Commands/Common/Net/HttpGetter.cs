using System;

namespace Minix3.Cosmos.Commands.Common.Net;

// A TCP connection as wget uses it (the program's is a socket).
public interface IHttpConnection
{
    // Every byte, or a negative status.
    int Send(ReadOnlySpan<byte> data);

    // > 0 bytes, 0 when the peer closed, < 0 a status.
    int Receive(Span<byte> into);

    void Close();
}

public interface IHttpNetwork
{
    // A connection to host:port, or null with the message to print
    // ("HOST: unknown host", "HOST:PORT: Connection refused").
    IHttpConnection? Connect(string host, int port, out string error);

    // A receive's or send's negative status as text.
    string ErrorText(int status);
}

// Where the body goes: a file (created or truncated only once a 2xx
// response is in, removed again if the download fails) or standard output.
public interface IHttpTarget
{
    // Null when open, else the message ("NAME: Permission denied").
    string? Open();

    IByteSink Sink { get; }

    // Null when done, else the message.
    string? Close();

    // A write's negative status as the message ("NAME: No space left on device").
    string WriteError(int status);

    // The download failed: close, and remove a file Open created.
    void Discard();
}

// wget's work without the system under it: connect, send a GET, read the
// response head, follow redirects (301, 302, 303, 307, 308; at most
// MaxRedirects), then the body (Content-Length, chunked, or to the close)
// through a 64 KiB output buffer into the target. Messages go to Err as
// "wget: ..." lines; Run returns the exit status.
public sealed class HttpGetter
{
    public const int MaxRedirects = 5;
    public const int ReadSize = 64 * 1024;
    public const int MaxHead = 64 * 1024;
    public const string UserAgent = "minix3-wget";

    private readonly IHttpNetwork _network;
    private readonly OutputBuffer _err;
    private readonly byte[] _buffer = new byte[ReadSize];

    public HttpGetter(IHttpNetwork network, OutputBuffer err)
    {
        _network = network;
        _err = err;
    }

    public string Name { get; set; } = "wget";

    // No final line (-q); progress only when asked (standard error is a
    // terminal and not -q).
    public bool Quiet { get; set; }

    public bool ShowProgress { get; set; }

    // The byte count the last successful Run saved.
    public long Saved { get; private set; }

    // What the GET request for url looks like on the wire.
    public static byte[] Request(HttpUrl url) => HttpText.Bytes(
        "GET " + url.Path + " HTTP/1.1\r\n" +
        "Host: " + url.Authority + "\r\n" +
        "User-Agent: " + UserAgent + "\r\n" +
        "Accept: */*\r\n" +
        "Connection: close\r\n\r\n");

    // target and displayName: where the body goes and how the final line
    // names it (null: standard output, "wrote N bytes").
    public int Run(string urlText, IHttpTarget target, string? displayName)
    {
        HttpUrl? url = HttpUrl.Parse(urlText, out string error);
        if (url == null)
            return Fail(error);
        for (int redirects = 0; ; redirects++)
        {
            IHttpConnection? connection = _network.Connect(url.Host, url.Port, out error);
            if (connection == null)
                return Fail(error);
            int sent = connection.Send(Request(url));
            if (sent < 0)
            {
                connection.Close();
                return Fail(url.Authority + ": " + _network.ErrorText(sent));
            }
            HttpResponseHead? head = ReadHead(connection, out int used, out int filled, out error);
            if (head == null)
            {
                connection.Close();
                return Fail(error);
            }
            if (head.IsRedirect && head.Location != null)
            {
                connection.Close();
                if (redirects >= MaxRedirects)
                    return Fail("too many redirects (" + MaxRedirects.ToString() + ")");
                HttpUrl? next = url.Resolve(head.Location, out error);
                if (next == null)
                    return Fail(error);
                url = next;
                continue;
            }
            if (!head.IsSuccess)
            {
                connection.Close();
                return Fail("server said " + head.StatusText);
            }
            int status = ReadBody(connection, head, used, filled, target, displayName);
            connection.Close();
            return status;
        }
    }

    // Reads until the head's blank line; the head parsed, with the body's
    // first bytes left in _buffer[used..filled]. Interim 1xx heads are
    // skipped.
    private HttpResponseHead? ReadHead(IHttpConnection connection, out int used, out int filled, out string error)
    {
        used = 0;
        filled = 0;
        error = "";
        while (true)
        {
            int end = HttpText.HeadEnd(new ReadOnlySpan<byte>(_buffer, used, filled - used));
            if (end < 0)
            {
                if (used > 0)
                {
                    // Keep the partial head at the start of the buffer.
                    Array.Copy(_buffer, used, _buffer, 0, filled - used);
                    filled -= used;
                    used = 0;
                }
                if (filled >= MaxHead)
                {
                    error = "response head longer than " + MaxHead.ToString() + " bytes";
                    return null;
                }
                int got = connection.Receive(new Span<byte>(_buffer, filled, _buffer.Length - filled));
                if (got < 0)
                {
                    error = "receive: " + _network.ErrorText(got);
                    return null;
                }
                if (got == 0)
                {
                    error = "connection closed before the response";
                    return null;
                }
                filled += got;
                continue;
            }
            HttpResponseHead? head = HttpResponseHead.Parse(new ReadOnlySpan<byte>(_buffer, used, end));
            if (head == null)
            {
                error = "malformed response";
                return null;
            }
            used += end;
            if (head.Code >= 100 && head.Code <= 199)
                continue;
            return head;
        }
    }

    private int ReadBody(IHttpConnection connection, HttpResponseHead head, int used, int filled, IHttpTarget target, string? displayName)
    {
        HttpBodyReader? body = head.BodyReader(forHead: false);
        if (body == null)
            return Fail("bad Content-Length in the response");
        string? error = target.Open();
        if (error != null)
            return Fail(error);
        var output = new HttpGather(target.Sink, ReadSize);
        HttpProgress? progress = ShowProgress ? new HttpProgress(displayName ?? "-", body.Length) : null;
        if (progress != null)
            Progress(progress.Update(0));
        ReadOnlySpan<byte> first = new ReadOnlySpan<byte>(_buffer, used, filled - used);
        bool ok = body.Feed(first, output);
        while (ok && !body.Complete && output.Status == 0)
        {
            if (progress != null)
                Progress(progress.Update(body.Delivered));
            int got = connection.Receive(_buffer);
            if (got < 0)
            {
                error = "receive: " + _network.ErrorText(got);
                break;
            }
            if (got == 0)
            {
                error = body.End();
                break;
            }
            ok = body.Feed(new ReadOnlySpan<byte>(_buffer, 0, got), output);
        }
        if (!ok)
            error = "malformed chunked body: " + body.Error;
        if (!output.Flush() && error == null)
            error = target.WriteError(output.Status);
        if (progress != null)
            Progress(progress.Finish(body.Delivered));
        if (error != null)
        {
            target.Discard();
            return Fail(error);
        }
        error = target.Close();
        if (error != null)
            return Fail(error);
        Saved = body.Delivered;
        if (!Quiet)
        {
            _err.Write(Messages.Plain(Name, displayName == null
                ? "wrote " + Saved.ToString() + " bytes"
                : "saved " + displayName + " (" + Saved.ToString() + " bytes)"));
        }
        return 0;
    }

    private void Progress(string? text)
    {
        if (text == null)
            return;
        _err.Write(text);
        _err.Flush();
    }

    private int Fail(string message)
    {
        _err.Write(Messages.Plain(Name, message));
        return 1;
    }
}
