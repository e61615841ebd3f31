using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Bench;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The network harness with Linux as the guest (LinuxNetworkGuest), until
// our own stack can drive it: --serve reaches the guest as 10.0.2.100:80,
// --forward reaches the guest's server from the host, restrict=on keeps
// the host's own ports (10.0.2.2) out of reach, and the frame relay
// carries a TCP transfer between two guests through loss, corruption,
// duplication, reordering and injected malformed frames.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class LinuxNetworkTests
{
    private static string Md5(byte[] data) => Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant();

    [TestCase(NicModel.E1000)]
    [TestCase(NicModel.Rtl8139)]
    public void ServeAndForwardCarryAFileBothWaysAndTheHostStaysClosed(NicModel nic)
    {
        string served = Directory.CreateTempSubdirectory("minix3-serve-").FullName;
        // A port the host listens on, which the guest must not reach
        // through QEMU's host address.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        try
        {
            byte[] data = TestBytes.Random(2 << 20, 0x5e7e);
            File.WriteAllBytes(Path.Combine(served, "data.bin"), data);
            int forwarded = GdbStub.FreePort();
            int hostPort = ((IPEndPoint)closed.LocalEndpoint).Port;
            string capture = Path.Combine(served, "..", Path.GetFileName(served) + ".pcap");
            var network = new GuestNetwork { Nic = nic, ServeDirectory = served, Forwards = new[] { new PortForward(forwarded, 80) }, CaptureFile = capture };
            string script = string.Join('\n',
                "mkdir /www",
                // QEMU's DHCP answers under restrict=on (the script applies nothing).
                "echo \"linuxnet: dhcp $(udhcpc -i eth0 -n -q -t 5 -s /bin/true 2>&1 | grep -o 'lease of [0-9.]* obtained')\"",
                $"wget -q -O /www/copy.bin http://{GuestNetwork.ServeAddress}/data.bin; echo \"linuxnet: wget $?\"",
                "wget -q -O /tmp/none http://10.0.2.100/nothing.bin; echo \"linuxnet: missing $?\"",
                "echo \"linuxnet: md5 $(md5sum /www/copy.bin)\"",
                $"nc -w 3 10.0.2.2 {hostPort} < /dev/null; echo \"linuxnet: host port $?\"",
                "httpd -p 80 -h /www; echo 'linuxnet: httpd up'",
                "sleep 600");
            DateTime deadline = DateTime.UtcNow.AddSeconds(150);
            using var guest = LinuxNetworkGuest.Start(network, GuestNetwork.FirstLease, GuestNetwork.Gateway, script);
            bool up = guest.WaitFor("^linuxnet: httpd up", deadline);
            string log = guest.SerialText;
            TestContext.Out.WriteLine(log);
            Assert.That(up, Is.True, "the guest's script ran to its server");
            Assert.That(log, Does.Contain("linuxnet: dhcp lease of 10.0.2.15 obtained"));
            Assert.That(log, Does.Contain("linuxnet: wget 0"), "wget from --serve");
            Assert.That(log, Does.Match("linuxnet: missing [1-9]"), "a missing file is an error (404)");
            Assert.That(Regex.Match(log, "linuxnet: md5 ([0-9a-f]{32})").Groups[1].Value, Is.EqualTo(Md5(data)));
            Assert.That(log, Does.Not.Contain("linuxnet: host port 0"), "restrict=on: 10.0.2.2 is not the host's loopback");
            Assert.That(closed.Pending(), Is.False, "nothing reached the host's port");
            Assert.That(guest.Server!.Requests, Is.EqualTo(2), "wget's two requests, each through its own relay");
            // Back through --forward: the guest's httpd serves what it fetched.
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            byte[] back = client.GetByteArrayAsync($"http://127.0.0.1:{forwarded}/copy.bin").Result;
            Assert.That(back.Length, Is.EqualTo(data.Length));
            Assert.That(back, Is.EqualTo(data));
            // The capture holds the guest's traffic: a pcap of Ethernet frames, the 2 MiB twice over.
            byte[] pcap = File.ReadAllBytes(capture);
            Assert.That(BitConverter.ToUInt32(pcap, 0), Is.EqualTo(0xa1b2c3d4));
            Assert.That(BitConverter.ToUInt32(pcap, 20), Is.EqualTo(1), "Ethernet");
            Assert.That(pcap.Length, Is.GreaterThan(2 * data.Length));
            File.Delete(capture);
        }
        finally
        {
            closed.Stop();
            Directory.Delete(served, true);
        }
    }

    [Test]
    public void TwoGuestsTransferThroughALossyRelayWithMalformedFramesInjected()
    {
        var faults = new LinkFaults(Drop: 0.03, Corrupt: 0.01, Duplicate: 0.01, Reorder: 0.03);
        using var relay = FrameRelay.Start(2, seed: 15, faults: faults);
        var client = Station.Of(RelayedGuests.MacOf(0), "10.0.2.1");
        var server = Station.Of(RelayedGuests.MacOf(1), "10.0.2.2");
        var stranger = Station.Of("52:54:00:99:99:99", "10.0.2.9");
        GuestNetwork On(int port) => new() { FrameSocket = relay.SocketPath(port), MacAddress = RelayedGuests.MacOf(port) };
        const int Numbers = 300000;
        string expected = Md5(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, Numbers).Select(n => n + "\n"))));
        DateTime deadline = DateTime.UtcNow.AddSeconds(240);
        using var serving = LinuxNetworkGuest.Start(On(1), "10.0.2.2", null, string.Join('\n',
            "mkdir /www",
            $"seq 1 {Numbers} > /www/numbers",
            "httpd -p 80 -h /www; echo 'linuxnet: httpd up'",
            "sleep 600"));
        using var fetching = LinuxNetworkGuest.Start(On(0), "10.0.2.1", null, string.Join('\n',
            "n=0; until ping -c 1 -W 1 10.0.2.2 > /dev/null; do n=$((n + 1)); [ $n -gt 120 ] && break; done; echo \"linuxnet: ping after $n\"",
            "sleep 2",
            "ok=1; for i in 1 2 3 4 5; do if wget -q -O /tmp/numbers http://10.0.2.2/numbers; then ok=0; break; fi; sleep 1; done; echo \"linuxnet: wget $ok\"",
            "echo \"linuxnet: md5 $(md5sum /tmp/numbers)\"",
            "ping -c 3 -W 2 10.0.2.2 > /dev/null; echo \"linuxnet: alive $?\""));
        Assert.That(fetching.WaitFor("^linuxnet: ping after", deadline), Is.True, "the client reaches the server; log:\n" + fetching.SerialText);
        // Malformed frames at the client while its transfer starts: each
        // must be dropped by Linux without harm to the transfer.
        var malformed = new[]
        {
            CraftedFrames.Runt(stranger, client), CraftedFrames.TruncatedIpv4Header(stranger, client), CraftedFrames.ShortIpv4HeaderLength(stranger, client),
            CraftedFrames.LyingTotalLength(stranger, client), CraftedFrames.TruncatedTcpHeader(stranger, client, 80), CraftedFrames.BadIpv4Checksum(stranger, client),
            CraftedFrames.BadTcpChecksum(stranger, client, 80), CraftedFrames.BadUdpChecksum(stranger, client, 7), CraftedFrames.BadIcmpChecksum(stranger, client),
            CraftedFrames.TcpOptionOverrun(stranger, client, 80), CraftedFrames.TcpDataOffsetBeyondSegment(stranger, client, 80),
        }.Concat(CraftedFrames.OverlappingFragments(stranger, client, 0x99)).Concat(CraftedFrames.SynFlood(stranger, client, 80, 200, seed: 15)).ToList();
        foreach (byte[] frame in malformed)
            Assert.That(relay.Inject(0, frame), Is.True);
        bool ended = fetching.WaitFor("^linuxnet: end", deadline);
        string log = fetching.SerialText;
        TestContext.Out.WriteLine(log);
        RelayCounts counts = relay.Counts;
        TestContext.Out.WriteLine(counts);
        Assert.That(ended, Is.True, "the client's script ended");
        Assert.That(log, Does.Contain("linuxnet: wget 0"));
        Assert.That(Regex.Match(log, "linuxnet: md5 ([0-9a-f]{32})").Groups[1].Value, Is.EqualTo(expected));
        Assert.That(log, Does.Contain("linuxnet: alive 0"), "the client still answers after the malformed frames");
        Assert.That(counts.Injected, Is.EqualTo(malformed.Count));
        Assert.That(counts.Received, Is.GreaterThan(500), "the transfer's frames went through the relay");
        Assert.That(counts.Dropped > 0 && counts.Corrupted > 0 && counts.Duplicated > 0 && counts.Reordered > 0, Is.True, "every fault happened");
    }
}
