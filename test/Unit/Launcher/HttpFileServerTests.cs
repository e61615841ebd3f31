using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Launcher;

// --serve's HTTP server, from an HttpClient and from raw sockets, and the
// relay QEMU runs per guest connection in front of it.
public class HttpFileServerTests
{
    private string _root = "";
    private HttpFileServer _server = null!;
    private HttpClient _client = null!;

    [SetUp]
    public void Start()
    {
        _root = Directory.CreateTempSubdirectory("minix3-serve-").FullName;
        File.WriteAllBytes(Path.Combine(_root, "small.bin"), TestBytes.Random(1000, 7));
        Directory.CreateDirectory(Path.Combine(_root, "sub dir"));
        File.WriteAllText(Path.Combine(_root, "sub dir", "hello.txt"), "hello\n");
        _server = HttpFileServer.Start(_root);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}/") };
    }

    [TearDown]
    public void Stop()
    {
        _client.Dispose();
        _server.Dispose();
        Directory.Delete(_root, true);
    }

    [Test]
    public void ItListensOnTheLoopbackOnly()
    {
        Assert.That(_server.Port, Is.GreaterThan(0));
        foreach (IPAddress address in Dns.GetHostAddresses(Dns.GetHostName()))
        {
            if (IPAddress.IsLoopback(address) || address.AddressFamily != AddressFamily.InterNetwork)
                continue;
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Assert.Throws<SocketException>(() => socket.Connect(address, _server.Port), $"reachable on {address}");
        }
    }

    [Test]
    public void GetReturnsTheFileByteIdenticalWithItsLength()
    {
        using HttpResponseMessage response = _client.GetAsync("small.bin").Result;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(1000));
        Assert.That(response.Content.ReadAsByteArrayAsync().Result, Is.EqualTo(TestBytes.Random(1000, 7)));
        Assert.That(_client.GetStringAsync("sub%20dir/hello.txt").Result, Is.EqualTo("hello\n"));
    }

    [Test]
    public void ASixteenMiBFileArrivesWhole()
    {
        byte[] data = TestBytes.Random(16 << 20, 15);
        File.WriteAllBytes(Path.Combine(_root, "big.bin"), data);
        using HttpResponseMessage response = _client.GetAsync("big.bin", HttpCompletionOption.ResponseHeadersRead).Result;
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(16 << 20));
        using Stream body = response.Content.ReadAsStreamAsync().Result;
        Assert.That(SHA256.HashData(body), Is.EqualTo(SHA256.HashData(data)));
    }

    [Test]
    public void MissingFilesAndEscapesAre404()
    {
        foreach (string path in new[] { "nothing.bin", "sub%20dir/nothing", "../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "sub%20dir/../../x" })
        {
            using HttpResponseMessage response = _client.GetAsync(path).Result;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), path);
        }
        Assert.That(_server.Resolve("/%2e%2e/x"), Is.Null);
        Assert.That(_server.Resolve("/a/../small.bin"), Is.EqualTo(Path.Combine(_root, "small.bin")));
        Assert.That(_server.Resolve("/small.bin?x=1"), Is.EqualTo(Path.Combine(_root, "small.bin")));
    }

    [Test]
    public void HeadGivesTheLengthWithoutTheBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "small.bin");
        using HttpResponseMessage response = _client.SendAsync(request).Result;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(1000));
        // Raw, so nothing can hide a body: the next bytes are the next answer.
        string raw = RawExchange("HEAD /small.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /sub%20dir/hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int second = raw.IndexOf("HTTP/1.1 200", 5, StringComparison.Ordinal);
        Assert.That(raw, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(raw.Substring(0, second), Does.Contain("Content-Length: 1000\r\n").And.EndWith("\r\n\r\n"));
        Assert.That(raw, Does.EndWith("\r\n\r\nhello\n"));
    }

    [Test]
    public void OtherMethodsAre405AndGarbageIs400()
    {
        using HttpResponseMessage post = _client.PostAsync("small.bin", new StringContent("x")).Result;
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(RawExchange("HELLO\r\n\r\n"), Does.StartWith("HTTP/1.1 400 "));
    }

    [Test]
    public void KeepAliveServesSeveralRequestsOnOneConnectionAndHttp10Closes()
    {
        string raw = RawExchange("GET /sub%20dir/hello.txt HTTP/1.1\r\n\r\nGET /sub%20dir/hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
        Assert.That(raw.Split("hello\n").Length - 1, Is.EqualTo(2));
        Assert.That(raw, Does.Contain("Connection: keep-alive").And.Contain("Connection: close"));
        string old = RawExchange("GET /sub%20dir/hello.txt HTTP/1.0\r\n\r\n");
        Assert.That(old, Does.Contain("Connection: close").And.EndWith("hello\n"));
    }

    [Test]
    public void ADirectoryIsListed()
    {
        Assert.That(_client.GetStringAsync("").Result, Is.EqualTo("small.bin\nsub dir/\n"));
    }

    [Test]
    public void TheServerStopsWhenDisposed()
    {
        int port = _server.Port;
        _server.Dispose();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => socket.Connect(IPAddress.Loopback, port));
    }

    // The relay between a guest connection (here two streams) and the
    // server: the request goes up, the answer comes down, and the
    // server's end reaches the guest as an end of its stream.
    [Test]
    public void TheRelayCarriesAnExchangeAndPassesTheServersEndOn()
    {
        var guestIn = new MemoryStream(Encoding.ASCII.GetBytes("GET /small.bin HTTP/1.0\r\n\r\n"));
        var guestOut = new MemoryStream();
        bool ended = false;
        using var server = new TcpClient();
        server.Connect(IPAddress.Loopback, _server.Port);
        var watch = Stopwatch.StartNew();
        GuestForwardRelay.Pump(guestIn, guestOut, () => ended = true, server.Client);
        Assert.That(ended, Is.True);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the relay returns once both sides ended");
        byte[] answer = guestOut.ToArray();
        int body = IndexOf(answer, Encoding.ASCII.GetBytes("\r\n\r\n")) + 4;
        Assert.That(answer[body..], Is.EqualTo(TestBytes.Random(1000, 7)));
    }

    // The relay as QEMU runs it: the launcher with --guestfwd-relay PORT,
    // the connection on its stdin and stdout (pipes here, a socket under QEMU).
    [Test]
    public void TheLauncherRunsAsTheRelay()
    {
        string command = GuestForwardRelay.Command(_server.Port);
        // 'dotnet' 'launcher.dll' --guestfwd-relay PORT
        string[] words = command.Split("' ");
        var start = new ProcessStartInfo(words[0].Trim('\''))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(words[1].Trim('\''));
        foreach (string word in words[2].Split(' '))
            start.ArgumentList.Add(word);
        using Process relay = Process.Start(start)!;
        relay.StandardInput.Write("GET /sub%20dir/hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n");
        relay.StandardInput.Flush();
        string answer = relay.StandardOutput.ReadToEnd();
        relay.StandardInput.Close();
        Assert.That(relay.WaitForExit(15000), Is.True);
        Assert.That(relay.ExitCode, Is.EqualTo(0));
        Assert.That(answer, Does.StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("\r\n\r\nhello\n"));
        Assert.That(_server.Requests, Is.EqualTo(1));
    }

    private string RawExchange(string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, _server.Port);
        socket.ReceiveTimeout = 10000;
        socket.Send(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = socket.Receive(buffer)) > 0)
            received.Write(buffer, 0, count);
        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                return i;
        }
        return -1;
    }
}
