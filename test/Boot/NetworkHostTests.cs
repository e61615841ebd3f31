using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The host's side of the network, seen from QEMU while our system runs:
// --net puts the NIC on the PCI bus and one user netdev with restrict=on
// (QEMU's monitor says so), --forward listens on 127.0.0.1 only, and two
// guests join the frame relay. What our stack does on these networks is
// NetworkStackTests' part (LinuxNetworkTests drives the same harness with
// Linux's).
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class NetworkHostTests
{
    private static string MonitorAnswer(HostConsole monitor, string command, DateTime deadline)
    {
        int from = monitor.Received.Length;
        Assert.That(monitor.Command(command, deadline), Is.True, $"the monitor answers {command}");
        return monitor.Received[from..];
    }

    [TestCase(NicModel.E1000, "8086:100e")]
    [TestCase(NicModel.Rtl8139, "10ec:8139")]
    public void NetPutsTheNicOnThePciBusOnARestrictedUserNetdev(NicModel nic, string pciId)
    {
        using var scratch = new GuestScratch("net-" + nic);
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        int forwarded = GdbStub.FreePort();
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(120), DiskImage = scratch.Disk, SerialLogPath = scratch.Log,
            Com2Socket = scratch.Com2, MonitorSocket = scratch.Monitor,
            Network = new GuestNetwork { Nic = nic, ServeDirectory = served, Forwards = new[] { new PortForward(forwarded, 80) } },
        };
        DateTime deadline = DateTime.UtcNow.AddSeconds(110);
        Task<BootResult> run = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit", null));
        string pci, network, usernet, hosts;
        // COM2 first: QEMU starts the guest once COM2 has a client.
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        using (var monitor = HostConsole.Connect(scratch.Monitor, deadline))
        {
            // The system is up (its shell answers) with the NIC in place.
            // (grep: the file's comment lines would look like prompts.)
            hosts = shell.Run("grep host.minix /etc/hosts");
            pci = MonitorAnswer(monitor, "info pci", deadline);
            network = MonitorAnswer(monitor, "info network", deadline);
            usernet = MonitorAnswer(monitor, "info usernet", deadline);
            shell.Shutdown();
        }
        BootResult result = run.Result;
        TestContext.Out.WriteLine(pci + network + usernet);
        Assert.That(result.TimedOut, Is.False);

        Assert.That(pci, Does.Contain("Ethernet controller: PCI device " + pciId));
        Assert.That(Regex.Matches(pci, "Ethernet controller"), Has.Count.EqualTo(1), "one NIC");
        // One NIC on one netdev: user networking, restricted.
        Assert.That(network, Does.Contain($"type=nic,model={GuestNetwork.DeviceName(nic)},macaddr=52:54:00:12:34:56"));
        Assert.That(network, Does.Contain("net0: index=0,type=user,net=10.0.2.0,restrict=on"));
        Assert.That(Regex.Matches(network, @"type=(user|stream|socket|tap|bridge|dgram|vde|l2tpv3)"), Has.Count.EqualTo(1), "no other netdev");
        // The forward listens on the host's loopback, toward the guest's port 80.
        Assert.That(usernet, Does.Match($@"TCP\[HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+{forwarded}\s+10\.0\.2\.15\s+80"));
        Assert.That(hosts, Does.Contain("10.0.2.100 host.minix"));
    }

    // The options as a user gives them: the launcher says what reaches
    // what before the guest starts, and ends the run at its timeout.
    [Test]
    public void TheLauncherPrintsWhatTheGuestReaches()
    {
        string served = Directory.CreateTempSubdirectory("minix3-serve-").FullName;
        try
        {
            int forwarded = GdbStub.FreePort();
            var start = new System.Diagnostics.ProcessStartInfo("dotnet")
            {
                WorkingDirectory = GuestRun.Image.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "Minix3.Cosmos.Launcher.dll"), "--no-build", "--no-disk",
                "--headless", "--timeout", "5", "--nic", "rtl8139", "--serve", served, "--forward", $"{forwarded}:80" })
                start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            TestContext.Out.WriteLine(output + errors.Result);
            Assert.That(process.ExitCode, Is.EqualTo(124), "the default system runs until the timeout");
            Assert.That(output, Does.Contain($"launcher: forwarding 127.0.0.1:{forwarded} on the host to the guest's TCP port 80"));
            Assert.That(output, Does.Match($@"launcher: serving {Regex.Escape(served)} to the guest at http://host\.minix/ \(10\.0\.2\.100:80; 127\.0\.0\.1:\d+ on the host\)"));
            Assert.That(output, Does.Contain("Minix3.Cosmos kernel"), "the guest ran");
        }
        finally
        {
            Directory.Delete(served, true);
        }
    }

    [Test]
    public void WithoutNetQemuHasNoNic()
    {
        using var scratch = new GuestScratch("nonet");
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(90), DiskImage = scratch.Disk, SerialLogPath = scratch.Log,
            Com2Socket = scratch.Com2, MonitorSocket = scratch.Monitor,
        };
        DateTime deadline = DateTime.UtcNow.AddSeconds(80);
        Task<BootResult> run = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit", null));
        string pci, network;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        using (var monitor = HostConsole.Connect(scratch.Monitor, deadline))
        {
            pci = MonitorAnswer(monitor, "info pci", deadline);
            network = MonitorAnswer(monitor, "info network", deadline);
            shell.Shutdown();
        }
        Assert.That(run.Result.TimedOut, Is.False);
        Assert.That(pci, Does.Not.Contain("Ethernet controller"));
        Assert.That(network, Does.Not.Contain("type=user").And.Not.Contain("type=nic"));
    }

    // Two of our systems on the relay: both connect (QEMU's stream client
    // reaches the harness) and run to their shells. Traffic between them is
    // NetworkStackTests' part.
    [Test]
    public void TwoGuestsStartJoinedByTheRelay()
    {
        using var relay = FrameRelay.Start(2, seed: 15);
        using var first = new GuestScratch("relay0");
        using var second = new GuestScratch("relay1");
        DateTime deadline = DateTime.UtcNow.AddSeconds(150);
        BootOptions Options(GuestScratch s) => new()
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(160), DiskImage = s.Disk, SerialLogPath = s.Log, Com2Socket = s.Com2, MonitorSocket = s.Monitor,
        };
        Task<BootResult[]> run = Task.Run(() => RelayedGuests.Boot(GuestRun.Image, relay, new[] { (Options(first), "exit"), (Options(second), "exit") }));
        string network0, network1;
        using (var shell0 = SerialShell.Open(first.Com2, deadline))
        using (var shell1 = SerialShell.Open(second.Com2, deadline))
        using (var monitor0 = HostConsole.Connect(first.Monitor, deadline))
        using (var monitor1 = HostConsole.Connect(second.Monitor, deadline))
        {
            Assert.That(relay.WaitForConnections(TimeSpan.FromSeconds(30)), Is.True, "both QEMUs connect to the relay");
            network0 = MonitorAnswer(monitor0, "info network", deadline);
            network1 = MonitorAnswer(monitor1, "info network", deadline);
            shell0.Shutdown();
            shell1.Shutdown();
        }
        BootResult[] results = run.Result;
        Assert.That(results[0].TimedOut || results[1].TimedOut, Is.False);
        Assert.That(network0, Does.Contain("macaddr=" + RelayedGuests.MacOf(0)).And.Contain("type=stream,unix:" + relay.SocketPath(0)));
        Assert.That(network1, Does.Contain("macaddr=" + RelayedGuests.MacOf(1)).And.Contain("type=stream,unix:" + relay.SocketPath(1)));
        TestContext.Out.WriteLine($"relay: {relay.Counts}");
    }
}
