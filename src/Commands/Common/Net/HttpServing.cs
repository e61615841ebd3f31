using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Common.Net;

public enum HttpFileKind { Missing, File, Directory, Forbidden, Failed }

// The file system as httpd sees it (the program's is VFS's).
public interface IHttpFiles
{
    HttpFileKind Stat(string path, out long size);

    // The names in a directory (directories with isDirectory set); false
    // when it cannot be read.
    bool List(string path, List<string> names, List<bool> isDirectory);

    // A handle >= 0, or < 0.
    int Open(string path);

    // > 0 bytes, 0 at the end, < 0 an error.
    int Read(int handle, Span<byte> into);

    void Close(int handle);
}

public enum HttpRequestOutcome { Complete, TooLong, Closed, TimedOut, Failed }

// What httpd did with one request, for its log line.
public struct HttpServed
{
    public string Method;
    public string Target;
    public int Code;
    public long Bytes;

    // "GET /path 200 1234" (httpd prefixes "httpd: ").
    public string LogLine() => Method + " " + Target + " " + Code.ToString() + " " + Bytes.ToString();
}

// httpd's work without the system under it: read one request head (at
// most MaxHead bytes), map its target onto ROOT, and answer it on the
// connection: 200 with the file (or a directory's index.html, or an HTML
// listing), 400, 403 (a path that climbs out of ROOT, or refused by the
// file system), 404, 405, 505 (a major version other than 1), 500 (an
// error reading). Every response carries Content-Length, Content-Type and
// "Connection: close"; the caller closes after it. Bodies go out in
// pieces of PieceSize bytes, the first one together with the head.
public sealed class HttpServing
{
    public const int MaxHead = 8 * 1024;
    public const int PieceSize = 64 * 1024;

    private readonly IHttpFiles _files;
    private readonly string _root;
    private readonly byte[] _piece = new byte[PieceSize];

    public HttpServing(IHttpFiles files, string root)
    {
        _files = files;
        _root = root.Length == 0 ? "/" : root;
    }

    // Reads until the head's blank line into buffer (MaxHead bytes): the
    // head's length in headLength when Complete. Closed: the client went
    // before finishing a head (nothing to answer). A negative Receive
    // status is a timeout when it equals timedOutStatus.
    public static HttpRequestOutcome ReadRequest(IHttpConnection connection, byte[] buffer, int timedOutStatus, out int headLength, out int filled)
    {
        headLength = 0;
        filled = 0;
        int limit = buffer.Length < MaxHead ? buffer.Length : MaxHead;
        while (true)
        {
            int end = HttpText.HeadEnd(new ReadOnlySpan<byte>(buffer, 0, filled));
            if (end > 0)
            {
                headLength = end;
                return HttpRequestOutcome.Complete;
            }
            if (filled >= limit)
                return HttpRequestOutcome.TooLong;
            int got = connection.Receive(new Span<byte>(buffer, filled, limit - filled));
            if (got == 0)
                return HttpRequestOutcome.Closed;
            if (got < 0)
                return got == timedOutStatus ? HttpRequestOutcome.TimedOut : HttpRequestOutcome.Failed;
            filled += got;
        }
    }

    // Answers the request in head (tooLong: head is what was read of a
    // head longer than MaxHead, a 400; its first words still go to the log).
    public HttpServed Respond(ReadOnlySpan<byte> head, bool tooLong, IHttpConnection connection)
    {
        var served = new HttpServed { Method = "-", Target = "-" };
        FirstWords(head, ref served);
        HttpRequestHead? request = tooLong ? null : HttpRequestHead.Parse(head);
        if (request == null)
            return Error(connection, served, 400, false);
        served.Method = request.Method;
        served.Target = request.Target;
        bool isHead = request.Method == "HEAD";
        if (request.Version[5] != '1')
            return Error(connection, served, 505, isHead);
        if (request.Method != "GET" && !isHead)
            return Error(connection, served, 405, false);
        int code = MapTarget(request.Target, out string path, out string urlPath);
        if (code != 200)
            return Error(connection, served, code, isHead);
        HttpFileKind kind = _files.Stat(path, out long size);
        if (kind == HttpFileKind.Directory)
        {
            string index = Messages.Join(path, "index.html");
            if (_files.Stat(index, out long indexSize) == HttpFileKind.File)
            {
                path = index;
                size = indexSize;
                kind = HttpFileKind.File;
            }
            else
            {
                return Listing(connection, served, path, urlPath, isHead);
            }
        }
        if (kind != HttpFileKind.File)
            return Error(connection, served, CodeOf(kind), isHead);
        return SendFile(connection, served, path, size, isHead);
    }

    // The target's path under ROOT: 200 with it, 400 when it is not a
    // path ("*", bad %-escapes, a NUL), 403 when ".." climbs above ROOT.
    // urlPath: the decoded path as the client named it, for listings.
    public int MapTarget(string target, out string path, out string urlPath)
    {
        path = _root;
        urlPath = "/";
        if (HttpText.StartsWithIgnoreCase(target, "http://"))
        {
            // absolute-form (RFC 9112 3.2.2): the path after the authority.
            int slash = target.IndexOf('/', 7);
            target = slash < 0 ? "/" : target.Substring(slash);
        }
        int query = target.IndexOf('?');
        if (query >= 0)
            target = target.Substring(0, query);
        if (target.Length == 0 || target[0] != '/')
            return 400;
        string? decoded = HttpText.PercentDecode(target);
        if (decoded == null || decoded.IndexOf('\0') >= 0)
            return 400;
        var segments = new List<string>();
        int start = 1;
        while (start <= decoded.Length)
        {
            int end = decoded.IndexOf('/', start);
            if (end < 0)
                end = decoded.Length;
            string segment = decoded.Substring(start, end - start);
            start = end + 1;
            if (segment.Length == 0 || segment == ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count == 0)
                    return 403;
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var builder = new StringBuilder();
        for (int i = 0; i < segments.Count; i++)
            builder.Append('/').Append(segments[i]);
        string relative = builder.ToString();
        urlPath = relative.Length == 0 ? "/" : relative;
        if (decoded.Length > 1 && decoded[decoded.Length - 1] == '/' && relative.Length > 0)
            urlPath += "/";
        path = relative.Length == 0 ? _root : Messages.Join(_root, relative.Substring(1));
        return 200;
    }

    public static string Reason(int code)
    {
        switch (code)
        {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 500: return "Internal Server Error";
            case 505: return "HTTP Version Not Supported";
            default: return "Error";
        }
    }

    public static string ResponseHead(int code, long length, string contentType, bool allow = false) =>
        "HTTP/1.1 " + code.ToString() + " " + Reason(code) + "\r\n" +
        "Server: minix3-httpd\r\n" +
        "Content-Type: " + contentType + "\r\n" +
        "Content-Length: " + length.ToString() + "\r\n" +
        (allow ? "Allow: GET, HEAD\r\n" : "") +
        "Connection: close\r\n\r\n";

    // The page of a directory: its entries sorted by name, directories
    // with a '/', each a link by absolute path (so it works whether or not
    // the request ended in '/').
    public static string ListingPage(string urlPath, List<string> names, List<bool> isDirectory)
    {
        var order = new List<int>();
        for (int i = 0; i < names.Count; i++)
            order.Add(i);
        order.Sort((a, b) => string.CompareOrdinal(names[a], names[b]));
        string directory = urlPath.Length > 0 && urlPath[urlPath.Length - 1] == '/' ? urlPath : urlPath + "/";
        string title = HttpText.HtmlEscape("Index of " + directory);
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html><head><title>").Append(title).Append("</title></head>\n<body>\n<h1>")
            .Append(title).Append("</h1>\n<ul>\n");
        foreach (int i in order)
        {
            string name = names[i];
            if (name == "." || name == "..")
                continue;
            string shown = isDirectory[i] ? name + "/" : name;
            page.Append("<li><a href=\"").Append(HttpText.HtmlEscape(HttpText.PercentEncodePath(directory + shown)))
                .Append("\">").Append(HttpText.HtmlEscape(shown)).Append("</a></li>\n");
        }
        page.Append("</ul>\n</body></html>\n");
        return page.ToString();
    }

    private static int CodeOf(HttpFileKind kind) =>
        kind == HttpFileKind.Missing ? 404 : kind == HttpFileKind.Forbidden ? 403 : 500;

    private HttpServed SendFile(IHttpConnection connection, HttpServed served, string path, long size, bool isHead)
    {
        int handle = isHead ? 0 : _files.Open(path);
        if (handle < 0)
            return Error(connection, served, 403, isHead);
        served.Code = 200;
        int headLength = Put(HttpText.Bytes(ResponseHead(200, size, HttpContentTypes.Of(path))), 0);
        if (isHead)
        {
            connection.Send(new ReadOnlySpan<byte>(_piece, 0, headLength));
            return served;
        }
        long left = size;
        int used = headLength;
        while (true)
        {
            // Fill the piece (after the head, the first time) from the file.
            int room = PieceSize - used;
            if (room > left)
                room = (int)left;
            int got = 0;
            while (got < room)
            {
                int n = _files.Read(handle, new Span<byte>(_piece, used + got, room - got));
                if (n <= 0)
                    break;
                got += n;
            }
            left -= got;
            int length = used + got;
            if (length > 0 && connection.Send(new ReadOnlySpan<byte>(_piece, 0, length)) < 0)
                break;
            served.Bytes += got;
            // Done, or the file ended early (it shrank): the client sees a
            // short body, which Content-Length lets it detect.
            if (left == 0 || got < room)
                break;
            used = 0;
        }
        _files.Close(handle);
        return served;
    }

    private HttpServed Listing(IHttpConnection connection, HttpServed served, string path, string urlPath, bool isHead)
    {
        var names = new List<string>();
        var directories = new List<bool>();
        if (!_files.List(path, names, directories))
            return Error(connection, served, 403, isHead);
        // Names are VFS's bytes as chars: they go out as those bytes.
        byte[] body = HttpText.Bytes(ListingPage(urlPath, names, directories));
        return Send(connection, served, 200, body, HttpContentTypes.Html, isHead, false);
    }

    private HttpServed Error(IHttpConnection connection, HttpServed served, int code, bool isHead)
    {
        string text = code.ToString() + " " + Reason(code);
        byte[] body = HttpText.Bytes("<!DOCTYPE html>\n<html><head><title>" + text + "</title></head>\n<body><h1>" + text + "</h1></body></html>\n");
        return Send(connection, served, code, body, HttpContentTypes.Html, isHead, code == 405);
    }

    private HttpServed Send(IHttpConnection connection, HttpServed served, int code, byte[] body, string type, bool isHead, bool allow)
    {
        byte[] head = HttpText.Bytes(ResponseHead(code, body.Length, type, allow));
        byte[] all = new byte[head.Length + (isHead ? 0 : body.Length)];
        Array.Copy(head, 0, all, 0, head.Length);
        if (!isHead)
            Array.Copy(body, 0, all, head.Length, body.Length);
        served.Code = code;
        if (connection.Send(all) >= 0 && !isHead)
            served.Bytes = body.Length;
        return served;
    }

    private int Put(byte[] data, int at)
    {
        Array.Copy(data, 0, _piece, at, data.Length);
        return at + data.Length;
    }

    // The request line's method and target for the log, even when the
    // request is unusable ("-" when there are none).
    private static void FirstWords(ReadOnlySpan<byte> head, ref HttpServed served)
    {
        int end = 0;
        while (end < head.Length && end < 256 && head[end] != (byte)'\r' && head[end] != (byte)'\n')
            end++;
        string line = HttpText.Latin1(head.Slice(0, end));
        int space = line.IndexOf(' ');
        string method = space < 0 ? line : line.Substring(0, space);
        if (method.Length > 0)
            served.Method = Printable(method);
        if (space < 0)
            return;
        int next = line.IndexOf(' ', space + 1);
        string target = next < 0 ? line.Substring(space + 1) : line.Substring(space + 1, next - space - 1);
        if (target.Length > 0)
            served.Target = Printable(target);
    }

    private static string Printable(string text)
    {
        var chars = new char[text.Length];
        for (int i = 0; i < text.Length; i++)
            chars[i] = text[i] < ' ' || text[i] >= 0x7F ? '?' : text[i];
        return new string(chars);
    }
}
