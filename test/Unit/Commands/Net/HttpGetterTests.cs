using System;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// wget's client (HttpGetter) against scripted servers: the request it
// sends, bodies in each framing, redirects, failures and their messages
// (the exact lines the boot tests match), and the progress line.
public class HttpGetterTests
{
    private static byte[] B(string s) => Encoding.Latin1.GetBytes(s);

    private static byte[] Response(string head, byte[] body) => B(head).Concat(body).ToArray();

    private static byte[] Ok(byte[] body) => Response("HTTP/1.1 200 OK\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n", body);

    private sealed class Run
    {
        public readonly FakeNetwork Network = new FakeNetwork();
        public readonly FakeTarget Target = new FakeTarget();
        public readonly RecordingSink ErrSink = new RecordingSink();
        public readonly HttpGetter Getter;

        public Run()
        {
            Getter = new HttpGetter(Network, new OutputBuffer(ErrSink, 512) { LineBuffered = true });
        }

        public int Get(string url, string? name = "big.bin")
        {
            int status = Getter.Run(url, Target, name);
            return status;
        }

        public string Err => ErrSink.Text;
        public byte[] Saved => Target.Recorded.Bytes.ToArray();
    }

    [Test]
    public void SendsAMinimalHttp11Get()
    {
        var run = new Run();
        run.Network.Servers["files.test:8080"] = _ => Ok(B("x"));
        Assert.That(run.Get("http://files.test:8080/dir/big.bin?v=1"), Is.EqualTo(0));
        Assert.That(run.Network.Connections[0].Sent.ToString(), Is.EqualTo(
            "GET /dir/big.bin?v=1 HTTP/1.1\r\nHost: files.test:8080\r\nUser-Agent: minix3-wget\r\nAccept: */*\r\nConnection: close\r\n\r\n"));
        Assert.That(run.Network.Connections[0].SendSizes, Has.Count.EqualTo(1), "the request in one send");
        Assert.That(run.Network.Connections[0].Closed, Is.True);
    }

    [TestCase(1)]
    [TestCase(1460)]
    [TestCase(65536)]
    public void SavesABodyByContentLength(int piece)
    {
        var run = new Run();
        run.Network.Piece = piece;
        byte[] body = TestBytes.Random(300_000, seed: 1);
        run.Network.Servers["files.test:80"] = _ => Ok(body);
        Assert.That(run.Get("http://files.test/big.bin"), Is.EqualTo(0), run.Err);
        Bytes.AssertSame(run.Saved, body);
        Assert.That(run.Err, Is.EqualTo("wget: saved big.bin (300000 bytes)\n"));
        Assert.That((run.Target.Opens, run.Target.Closes, run.Target.Discards), Is.EqualTo((1, 1, 0)));
        // Whatever the pieces: four writes of 64 KiB and the rest.
        Assert.That(run.Target.Recorded.Writes, Is.EqualTo(new[] { 65536, 65536, 65536, 65536, 300_000 - 4 * 65536 }));
    }

    [Test]
    public void StopsReadingOnceTheBodyIsComplete()
    {
        var run = new Run();
        run.Network.Piece = 1 << 20;
        run.Network.Servers["h:80"] = _ => Ok(B("hello"));
        // A server that keeps the connection open after the body would
        // answer the next receive with an error: wget must not ask.
        Assert.That(run.Get("http://h/x", "x"), Is.EqualTo(0));
        Assert.That(run.Network.Connections[0].Receives, Is.EqualTo(1));
    }

    [Test]
    public void SavesAChunkedBody()
    {
        var run = new Run();
        run.Network.Piece = 5;
        run.Network.Servers["h:80"] = _ => B("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n");
        Assert.That(run.Get("http://h/wiki.txt", "wiki.txt"), Is.EqualTo(0), run.Err);
        Assert.That(Encoding.Latin1.GetString(run.Saved), Is.EqualTo("Wikipedia in \r\n\r\nchunks."));
        Assert.That(run.Err, Is.EqualTo("wget: saved wiki.txt (24 bytes)\n"));
    }

    [Test]
    public void SavesABodyToTheClose()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => B("HTTP/1.0 200 OK\r\n\r\nuntil the end");
        Assert.That(run.Get("http://h/", "index.html"), Is.EqualTo(0));
        Assert.That(Encoding.Latin1.GetString(run.Saved), Is.EqualTo("until the end"));
    }

    [Test]
    public void StandardOutputSaysWrote()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => Ok(B("12345"));
        Assert.That(run.Get("http://h/x", null), Is.EqualTo(0));
        Assert.That(run.Err, Is.EqualTo("wget: wrote 5 bytes\n"));
    }

    [Test]
    public void QuietSaysNothing()
    {
        var run = new Run();
        run.Getter.Quiet = true;
        run.Network.Servers["h:80"] = _ => Ok(B("12345"));
        Assert.That(run.Get("http://h/x"), Is.EqualTo(0));
        Assert.That(run.Err, Is.Empty);
    }

    [Test]
    public void NotFoundLeavesNoFile()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => Response("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n", B("not here\n"));
        Assert.That(run.Get("http://h/missing"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: server said 404 Not Found\n"));
        Assert.That(run.Target.Opens, Is.EqualTo(0), "the file is never created");
    }

    [Test]
    public void ShortBodyIsAnErrorAndTheFileGoes()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => Response("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", new byte[400]);
        Assert.That(run.Get("http://h/big.bin"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: connection closed after 400 of 1000 bytes\n"));
        Assert.That((run.Target.Discards, run.Target.Closes), Is.EqualTo((1, 0)));
    }

    [Test]
    public void ReceiveErrorIsReported()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => Response("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", new byte[10]);
        // The peer resets after what it sent.
        int status = new HttpGetter(new ResettingNetwork(run.Network), new OutputBuffer(run.ErrSink, 512) { LineBuffered = true }).Run("http://h/x", run.Target, "x");
        Assert.That(status, Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: receive: error -1104\n"));
        Assert.That(run.Target.Discards, Is.EqualTo(1));
    }

    private sealed class ResettingNetwork : IHttpNetwork
    {
        private readonly FakeNetwork _inner;
        public ResettingNetwork(FakeNetwork inner) { _inner = inner; }

        public IHttpConnection? Connect(string host, int port, out string error)
        {
            var connection = (ScriptedConnection?)_inner.Connect(host, port, out error);
            if (connection != null)
                connection.ErrorAtEnd = -1104;
            return connection;
        }

        public string ErrorText(int status) => _inner.ErrorText(status);
    }

    [Test]
    public void FollowsRedirectsAcrossHosts()
    {
        var run = new Run();
        run.Network.Servers["a.test:80"] = _ => B("HTTP/1.1 301 Moved Permanently\r\nLocation: http://b.test:8080/one\r\nContent-Length: 0\r\n\r\n");
        run.Network.Servers["b.test:8080"] = request => request.StartsWith("GET /one ")
            ? B("HTTP/1.1 302 Found\r\nLocation: two/file.bin\r\n\r\n")
            : request.StartsWith("GET /two/file.bin ") ? Ok(B("arrived")) : B("HTTP/1.1 500 Wrong\r\n\r\n");
        Assert.That(run.Get("http://a.test/start"), Is.EqualTo(0), run.Err);
        Assert.That(Encoding.Latin1.GetString(run.Saved), Is.EqualTo("arrived"));
        Assert.That(run.Network.Connections, Has.Count.EqualTo(3));
        Assert.That(run.Network.Connections.All(c => c.Closed), Is.True);
        Assert.That(run.Network.Connections[2].Sent.ToString(), Does.Contain("Host: b.test:8080\r\n"));
    }

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public void EveryRedirectCodeIsFollowed(int code)
    {
        var run = new Run();
        run.Network.Servers["h:80"] = request => request.StartsWith("GET /old ")
            ? B($"HTTP/1.1 {code} Moved\r\nLocation: /new\r\n\r\n") : Ok(B("new"));
        Assert.That(run.Get("http://h/old"), Is.EqualTo(0), run.Err);
        Assert.That(Encoding.Latin1.GetString(run.Saved), Is.EqualTo("new"));
    }

    [TestCase(5, 0)]
    [TestCase(6, 1)]
    public void AtMostFiveRedirects(int redirects, int status)
    {
        var run = new Run();
        run.Network.Servers["h:80"] = request =>
        {
            int n = request[5] - '0';
            return n < redirects ? B($"HTTP/1.1 302 Found\r\nLocation: /{n + 1}\r\n\r\n") : Ok(B("end"));
        };
        Assert.That(run.Get("http://h/0"), Is.EqualTo(status));
        if (status == 1)
            Assert.That(run.Err, Is.EqualTo("wget: too many redirects (5)\n"));
        Assert.That(run.Target.Opens, Is.EqualTo(1 - status));
    }

    [Test]
    public void RedirectWithoutLocationIsAFailure()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => B("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n");
        Assert.That(run.Get("http://h/x"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: server said 302 Found\n"));
    }

    [Test]
    public void InterimResponsesAreSkipped()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => B("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Assert.That(run.Get("http://h/x"), Is.EqualTo(0), run.Err);
        Assert.That(Encoding.Latin1.GetString(run.Saved), Is.EqualTo("ok"));
    }

    [TestCase("https://h/x", "wget: https is not supported\n")]
    [TestCase("http://nobody:81/x", "wget: nobody:81: Connection refused\n")]
    public void FailuresBeforeAnyResponse(string url, string message)
    {
        var run = new Run();
        Assert.That(run.Get(url), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo(message));
        Assert.That(run.Target.Opens, Is.EqualTo(0));
    }

    [TestCase("", "wget: connection closed before the response\n")]
    [TestCase("SSH-2.0-OpenSSH\r\n\r\n", "wget: malformed response\n")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "wget: bad Content-Length in the response\n")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "wget: malformed chunked body: bad chunk size\n")]
    public void BadResponses(string response, string message)
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => B(response);
        Assert.That(run.Get("http://h/x"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo(message));
    }

    [Test]
    public void EndlessHeadIsCutOff()
    {
        var run = new Run();
        run.Network.Servers["h:80"] = _ => B("HTTP/1.1 200 OK\r\n" + new string('X', 70_000));
        Assert.That(run.Get("http://h/x"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: response head longer than 65536 bytes\n"));
    }

    [Test]
    public void WriteFailureDiscardsTheFile()
    {
        var run = new Run();
        run.Target.Recorded.FailWith = -45;
        run.Network.Servers["h:80"] = _ => Ok(new byte[100_000]);
        Assert.That(run.Get("http://h/x"), Is.EqualTo(1));
        Assert.That(run.Err, Is.EqualTo("wget: out: error -45\n"));
        Assert.That(run.Target.Discards, Is.EqualTo(1));
    }

    [Test]
    public void ProgressIsRedrawnEvery256KiB()
    {
        var run = new Run();
        run.Getter.ShowProgress = true;
        run.Network.Piece = 64 * 1024;
        byte[] body = new byte[1024 * 1024];
        run.Network.Servers["h:80"] = _ => Ok(body);
        Assert.That(run.Get("http://h/big.bin"), Is.EqualTo(0));
        string err = run.Err;
        int redraws = err.Count(c => c == '\r');
        Assert.That(redraws, Is.InRange(4, 6), err);
        // The last line is padded over the longer one before it.
        Assert.That(err, Does.Contain("\rbig.bin  81%  831.9 KiB\r"));
        Assert.That(err, Does.StartWith("\rbig.bin  0%  "));
        Assert.That(err, Does.EndWith("\rbig.bin  100%  1.0 MiB \nwget: saved big.bin (1048576 bytes)\n"));
    }

    [TestCase(0L, -1L, "f  0 B")]
    [TestCase(512L, 1024L, "f  50%  512 B")]
    [TestCase(1536L, 3072L, "f  50%  1.5 KiB")]
    [TestCase(7549748L, 16777216L, "f  45%  7.2 MiB")]
    [TestCase(16777216L, 16777216L, "f  100%  16.0 MiB")]
    [TestCase(3L * 1024 * 1024 * 1024, -1L, "f  3.0 GiB")]
    [TestCase(0L, 0L, "f  100%  0 B")]
    public void ProgressLine(long received, long total, string line) =>
        Assert.That(HttpProgress.Line("f", received, total), Is.EqualTo(line));
}
