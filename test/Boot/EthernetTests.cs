using System;
using System.IO;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The Ethernet drivers (src/Drivers/Net) on QEMU's NICs with --net's user
// networking (restrict=on: slirp answers, nothing leaves the host):
// the driver claims its device through pci, resets it, logs its address
// (QEMU's default 52:54:00:12:34:56) and brings the link up; ethclient
// (test/Components/EthClient) plays inet and sends real frames slirp
// answers: an ARP request for the gateway 10.0.2.2 (slirp's address
// 52:55:0a:00:02:02 comes back) and a DHCP DISCOVER (an OFFER of
// 10.0.2.15). A slow client (no receives posted) has the driver queue
// 32 frames and drop the rest, counted; all 32 come through once
// receives come. Then RS crashes the driver with a frame in flight; the
// new instance resets the device, the client opens it again and ARP is
// answered again. The host turns the link off and on (QEMU's monitor):
// the driver sees it, notifies the client and keeps it in DS. The client, whose policy
// has no `pci` line, is refused the device by pci.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class EthernetTests
{
    // Boots the driver and ethclient; when ethclient says it waits for the
    // link to go down (then up), QEMU's monitor turns the NIC's link off
    // (then on): `set_link net0 off` on the user netdev reaches the NIC.
    private static BootResult Run(NicModel nic, string label)
    {
        string log = Path.Combine(Path.GetTempPath(), $"minix3-eth-{Guid.NewGuid():N}.log");
        string monitorSocket = HostConsole.NewSocketPath("mon");
        try
        {
            var options = new BootOptions
            {
                Headless = true, Timeout = TimeSpan.FromSeconds(90), SerialLogPath = log, MonitorSocket = monitorSocket,
                Network = new GuestNetwork { Nic = nic },
            };
            string arguments = $"start=monitor,ds,rs,pci,{label},ethclient exit_when=ethclient exit";
            DateTime deadline = DateTime.UtcNow.AddSeconds(85);
            Task<BootResult> boot = Task.Run(() => Launcher.Qemu.Boot(GuestRun.TestImage, options, arguments, null));
            bool toggled = false;
            using (HostConsole monitor = HostConsole.Connect(monitorSocket, deadline))
            {
                if (HostConsole.WaitForLogLine(log, @"^\[ethclient\] ethclient: waiting for the link to go down$", deadline)
                    && monitor.Command("set_link net0 off", deadline)
                    && HostConsole.WaitForLogLine(log, @"^\[ethclient\] ethclient: waiting for the link to come up$", deadline))
                    toggled = monitor.Command("set_link net0 on", deadline);
            }
            BootResult result = boot.Result;
            TestContext.Out.WriteLine(result.SerialLog);
            Assert.That(toggled, Is.True, "the monitor turned the link off and on");
            return result;
        }
        finally
        {
            File.Delete(log);
            File.Delete(monitorSocket);
        }
    }

    [TestCase(NicModel.E1000, "e1000")]
    [TestCase(NicModel.Rtl8139, "rtl8139")]
    public void TheDriverSendsAndReceivesRealFramesAndComesBackAfterACrash(NicModel nic, string label)
    {
        BootResult run = Run(nic, label);
        Assert.That(run.TimedOut, Is.False);
        GuestRun.Line(run, $@"^\[{label}\] {label}: 52:54:00:12:34:56 irq \d+, link (up|down)$");
        GuestRun.Line(run, $@"^\[ethclient\] ethclient: {label} has address 52:54:00:12:34:56$");
        foreach (string check in new[] { "found", "open", "link-up", "claim-without-pci-line", "arp-gateway", "dhcp-offer", "statistics", "queue-bounded", "queue-drained", "queue-empty", "send-bad-length",
                     "inject-crash", "successor", "reopen", "same-address", "link-up-again", "arp-after-restart", "successor-counts-from-zero",
                     "link-down-notified", "link-down-in-ds", "link-up-notified", "link-up-in-ds" })
            GuestRun.Line(run, $@"^\[ethclient\] ethclient: {check}: ok$");
        GuestRun.Line(run, @"^\[pci\] pci: refused ethclient: [0-9a-f]{4}:[0-9a-f]{4} is not in its policy$");
        GuestRun.Line(run, $@"^\[{label}\] {label}: first interrupt on line \d+$");
        GuestRun.Line(run, @"^\[ethclient\] ethclient: arp 10\.0\.2\.2 is at 52:55:0a:00:02:02$");
        GuestRun.Line(run, @"^\[ethclient\] ethclient: dhcp offer 10\.0\.2\.15$");
        // The crash, RS's restart, and the new instance's reset.
        GuestRun.Line(run, $@"^\[{label}\] panicked: fault injected: crash$");
        GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason \w+, repetition \d+\)");
        GuestRun.Line(run, $@"^\[{label}\] {label}: 52:54:00:12:34:56 irq \d+ \(restarted: device reset\), link (up|down)$");
        // The link, as the driver saw it.
        GuestRun.Line(run, $@"^\[{label}\] {label}: link down$");
        GuestRun.Line(run, $@"^\[{label}\] {label}: link up$");
        GuestRun.Line(run, @"^\[ethclient\] ethclient: all checks passed$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // Two guests joined by the host's frame relay (QEMU's -netdev stream,
    // no slirp): each driver carries ethclient's broadcast greetings (its
    // Peer part, chosen by the relay's addresses)
    // to the other, intact and in order; the relay saw them pass.
    [TestCase(NicModel.E1000, "e1000")]
    [TestCase(NicModel.Rtl8139, "rtl8139")]
    public void TwoGuestsGreetEachOtherThroughTheRelay(NicModel nic, string label)
    {
        using var relay = FrameRelay.Start(2, seed: 15);
        BootOptions options = new() { Headless = true, Timeout = TimeSpan.FromSeconds(120) };
        string arguments = $"start=monitor,ds,rs,pci,{label},ethclient exit_when=ethclient exit";
        BootResult[] runs = RelayedGuests.Boot(GuestRun.TestImage, relay, new[] { (options, arguments), (options, arguments) }, nic);
        for (int guest = 0; guest < 2; guest++)
        {
            BootResult run = runs[guest];
            TestContext.Out.WriteLine(run.SerialLog);
            Assert.That(run.TimedOut, Is.False, $"guest {guest}");
            string self = RelayedGuests.MacOf(guest), other = RelayedGuests.MacOf(1 - guest);
            GuestRun.Line(run, $@"^\[{label}\] {label}: {self} irq \d+, link up$");
            GuestRun.Line(run, $@"^\[ethclient\] ethclient: {self} heard {other} greet \d+ times after sending \d+$");
            foreach (string check in new[] { "heard-the-other", "greetings-intact", "greetings-in-order", "nothing-from-itself" })
                GuestRun.Line(run, $@"^\[ethclient\] ethclient: {check}: ok$");
            GuestRun.Line(run, @"^\[ethclient\] ethclient: all checks passed$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        TestContext.Out.WriteLine($"relay: {relay.Counts}");
        // Each guest greets at least 11 times (10 after hearing the other).
        Assert.That(relay.Counts.Received, Is.GreaterThanOrEqualTo(22), "the greetings went through the relay");
    }
}
