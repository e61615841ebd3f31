using System.Text;
using Minix3.Cosmos.Commands.Common.Net;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// Message heads: where they end, status and request lines, fields, and
// how the body is framed (RFC 9112 sections 3, 4, 5 and 6.3).
public class HttpHeadTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    [TestCase("HTTP/1.1 200 OK\r\n\r\nbody", 19)]
    [TestCase("HTTP/1.1 200 OK\n\nbody", 17)]
    [TestCase("HTTP/1.1 200 OK\r\nA: b\r\n\r\n", 25)]
    [TestCase("HTTP/1.1 200 OK\r\nA: b\r\n", -1)]
    [TestCase("HTTP/1.1 200 OK\r\nA: b\r\n\r", -1)]
    [TestCase("", -1)]
    public void HeadEnd(string text, int end) => Assert.That(HttpText.HeadEnd(B(text)), Is.EqualTo(end));

    [Test]
    public void ParsesAResponse()
    {
        var head = HttpResponseHead.Parse(B("HTTP/1.1 301 Moved Permanently\r\nlocation:  /new  \r\nX-Two: a\r\nx-two: b\r\n\r\n"));
        Assert.That(head, Is.Not.Null);
        Assert.That(head!.Code, Is.EqualTo(301));
        Assert.That(head.Reason, Is.EqualTo("Moved Permanently"));
        Assert.That(head.StatusText, Is.EqualTo("301 Moved Permanently"));
        Assert.That(head.IsRedirect, Is.True);
        Assert.That(head.Location, Is.EqualTo("/new"));
        Assert.That(head.Headers.Get("X-TWO"), Is.EqualTo("a"));
        Assert.That(head.Headers.CountOf("x-two"), Is.EqualTo(2));
    }

    [TestCase("HTTP/1.0 404 Not Found\n\n", 404, "404 Not Found")]
    [TestCase("HTTP/1.1 200\r\n\r\n", 200, "200")]
    [TestCase("HTTP/1.1 500 \r\n\r\n", 500, "500")]
    public void StatusLines(string text, int code, string status)
    {
        var head = HttpResponseHead.Parse(B(text));
        Assert.That(head, Is.Not.Null);
        Assert.That((head!.Code, head.StatusText), Is.EqualTo((code, status)));
    }

    [TestCase("HTTP/1.1 20 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 2000 OK\r\n\r\n")]
    [TestCase("ICY 200 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nName : v\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n")]
    [TestCase("\r\n\r\n")]
    public void MalformedResponses(string text) => Assert.That(HttpResponseHead.Parse(B(text)), Is.Null);

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", HttpBodyKind.Length, 10L)]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 10\r\n\r\n", HttpBodyKind.Length, 10L)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n", HttpBodyKind.Chunked, -1L)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", HttpBodyKind.Chunked, -1L)]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", HttpBodyKind.UntilClose, -1L)]
    [TestCase("HTTP/1.0 200 OK\r\n\r\n", HttpBodyKind.UntilClose, -1L)]
    [TestCase("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", HttpBodyKind.Length, 0L)]
    [TestCase("HTTP/1.1 304 Not Modified\r\n\r\n", HttpBodyKind.Length, 0L)]
    public void BodyFraming(string text, HttpBodyKind kind, long length)
    {
        HttpBodyReader? body = HttpResponseHead.Parse(B(text))!.BodyReader(forHead: false);
        Assert.That(body, Is.Not.Null);
        Assert.That((body!.Kind, body.Length), Is.EqualTo((kind, length)));
    }

    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 1 0\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n")]
    public void UnusableLengths(string text) =>
        Assert.That(HttpResponseHead.Parse(B(text))!.BodyReader(forHead: false), Is.Null);

    [Test]
    public void ParsesARequest()
    {
        var request = HttpRequestHead.Parse(B("GET /a%20b?x=1 HTTP/1.0\r\nHost: h\r\nUser-Agent: t\r\n\r\n"));
        Assert.That(request, Is.Not.Null);
        Assert.That((request!.Method, request.Target, request.Version), Is.EqualTo(("GET", "/a%20b?x=1", "HTTP/1.0")));
        Assert.That(request.Headers.Get("host"), Is.EqualTo("h"));
    }

    [TestCase("GET /\r\n\r\n")]
    [TestCase("GET  / HTTP/1.1\r\n\r\n")]
    [TestCase("GET / HTTP/1.1 extra\r\n\r\n")]
    [TestCase("GET / http/1.1\r\n\r\n")]
    [TestCase("GET / HTTP/11\r\n\r\n")]
    [TestCase("G(T / HTTP/1.1\r\n\r\n")]
    [TestCase("GET /\x01 HTTP/1.1\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [TestCase("\r\n\r\n")]
    public void MalformedRequests(string text) => Assert.That(HttpRequestHead.Parse(B(text)), Is.Null);

    [TestCase("index.html", "text/html")]
    [TestCase("A.HTM", "text/html")]
    [TestCase("notes.txt", "text/plain")]
    [TestCase("big.bin", "application/octet-stream")]
    [TestCase("noextension", "application/octet-stream")]
    [TestCase("/dir.txt/file", "application/octet-stream")]
    [TestCase("/a/b.png", "image/png")]
    public void ContentTypes(string name, string type) => Assert.That(HttpContentTypes.Of(name), Is.EqualTo(type));

    [TestCase("a b", "a b")]
    [TestCase("%41%62c", "Abc")]
    [TestCase("%e2%82%ac", "\u00e2\u0082\u00ac")]
    [TestCase("%4", null)]
    [TestCase("%zz", null)]
    public void PercentDecoding(string text, string? decoded) => Assert.That(HttpText.PercentDecode(text), Is.EqualTo(decoded));

    [TestCase("/a b/c&d", "/a%20b/c%26d")]
    [TestCase("/plain-._~", "/plain-._~")]
    public void PercentEncoding(string path, string encoded) => Assert.That(HttpText.PercentEncodePath(path), Is.EqualTo(encoded));
}
