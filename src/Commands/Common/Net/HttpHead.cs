using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Net;

// The header fields of a message head (RFC 9112 section 5): names
// compared without case, values without surrounding whitespace. Lines
// ending in "\r\n" or a bare "\n" are both accepted.
public sealed class HttpHeaders
{
    private readonly List<string> _names = new List<string>();
    private readonly List<string> _values = new List<string>();

    public int Count => _names.Count;

    public string NameAt(int index) => _names[index];

    public string ValueAt(int index) => _values[index];

    public void Add(string name, string value)
    {
        _names.Add(name);
        _values.Add(value);
    }

    // The first field of that name, or null.
    public string? Get(string name)
    {
        for (int i = 0; i < _names.Count; i++)
        {
            if (HttpText.EqualsIgnoreCase(_names[i], name))
                return _values[i];
        }
        return null;
    }

    // Every field of that name, e.g. two Content-Length fields.
    public int CountOf(string name)
    {
        int count = 0;
        for (int i = 0; i < _names.Count; i++)
        {
            if (HttpText.EqualsIgnoreCase(_names[i], name))
                count++;
        }
        return count;
    }

    // Splits a head into its first line and fields; false when a field
    // line has no colon, a name is empty or has whitespace before the
    // colon (RFC 9112 5.1 says reject), or a line is folded (obs-fold).
    public static bool Split(ReadOnlySpan<byte> head, out string firstLine, out HttpHeaders headers)
    {
        headers = new HttpHeaders();
        firstLine = "";
        string text = HttpText.Latin1(head);
        int start = 0;
        bool first = true;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0)
                end = text.Length;
            int lineEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            string line = text.Substring(start, lineEnd - start);
            start = end + 1;
            if (first)
            {
                firstLine = line;
                first = false;
                continue;
            }
            if (line.Length == 0)
                break;
            if (HttpText.IsSpace(line[0]))
                return false;
            int colon = line.IndexOf(':');
            if (colon <= 0 || HttpText.IsSpace(line[colon - 1]))
                return false;
            for (int i = 0; i < colon; i++)
            {
                if (line[i] <= ' ' || line[i] >= 0x7F)
                    return false;
            }
            headers.Add(line.Substring(0, colon), HttpText.Trim(line.Substring(colon + 1)));
        }
        return !first && firstLine.Length > 0;
    }
}

// A response's status line and fields: "HTTP/1.1 200 OK".
public sealed class HttpResponseHead
{
    private HttpResponseHead(int code, string reason, HttpHeaders headers)
    {
        Code = code;
        Reason = reason;
        Headers = headers;
    }

    public int Code { get; }

    public string Reason { get; }

    public HttpHeaders Headers { get; }

    public bool IsSuccess => Code >= 200 && Code <= 299;

    public bool IsRedirect => Code == 301 || Code == 302 || Code == 303 || Code == 307 || Code == 308;

    // "404 Not Found", as wget reports a failure.
    public string StatusText => Reason.Length > 0 ? Code.ToString() + " " + Reason : Code.ToString();

    public string? Location => Headers.Get("Location");

    // The head up to and including its blank line; null if malformed.
    public static HttpResponseHead? Parse(ReadOnlySpan<byte> head)
    {
        if (!HttpHeaders.Split(head, out string line, out HttpHeaders headers))
            return null;
        // HTTP-version SP 3DIGIT SP [reason]; a missing reason is tolerated.
        if (line.Length < 12 || !line.StartsWith("HTTP/") || line[8] != ' ')
            return null;
        long code = HttpText.ParseDecimal(line.Substring(9, 3));
        if (code < 100 || code > 999 || (line.Length > 12 && line[12] != ' '))
            return null;
        string reason = line.Length > 13 ? HttpText.Trim(line.Substring(13)) : "";
        return new HttpResponseHead((int)code, reason, headers);
    }

    // How the body is delimited (RFC 9112 section 6.3): none for HEAD, 1xx,
    // 204 and 304; chunked when the last transfer coding is chunked (any
    // other transfer coding: until the close); Content-Length; otherwise
    // until the connection closes. Null when the length is unusable (two
    // different lengths, a bad number).
    public HttpBodyReader? BodyReader(bool forHead)
    {
        if (forHead || (Code >= 100 && Code <= 199) || Code == 204 || Code == 304)
            return new HttpBodyReader(HttpBodyKind.Length, 0);
        string? coding = Headers.Get("Transfer-Encoding");
        if (coding != null)
        {
            return IsChunked(coding) ? new HttpBodyReader(HttpBodyKind.Chunked, -1) : new HttpBodyReader(HttpBodyKind.UntilClose, -1);
        }
        long length = ContentLength(Headers);
        if (length == -2)
            return null;
        return length >= 0 ? new HttpBodyReader(HttpBodyKind.Length, length) : new HttpBodyReader(HttpBodyKind.UntilClose, -1);
    }

    // -1 when absent, -2 when invalid or contradictory.
    public static long ContentLength(HttpHeaders headers)
    {
        long length = -1;
        for (int i = 0; i < headers.Count; i++)
        {
            if (!HttpText.EqualsIgnoreCase(headers.NameAt(i), "Content-Length"))
                continue;
            long value = HttpText.ParseDecimal(headers.ValueAt(i));
            if (value < 0 || (length >= 0 && value != length))
                return -2;
            length = value;
        }
        return length;
    }

    // "gzip, chunked" -> true (the last coding is what frames the body).
    private static bool IsChunked(string coding)
    {
        int comma = coding.Length - 1;
        while (comma >= 0 && coding[comma] != ',')
            comma--;
        return HttpText.EqualsIgnoreCase(HttpText.Trim(coding.Substring(comma + 1)), "chunked");
    }
}

// A request's line and fields: "GET /path HTTP/1.1".
public sealed class HttpRequestHead
{
    private HttpRequestHead(string method, string target, string version, HttpHeaders headers)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;
    }

    public string Method { get; }

    // As sent: "/a%20b?x=1" (or absolute-form "http://host/a").
    public string Target { get; }

    public string Version { get; }

    public HttpHeaders Headers { get; }

    // Null for anything that is not "METHOD SP target SP HTTP/d.d" with
    // valid fields (a 400).
    public static HttpRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        if (!HttpHeaders.Split(head, out string line, out HttpHeaders headers))
            return null;
        int firstSpace = line.IndexOf(' ');
        if (firstSpace <= 0)
            return null;
        int secondSpace = line.IndexOf(' ', firstSpace + 1);
        if (secondSpace <= firstSpace + 1 || line.IndexOf(' ', secondSpace + 1) >= 0)
            return null;
        string method = line.Substring(0, firstSpace);
        string target = line.Substring(firstSpace + 1, secondSpace - firstSpace - 1);
        string version = line.Substring(secondSpace + 1);
        for (int i = 0; i < method.Length; i++)
        {
            char c = method[i];
            if (c <= ' ' || c >= 0x7F || c == '(' || c == ')' || c == ',' || c == '/' || c == ':' || c == '"')
                return null;
        }
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] <= ' ' || target[i] >= 0x7F)
                return null;
        }
        if (version.Length != 8 || !version.StartsWith("HTTP/") || version[6] != '.' ||
            version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
            return null;
        if (HttpResponseHead.ContentLength(headers) == -2)
            return null;
        return new HttpRequestHead(method, target, version, headers);
    }
}
