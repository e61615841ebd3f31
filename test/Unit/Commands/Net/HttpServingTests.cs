using System;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// httpd's responder (HttpServing) on an in-memory tree: each status it
// answers, the exact head, bodies sent in 64 KiB pieces, listings, the
// log line, and reading a request head with its limits.
public class HttpServingTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    private static readonly byte[] Hello = B("hello over http\n");

    private static FakeFiles Tree()
    {
        var files = new FakeFiles();
        files.Add("/srv/hello.txt", Hello);
        files.Add("/srv/big.bin", TestBytes.Random(200_000, seed: 3));
        files.Add("/srv/site/index.html", B("<p>index</p>"));
        files.Add("/srv/pub/b.txt", B("b"));
        files.Add("/srv/pub/a & c.bin", B("a"));
        files.Add("/srv/pub/sub/deep.txt", B("d"));
        files.Add("/srv/a b.txt", B("spaced"));
        files.Forbidden.Add("/srv/device");
        return files;
    }

    // The response to one request head; what went out and the log.
    private static (string Response, HttpServed Served, ScriptedConnection Connection) Serve(string request, FakeFiles? files = null)
    {
        var serving = new HttpServing(files ?? Tree(), "/srv");
        var connection = new ScriptedConnection(_ => Array.Empty<byte>(), 1);
        HttpServed served = serving.Respond(B(request), false, connection);
        return (connection.Sent.ToString(), served, connection);
    }

    private static string Body(string response) => response.Substring(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4);

    [Test]
    public void ServesAFileWithTheHeadersAsked()
    {
        var (response, served, connection) = Serve("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.That(response, Is.EqualTo(
            "HTTP/1.1 200 OK\r\nServer: minix3-httpd\r\nContent-Type: text/plain\r\nContent-Length: 16\r\nConnection: close\r\n\r\nhello over http\n"));
        Assert.That(connection.SendSizes, Has.Count.EqualTo(1), "a small file goes out with its head in one send");
        Assert.That(served.LogLine(), Is.EqualTo("GET /hello.txt 200 16"));
    }

    [Test]
    public void Http10IsAnsweredToo()
    {
        var (response, served, _) = Serve("GET /hello.txt HTTP/1.0\n\n");
        Assert.That(response, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(Body(response), Is.EqualTo("hello over http\n"));
        Assert.That(served.Code, Is.EqualTo(200));
    }

    [Test]
    public void BigFilesGoOutIn64KiBPieces()
    {
        FakeFiles files = Tree();
        files.MaxRead = 5000;   // the file system may return less than asked
        var (response, served, connection) = Serve("GET /big.bin HTTP/1.1\r\n\r\n", files);
        Assert.That(response, Does.Contain("Content-Type: application/octet-stream\r\nContent-Length: 200000\r\n"));
        Bytes.AssertSame(Encoding.Latin1.GetBytes(Body(response)), files.Contents["/srv/big.bin"]);
        Assert.That(connection.SendSizes.All(s => s == 65536 || s == connection.SendSizes.Last()), Is.True, string.Join(",", connection.SendSizes));
        Assert.That(connection.SendSizes, Has.Count.EqualTo(4));
        Assert.That(served.LogLine(), Is.EqualTo("GET /big.bin 200 200000"));
        Assert.That(files.OpenCount, Is.EqualTo(0), "the file is closed");
    }

    [Test]
    public void HeadHasTheLengthButNoBody()
    {
        var (response, served, _) = Serve("HEAD /big.bin HTTP/1.1\r\n\r\n");
        Assert.That(response, Does.Contain("Content-Length: 200000\r\n"));
        Assert.That(Body(response), Is.Empty);
        Assert.That(served.LogLine(), Is.EqualTo("HEAD /big.bin 200 0"));
    }

    [Test]
    public void ADirectoryWithIndexServesIt()
    {
        var (response, _, _) = Serve("GET /site/ HTTP/1.1\r\n\r\n");
        Assert.That(response, Does.Contain("Content-Type: text/html\r\n"));
        Assert.That(Body(response), Is.EqualTo("<p>index</p>"));
    }

    [Test]
    public void ADirectoryWithoutIndexIsListed()
    {
        var (response, served, _) = Serve("GET /pub HTTP/1.1\r\n\r\n");
        Assert.That(response, Does.Contain("Content-Type: text/html\r\n"));
        string body = Body(response);
        Assert.That(response, Does.Contain("Content-Length: " + body.Length + "\r\n"));
        Assert.That(body, Does.Contain("<title>Index of /pub/</title>"));
        string[] links = body.Split('\n').Where(l => l.StartsWith("<li>")).ToArray();
        Assert.That(links, Is.EqualTo(new[]
        {
            "<li><a href=\"/pub/a%20%26%20c.bin\">a &amp; c.bin</a></li>",
            "<li><a href=\"/pub/b.txt\">b.txt</a></li>",
            "<li><a href=\"/pub/sub/\">sub/</a></li>",
        }));
        Assert.That(served.Code, Is.EqualTo(200));
    }

    [Test]
    public void TheRootIsListed()
    {
        var (response, _, _) = Serve("GET / HTTP/1.1\r\n\r\n");
        Assert.That(Body(response), Does.Contain("<a href=\"/hello.txt\">hello.txt</a>"));
        Assert.That(Body(response), Does.Contain("<a href=\"/pub/\">pub/</a>"));
    }

    [TestCase("GET /nothing HTTP/1.1\r\n\r\n", 404, "Not Found")]
    [TestCase("GET /hello.txt/x HTTP/1.1\r\n\r\n", 404, "Not Found")]
    [TestCase("GET /../etc/passwd HTTP/1.1\r\n\r\n", 403, "Forbidden")]
    [TestCase("GET /pub/../../etc/passwd HTTP/1.1\r\n\r\n", 403, "Forbidden")]
    [TestCase("GET /%2e%2e/etc/passwd HTTP/1.1\r\n\r\n", 403, "Forbidden")]
    [TestCase("GET /device HTTP/1.1\r\n\r\n", 403, "Forbidden")]
    [TestCase("POST /hello.txt HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405, "Method Not Allowed")]
    [TestCase("DELETE /hello.txt HTTP/1.1\r\n\r\n", 405, "Method Not Allowed")]
    [TestCase("GET /hello.txt HTTP/2.0\r\n\r\n", 505, "HTTP Version Not Supported")]
    [TestCase("GARBAGE\r\n\r\n", 400, "Bad Request")]
    [TestCase("GET hello.txt HTTP/1.1\r\n\r\n", 400, "Bad Request")]
    [TestCase("GET * HTTP/1.1\r\n\r\n", 400, "Bad Request")]
    [TestCase("GET /%zz HTTP/1.1\r\n\r\n", 400, "Bad Request")]
    [TestCase("GET /a%00b HTTP/1.1\r\n\r\n", 400, "Bad Request")]
    [TestCase("GET / HTTP/1.1\r\nno colon\r\n\r\n", 400, "Bad Request")]
    public void Errors(string request, int code, string reason)
    {
        var (response, served, _) = Serve(request);
        Assert.That(response, Does.StartWith($"HTTP/1.1 {code} {reason}\r\n"));
        Assert.That(response, Does.Contain("Connection: close\r\n"));
        string body = Body(response);
        Assert.That(response, Does.Contain("Content-Length: " + body.Length + "\r\n"));
        Assert.That(body, Does.Contain($"<h1>{code} {reason}</h1>"));
        Assert.That(served.Code, Is.EqualTo(code));
        Assert.That(served.Bytes, Is.EqualTo(body.Length));
        Assert.That(response.Contains("Allow: GET, HEAD\r\n"), Is.EqualTo(code == 405));
    }

    [TestCase("GET /pub/../hello.txt HTTP/1.1\r\n\r\n")]
    [TestCase("GET /./hello.txt?v=2 HTTP/1.1\r\n\r\n")]
    [TestCase("GET //hello.txt HTTP/1.1\r\n\r\n")]
    [TestCase("GET /hell%6F.txt HTTP/1.1\r\n\r\n")]
    [TestCase("GET http://guest:8080/hello.txt HTTP/1.1\r\n\r\n")]
    public void TargetsThatStayInsideTheRoot(string request)
    {
        var (response, _, _) = Serve(request);
        Assert.That(response, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(Body(response), Is.EqualTo("hello over http\n"));
    }

    [Test]
    public void EncodedSpacesFindTheFile()
    {
        var (response, _, _) = Serve("GET /a%20b.txt HTTP/1.1\r\n\r\n");
        Assert.That(Body(response), Is.EqualTo("spaced"));
    }

    [Test]
    public void HeadOfAnErrorHasNoBody()
    {
        var (response, served, _) = Serve("HEAD /nothing HTTP/1.1\r\n\r\n");
        Assert.That(response, Does.StartWith("HTTP/1.1 404 Not Found\r\n"));
        Assert.That(Body(response), Is.Empty);
        Assert.That(served.LogLine(), Is.EqualTo("HEAD /nothing 404 0"));
    }

    [Test]
    public void TheLogNamesWhatAMalformedRequestSaid()
    {
        var (_, served, _) = Serve("BREW /pot HTCPCP/1.0\r\n\r\n");
        Assert.That(served.LogLine(), Does.Match(@"^BREW /pot 400 \d+$"));
        (_, served, _) = Serve("\r\n\r\n");
        Assert.That(served.LogLine(), Does.Match(@"^- - 400 \d+$"));
    }

    [Test]
    public void RootOfSlashMapsPathsUnderIt()
    {
        var serving = new HttpServing(new FakeFiles(), "/");
        Assert.That(serving.MapTarget("/etc/hosts", out string path, out _), Is.EqualTo(200));
        Assert.That(path, Is.EqualTo("/etc/hosts"));
        Assert.That(serving.MapTarget("/", out path, out _), Is.EqualTo(200));
        Assert.That(path, Is.EqualTo("/"));
        Assert.That(serving.MapTarget("/bin/../..", out _, out _), Is.EqualTo(403));
    }

    // ReadRequest: a head in any pieces, the 8 KiB limit, a client that
    // goes or says nothing.
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8192)]
    public void ReadsAHeadInPieces(int piece)
    {
        string request = "GET /hello.txt HTTP/1.1\r\nHost: guest\r\n\r\n";
        var connection = new ScriptedConnection(_ => B(request + "extra body"), piece);
        byte[] buffer = new byte[HttpServing.MaxHead];
        var outcome = HttpServing.ReadRequest(connection, buffer, -1110, out int length, out int filled);
        Assert.That(outcome, Is.EqualTo(HttpRequestOutcome.Complete));
        Assert.That(length, Is.EqualTo(request.Length));
        Assert.That(filled, Is.GreaterThanOrEqualTo(length));
    }

    [Test]
    public void AHeadOver8KiBIsTooLongAndGets400()
    {
        string request = "GET /" + new string('a', 9000) + " HTTP/1.1\r\n\r\n";
        var connection = new ScriptedConnection(_ => B(request), 1460);
        byte[] buffer = new byte[HttpServing.MaxHead];
        var outcome = HttpServing.ReadRequest(connection, buffer, -1110, out _, out int filled);
        Assert.That(outcome, Is.EqualTo(HttpRequestOutcome.TooLong));
        Assert.That(filled, Is.EqualTo(8192));
        var served = new HttpServing(Tree(), "/srv").Respond(buffer.AsSpan(0, filled), true, connection);
        Assert.That(connection.Sent.ToString(), Does.Contain("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(served.Method, Is.EqualTo("GET"));
    }

    [TestCase(0, HttpRequestOutcome.Closed)]
    [TestCase(-1110, HttpRequestOutcome.TimedOut)]
    [TestCase(-1104, HttpRequestOutcome.Failed)]
    public void ClientsThatStopEarly(int end, HttpRequestOutcome expected)
    {
        var connection = new ScriptedConnection(_ => B("GET / HT"), 4) { ErrorAtEnd = end };
        var outcome = HttpServing.ReadRequest(connection, new byte[HttpServing.MaxHead], -1110, out _, out _);
        Assert.That(outcome, Is.EqualTo(expected));
    }
}
