using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The whole network path as a user meets it: the system image with --net
// (QEMU's user networking, restrict=on: nothing but the host's loopback),
// inet on the Ethernet driver, sockets as descriptors through VFS, and the
// commands typed into sh on the serial terminal. The guest leases its
// address by DHCP, pings the gateway, fetches a 16 MiB file from --serve
// (checked against the host's checksum), serves a file to the host's
// HttpClient through --forward (byte-identical) and then 200 connections
// in a row. Then two of our systems on the frame relay move a file through
// loss, corruption, duplication and reordering while the harness injects
// malformed frames, and echo UDP datagrams with nc: the checksum comes out
// right, inet counts what it dropped, and neither inet nor the drivers die.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class NetworkStackTests
{
    private const int BigLength = 16 << 20;
    private const int PageLength = 1 << 20;
    private const int Connections = 200;

    // Runs `command` until its output matches `pattern` (inet may still be
    // leasing, a listener may still be starting), bounded by the deadline.
    private static string RunUntil(SerialShell shell, string command, string pattern, DateTime deadline)
    {
        string answer = "";
        while (DateTime.UtcNow < deadline)
        {
            answer = shell.Run(command);
            if (Regex.IsMatch(answer, pattern, RegexOptions.Multiline))
                return answer;
            shell.Run("sleep 1");
        }
        Assert.Fail($"'{command}' never gave {pattern}; last answer:\n{answer}\nconversation:\n{shell.Transcript}");
        return answer;
    }

    // No component of the network path ended on its own or was restarted.
    private static void NothingDied(string serialLog)
    {
        foreach (string label in new[] { "inet", "e1000", "rtl8139", "vfs", "pci" })
        {
            Assert.That(serialLog, Does.Not.Match($@"rs: {label} ended \("), label + " never ended");
            Assert.That(serialLog, Does.Not.Contain($"rs: restarted {label} "), label + " never restarted");
        }
        Assert.That(serialLog, Does.Not.Contain("panic"));
    }

    [TestCase(NicModel.E1000, "e1000")]
    [TestCase(NicModel.Rtl8139, "rtl8139")]
    public void TheGuestLeasesPingsFetchesServesAndEchoes(NicModel nic, string driver)
    {
        using var scratch = new GuestScratch("inet-" + driver);
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        byte[] big = TestBytes.Random(BigLength, seed: 0x16B);
        File.WriteAllBytes(Path.Combine(served, "big.bin"), big);
        string bigCrc = HostTool.Cksum(big).Split(' ')[0];
        byte[] page = TestBytes.Random(PageLength, seed: 0x9A6E);
        byte[] small = Encoding.ASCII.GetBytes("a small page\n");
        var disk = new HostFatImage(scratch.Disk);
        disk.MakeDirectory("/www");
        disk.Put("/www/page.bin", page);
        disk.Put("/www/small.txt", small);

        int tcpPort = GdbStub.FreePort();
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(300), DiskImage = scratch.Disk, SerialLogPath = scratch.Log, Com2Socket = scratch.Com2,
            Network = new GuestNetwork
            {
                Nic = nic, ServeDirectory = served,
                Forwards = new[] { new PortForward(tcpPort, 80) },
            },
        };
        DateTime deadline = DateTime.UtcNow.AddSeconds(290);
        Task<BootResult> run = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit", null));
        string ifconfig, ping, wget, missing, netstat, pipeCrc;
        int served200 = 0;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        {
            ifconfig = RunUntil(shell, "ifconfig eth0", @"^\s+inet 10\.0\.2\.15 ", deadline);
            ping = shell.Run("ping -c 3 gateway; echo status=$?");
            wget = shell.Run("wget -q -O /tmp/big.bin http://host.minix/big.bin; echo status=$?; cksum /tmp/big.bin");
            pipeCrc = shell.Run("wget -q -O - http://host.minix/big.bin | cksum");
            missing = shell.Run("wget -q -O /tmp/none.bin http://host.minix/none.bin; echo status=$?; ls /tmp");

            // httpd in the background: the host fetches a page, then opens
            // and closes 200 connections one after the other.
            int from = shell.Transcript.Length;
            shell.Run($"httpd -p 80 -r /www -n {Connections + 1} &");
            shell.WaitFor("httpd: listening on port 80", from);
            using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
            {
                byte[] back = client.GetByteArrayAsync($"http://127.0.0.1:{tcpPort}/page.bin").Result;
                Assert.That(back.Length, Is.EqualTo(page.Length), "the page's length through --forward");
                Assert.That(back, Is.EqualTo(page), "the page byte for byte");
            }
            for (int i = 0; i < Connections; i++)
            {
                using var connection = new TcpClient();
                connection.Connect(IPAddress.Loopback, tcpPort);
                connection.ReceiveTimeout = 30_000;
                NetworkStream stream = connection.GetStream();
                stream.Write(Encoding.ASCII.GetBytes("GET /small.txt HTTP/1.0\r\n\r\n"));
                var answer = new MemoryStream();
                stream.CopyTo(answer);
                string text = Encoding.ASCII.GetString(answer.ToArray());
                Assert.That(text, Does.StartWith("HTTP/1.").And.Contain(" 200 OK\r\n"), $"connection {i}");
                Assert.That(text, Does.EndWith("\r\n\r\n" + Encoding.ASCII.GetString(small)), $"connection {i}'s body");
                served200++;
            }
            netstat = shell.Run("netstat -a");

            shell.Shutdown();
        }
        BootResult result = run.Result;
        TestContext.Out.WriteLine(ifconfig + ping + wget + pipeCrc + missing + netstat);
        Assert.That(result.TimedOut, Is.False);

        Assert.That(ifconfig, Does.Match(@"(?m)^eth0: flags=UP,LINK mtu 1500"));
        // restrict=on: QEMU's DHCP names no router (10.0.2.2 is on the link anyway).
        Assert.That(ifconfig, Does.Match(@"(?m)^\s+inet 10\.0\.2\.15 netmask 255\.255\.255\.0 gateway 0\.0\.0\.0 dhcp"));
        Assert.That(ifconfig, Does.Match(@"(?m)^\s+ether 52:54:00:12:34:56"));
        Assert.That(result.SerialLog, Does.Match(@"inet: eth0 dhcp lease 10\.0\.2\.15"));
        Assert.That(ping, Does.Match(@"(?m)^PING gateway \(10\.0\.2\.2\) 56 data bytes"));
        Assert.That(ping, Does.Match(@"(?m)^64 bytes from 10\.0\.2\.2: icmp_seq=1 "));
        Assert.That(ping, Does.Match(@"(?m)^3 packets transmitted, 3 received, 0% packet loss"));
        Assert.That(ping, Does.Match(@"(?m)^status=0$"));
        Assert.That(wget, Does.Match(@"(?m)^status=0$"));
        Assert.That(wget, Does.Match($@"(?m)^{bigCrc} {BigLength} /tmp/big\.bin$"), "16 MiB from --serve, as the host has it");
        Assert.That(pipeCrc, Does.Match($@"(?m)^{bigCrc} {BigLength}$"), "wget -O - into a pipe");
        Assert.That(missing, Does.Contain("wget: server said 404 Not Found"));
        Assert.That(missing, Does.Match(@"(?m)^status=1$"));
        Assert.That(missing, Does.Not.Match(@"(?m)^none\.bin$"), "a failed download leaves no file");
        Assert.That(served200, Is.EqualTo(Connections));
        Assert.That(netstat, Does.Match(@"(?m)^Proto\s+Local Address\s+Remote Address\s+State"));
        Assert.That(result.SerialLog, Does.Not.Contain("httpd: GET /small.txt 404"));
        NothingDied(result.SerialLog);
    }

    [Test]
    public void TwoGuestsMoveAFileThroughABadNetworkAndDropMalformedFrames()
    {
        var faults = new LinkFaults(Drop: 0.03, Corrupt: 0.01, Duplicate: 0.01, Reorder: 0.03);
        using var relay = FrameRelay.Start(2, seed: 16, faults: faults);
        using var fetching = new GuestScratch("relay-client");
        using var serving = new GuestScratch("relay-server");
        byte[] file = TestBytes.Random(4 << 20, seed: 0xBAD);
        string crc = HostTool.Cksum(file).Split(' ')[0];
        var serverDisk = new HostFatImage(serving.Disk);
        serverDisk.MakeDirectory("/www");
        serverDisk.Put("/www/file.bin", file);
        var client = Station.Of(RelayedGuests.MacOf(0), "10.0.2.1");
        var stranger = Station.Of("52:54:00:99:99:99", "10.0.2.9");

        DateTime deadline = DateTime.UtcNow.AddSeconds(400);
        BootOptions Options(GuestScratch s) => new()
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(410), DiskImage = s.Disk, SerialLogPath = s.Log, Com2Socket = s.Com2,
        };
        Task<BootResult[]> run = Task.Run(() => RelayedGuests.Boot(GuestRun.Image, relay, new[] { (Options(fetching), "exit"), (Options(serving), "exit") }));
        string fetched, echoed, counters, alive, status0, status1;
        int injected;
        using (var shell0 = SerialShell.Open(fetching.Com2, deadline))
        using (var shell1 = SerialShell.Open(serving.Com2, deadline))
        {
            shell0.Run("ifconfig eth0 10.0.2.1/24");
            shell1.Run("ifconfig eth0 10.0.2.2/24");
            int from = shell1.Transcript.Length;
            shell1.Run("httpd -p 80 -r /www -n 20 &");
            shell1.WaitFor("httpd: listening on port 80", from);
            RunUntil(shell0, "ping -c 1 -W 1000 10.0.2.2", @"^1 packets transmitted, 1 received", deadline);

            // Malformed frames at the client while its transfer runs: each
            // must be dropped (and counted) without harm to the transfer.
            var malformed = new[]
            {
                CraftedFrames.Runt(stranger, client), CraftedFrames.TruncatedIpv4Header(stranger, client), CraftedFrames.ShortIpv4HeaderLength(stranger, client),
                CraftedFrames.LyingTotalLength(stranger, client), CraftedFrames.TruncatedTcpHeader(stranger, client, 80), CraftedFrames.BadIpv4Checksum(stranger, client),
                CraftedFrames.BadTcpChecksum(stranger, client, 80), CraftedFrames.BadUdpChecksum(stranger, client, 7), CraftedFrames.BadIcmpChecksum(stranger, client),
                CraftedFrames.TcpOptionOverrun(stranger, client, 80), CraftedFrames.TcpDataOffsetBeyondSegment(stranger, client, 80),
            }.Concat(CraftedFrames.OverlappingFragments(stranger, client, 0x99)).Concat(CraftedFrames.SynFlood(stranger, client, 80, 200, seed: 16)).ToList();
            Task injecting = Task.Run(() =>
            {
                foreach (byte[] frame in malformed)
                    Assert.That(relay.Inject(0, frame), Is.True);
            });
            fetched = shell0.Run("ok=1; for i in 1 2 3 4 5; do if wget -q -O /tmp/file.bin http://10.0.2.2/file.bin; then ok=0; break; fi; done; echo wget=$ok; cksum /tmp/file.bin");
            // UDP echo with nc across the relay: the server echoes each
            // datagram back to its sender; the client sends lines until one
            // comes back (the link loses some).
            from = shell1.Transcript.Length;
            shell1.Run("nc -u -l -p 7 --echo -w 60 &");
            shell1.WaitFor("nc: listening on ", from);
            echoed = shell0.Run("n=0; until echo \"udp $n\" | nc -u -w 1 10.0.2.2 7 | grep -q udp; do n=$((n + 1)); [ $n -gt 20 ] && break; done; echo udp-tries=$n");
            injecting.Wait();
            injected = malformed.Count;
            counters = shell0.Run("netstat -s");
            alive = shell0.Run("ping -c 3 -W 2000 10.0.2.2; echo status=$?");
            status0 = shell0.Run("service status");
            status1 = shell1.Run("service status");
            shell0.Shutdown();
            shell1.Shutdown();
        }
        BootResult[] results = run.Result;
        RelayCounts counts = relay.Counts;
        TestContext.Out.WriteLine(fetched + echoed + counters + alive + status0 + status1 + counts);
        Assert.That(results[0].TimedOut || results[1].TimedOut, Is.False);
        Assert.That(fetched, Does.Match(@"(?m)^wget=0$"));
        Assert.That(fetched, Does.Match($@"(?m)^{crc} {file.Length} /tmp/file\.bin$"), "4 MiB through the bad network, intact");
        Assert.That(echoed, Does.Match(@"(?m)^udp-tries=(1?[0-9]|20)$"), "a datagram came back through nc --echo");
        Assert.That(alive, Does.Match(@"(?m)^status=0$"), "the client still answers after the malformed frames");
        // Every malformed frame was dropped somewhere and counted.
        long Counter(string name) => long.Parse(Regex.Match(counters, $@"(?m)^{name}: (\d+)").Groups[1].Value);
        Assert.That(Counter("FramesDropped") + Counter("IpDropped") + Counter("UdpDropped") + Counter("TcpDropped"), Is.GreaterThanOrEqualTo(11),
            "the malformed frames were counted as dropped");
        Assert.That(counts.Injected, Is.EqualTo(injected));
        Assert.That(counts.Dropped > 0 && counts.Corrupted > 0 && counts.Duplicated > 0 && counts.Reordered > 0, Is.True, "every fault happened");
        NothingDied(results[0].SerialLog);
        NothingDied(results[1].SerialLog);
    }
}
