using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Commands.Net;

// The two sides against independent HTTP implementations over real TCP
// on the host's loopback (127.0.0.1 only): httpd's responder answering
// .NET's HttpClient, and wget's client fetching from .NET's HttpListener
// (chunked bodies and a redirect as that server writes them).
[NonParallelizable]
public class HttpLoopbackTests
{
    private sealed class HostConnection : IHttpConnection
    {
        private readonly Socket _socket;

        public HostConnection(Socket socket) { _socket = socket; }

        public int Send(ReadOnlySpan<byte> data)
        {
            try
            {
                int done = 0;
                while (done < data.Length)
                    done += _socket.Send(data.Slice(done));
                return done;
            }
            catch (SocketException)
            {
                return -1;
            }
        }

        public int Receive(Span<byte> into)
        {
            try
            {
                return _socket.Receive(into);
            }
            catch (SocketException)
            {
                return -1;
            }
        }

        public void Close()
        {
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
            _socket.Dispose();
        }
    }

    // Every name is the loopback: nothing leaves the host.
    private sealed class LoopbackNetwork : IHttpNetwork
    {
        public IHttpConnection? Connect(string host, int port, out string error)
        {
            error = "";
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(IPAddress.Loopback, port);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                error = host + ":" + port + ": " + e.Message;
                return null;
            }
            return new HostConnection(socket);
        }

        public string ErrorText(int status) => "error " + status;
    }

    [Test]
    public async Task HttpClientGetsFilesFromTheResponder()
    {
        var files = new FakeFiles();
        byte[] big = TestBytes.Random(3 * 1024 * 1024 + 17, seed: 0xB16);
        files.Add("/srv/big.bin", big);
        files.Add("/srv/notes.txt", Encoding.ASCII.GetBytes("notes\n"));
        await using var server = new LoopbackServer(new HttpServing(files, "/srv"));
        int port = server.Port;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        string root = $"http://127.0.0.1:{port}";
        using (HttpResponseMessage response = await client.GetAsync(root + "/big.bin"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(big.Length));
            Bytes.AssertSame(await response.Content.ReadAsByteArrayAsync(), big);
        }
        Assert.That(await client.GetStringAsync(root + "/notes.txt"), Is.EqualTo("notes\n"));
        using (var head = new HttpRequestMessage(HttpMethod.Head, root + "/big.bin"))
        using (HttpResponseMessage response = await client.SendAsync(head))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(big.Length));
        }
        using (HttpResponseMessage response = await client.GetAsync(root + "/missing"))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        string listing = await client.GetStringAsync(root + "/");
        Assert.That(listing, Does.Contain("<a href=\"/big.bin\">big.bin</a>"));
    }

    // Our two sides together: wget's client fetching 16 MiB from httpd's
    // responder through the host's TCP (segments as the host's stack cuts
    // them), byte-identical, and a 404 reported as wget reports it.
    [Test]
    public async Task WgetFetchesFromTheResponder()
    {
        var files = new FakeFiles();
        byte[] big = TestBytes.Random(16 * 1024 * 1024, seed: 0x16);
        files.Add("/srv/big.bin", big);
        await using var server = new LoopbackServer(new HttpServing(files, "/srv"));
        var err = new RecordingSink();
        var target = new FakeTarget();
        var getter = new HttpGetter(new LoopbackNetwork(), new OutputBuffer(err, 512) { LineBuffered = true });
        int status = await Task.Run(() => getter.Run($"http://guest.test:{server.Port}/big.bin", target, "big.bin"));
        Assert.That(status, Is.EqualTo(0), err.Text);
        Bytes.AssertSame(target.Recorded.Bytes.ToArray(), big);
        Assert.That(target.Recorded.Writes, Is.All.EqualTo(64 * 1024), "whole 64 KiB writes");
        Assert.That(err.Text, Is.EqualTo("wget: saved big.bin (16777216 bytes)\n"));

        var missing = new FakeTarget();
        status = await Task.Run(() => getter.Run($"http://guest.test:{server.Port}/nothing", missing, "nothing"));
        Assert.That(status, Is.EqualTo(1));
        Assert.That(err.Text, Does.EndWith("wget: server said 404 Not Found\n"));
        Assert.That(missing.Opens, Is.EqualTo(0));
    }

    // httpd's loop on a host socket: accept, read a head, answer, close.
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _loop;

        public LoopbackServer(HttpServing serving)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(async () =>
            {
                byte[] request = new byte[HttpServing.MaxHead];
                while (!_stop.IsCancellationRequested)
                {
                    Socket socket;
                    try
                    {
                        socket = await _listener.AcceptSocketAsync(_stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    var connection = new HostConnection(socket);
                    var outcome = HttpServing.ReadRequest(connection, request, -110, out int length, out int filled);
                    if (outcome == HttpRequestOutcome.Complete || outcome == HttpRequestOutcome.TooLong)
                        serving.Respond(request.AsSpan(0, outcome == HttpRequestOutcome.Complete ? length : filled), outcome == HttpRequestOutcome.TooLong, connection);
                    connection.Close();
                }
            });
        }

        public int Port { get; }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }

    [Test]
    public void WgetFetchesChunkedAndRedirectedBodiesFromHttpListener()
    {
        byte[] big = TestBytes.Random(2 * 1024 * 1024 + 5, seed: 0xC4);
        int port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        string? userAgent = null;
        Task server = Task.Run(() =>
        {
            for (int i = 0; i < 2; i++)
            {
                HttpListenerContext context = listener.GetContext();
                if (context.Request.Url!.AbsolutePath == "/old/name")
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = "../files/big.bin";
                    context.Response.Close();
                    continue;
                }
                userAgent = context.Request.UserAgent;
                context.Response.SendChunked = true;
                // Several writes: several chunks of different sizes.
                for (int at = 0; at < big.Length; at += 300_001)
                    context.Response.OutputStream.Write(big, at, Math.Min(300_001, big.Length - at));
                context.Response.Close();
            }
        });
        var err = new RecordingSink();
        var target = new FakeTarget();
        var getter = new HttpGetter(new LoopbackNetwork(), new OutputBuffer(err, 512) { LineBuffered = true });
        int status;
        try
        {
            // HttpListener answers only the Host its prefix names.
            status = getter.Run($"http://127.0.0.1:{port}/old/name", target, "big.bin");
            Assert.That(server.Wait(TimeSpan.FromSeconds(30)), Is.True, "the server saw both requests");
        }
        finally
        {
            listener.Stop();
        }
        Assert.That(status, Is.EqualTo(0), err.Text);
        Bytes.AssertSame(target.Recorded.Bytes.ToArray(), big);
        Assert.That(err.Text, Is.EqualTo($"wget: saved big.bin ({big.Length} bytes)\n"));
        Assert.That(userAgent, Is.EqualTo("minix3-wget"));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
