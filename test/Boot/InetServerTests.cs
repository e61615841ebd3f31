using System;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The TCP/IP server inet (src/Servers/Inet) on each NIC with --net's user
// networking (restrict=on: slirp answers, nothing leaves the host).
// inetprobe (test/Components/InetProbe) talks to inet with the driver
// protocol as VFS would: over the loopback a UDP datagram to itself and
// a TCP connection accepted and used both ways; then inet's DHCP lease
// from slirp (10.0.2.15), an ICMP echo to the gateway 10.0.2.2, RS
// crashing the Ethernet driver, inet opening its successor, and an echo
// through it.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class InetServerTests
{
    [TestCase(NicModel.E1000, "e1000")]
    [TestCase(NicModel.Rtl8139, "rtl8139")]
    public void InetServesSocketsLeasesAnAddressAndFollowsItsDriverAcrossACrash(NicModel nic, string label)
    {
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(120), Network = new GuestNetwork { Nic = nic },
        };
        BootResult run = Launcher.Qemu.Boot(GuestRun.TestImage, options, $"start=monitor,ds,rs,pci,{label},inet,inetprobe exit_when=inetprobe exit", null);
        TestContext.Out.WriteLine(run.SerialLog);
        Assert.That(run.TimedOut, Is.False);
        GuestRun.Line(run, $@"^\[inet\] inet: eth0 {label} 52:54:00:12:34:56 link up$");
        GuestRun.Line(run, @"^\[inet\] inet: eth0 dhcp$");
        // slirp leaves the router (and DNS) out of its offers under
        // restrict=on; the gateway, on the link, answers pings anyway.
        GuestRun.Line(run, @"^\[inet\] inet: eth0 dhcp lease 10\.0\.2\.15/24( gw 10\.0\.2\.2)?$");
        foreach (string check in new[] { "found-inet", "interface-lo", "interface-past-the-last", "unknown-minor",
                     "udp-clone", "udp-bind", "udp-sendto", "udp-recvfrom", "udp-close",
                     "tcp-bind", "tcp-listen", "tcp-connect", "tcp-accept", "tcp-stream", "tcp-held-read", "tcp-end-of-file",
                     "dhcp-lease", "echo-gateway", "crash-driver", "echo-after-restart", "new-driver" })
            GuestRun.Line(run, $@"^\[inetprobe\] inetprobe: {check}: ok$");
        GuestRun.Line(run, @"^\[inetprobe\] inetprobe: echo reply from 10\.0\.2\.2 seq \d+$");
        // The crash, RS's restart, and inet opening the successor.
        GuestRun.Line(run, $@"^\[{label}\] panicked: fault injected: crash$");
        GuestRun.Line(run, $@"^\[rs\] rs: restarted {label} \(reason \w+, repetition \d+\)");
        GuestRun.Line(run, @"^\[inet\] inet: eth0 driver restarted, reopened; \d+ frames sent again, \d+ connections resumed, same MAC and filter, link (up|down)$");
        GuestRun.Line(run, @"^\[inetprobe\] inetprobe: all checks passed$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // No Ethernet driver at all (none started): inet serves the loopback
    // and names no interface beyond it; it neither waits for one nor ends.
    [Test]
    public void InetWithoutAnEthernetDriverServesTheLoopback()
    {
        BootResult run = GuestRun.Qemu("start=monitor,ds,rs,pci,inet,inetprobe exit_when=inetprobe", image: GuestRun.TestImage);
        Assert.That(run.TimedOut, Is.False);
        GuestRun.Line(run, @"^\[inet\] inet: lo 127\.0\.0\.1/8; serving tcp, udp, icmp and inet$");
        foreach (string check in new[] { "found-inet", "interface-lo", "udp-recvfrom", "tcp-connect", "tcp-accept", "tcp-stream", "no-ethernet-interface" })
            GuestRun.Line(run, $@"^\[inetprobe\] inetprobe: {check}: ok$");
        GuestRun.Line(run, @"^\[inetprobe\] inetprobe: all checks passed$");
        Assert.That(run.SerialLog, Does.Not.Contain("inet: eth0"));
        Assert.That(run.SerialLog, Does.Not.Contain("[inet] exited"), "inet runs on");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
