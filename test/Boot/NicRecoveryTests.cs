using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The paper's network experiment as tests (issue 16): a download from the
// host's --serve server, checksummed in the guest by netreader
// (test/Components/NetReader: wget's HTTP client), while killer
// (test/Components/Killer) disturbs the Ethernet driver at a fixed period
// of guest time, from inet's lease on (so every disturbance falls inside
// the transfer):
// - killed every second: the file arrives intact, every kill inside the
//   transfer, inet reopening each successor and resuming the connection;
// - hung (RS's fault injection: an endless loop): RS's heartbeat finds
//   it within two periods (the policies say 1 s, one miss) and replaces
//   it, and the transfer completes.
// - on the whole system, from the shell: a driver that answers garbage is
//   reported by inet (a complaint) and replaced; a driver that crashes on
//   every start is restarted with backoff until RS stops it at its limit,
//   inet reports its interface down, and `service up` brings it back.
// Runs use -icount and timer_hz=1000 (a wait for the host then costs at
// most a 1 ms jump of guest time, not a 10 ms one).
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class NicRecoveryTests
{
    private const int FileMiB = 64;
    private const string Cast = "timer_hz=1000 start=monitor,ds,rs,iommu,pci,{0},inet,ata,fs,vfs,netreader,killer exit_when=netreader exit";

    [Test]
    public void KillingTheEthernetDriverEverySecondDuringA64MiBDownloadLosesNothing()
    {
        Run run = Download(NicModel.E1000, "e1000", "1000 e1000");
        List<long> kills = Times(run.Log, @"^\[killer\] killer: killed e1000 at (\d+) tsc$");
        Assert.That(kills, Has.Count.GreaterThanOrEqualTo(5), "a kill every second of a transfer of several seconds");
        Assert.That(kills, Has.All.InRange(run.Started, run.Ended), "every kill inside the transfer");
        // Each kill: RS's restart, inet reopening the successor with the
        // first instance's address and resuming the connection.
        Assert.That(Regex.Matches(run.Log, @"^\[rs\] rs: restarted e1000 \(reason killed, ", RegexOptions.Multiline), Has.Count.EqualTo(kills.Count));
        Assert.That(Regex.Matches(run.Log, @"^\[inet\] inet: eth0 driver restarted, reopened; \d+ frames sent again, 1 connections resumed, same MAC and filter, link up$",
            RegexOptions.Multiline), Has.Count.EqualTo(kills.Count));
    }

    [Test]
    public void AnEthernetDriverHungMidTransferIsFoundWithinTwoHeartbeatsAndTheDownloadCompletes()
    {
        Run run = Download(NicModel.Rtl8139, "rtl8139", "3000 hang rtl8139");
        List<long> hangs = Times(run.Log, @"^\[killer\] killer: hang of rtl8139 injected at (\d+) tsc: status 0$");
        Assert.That(hangs, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(hangs, Has.All.InRange(run.Started, run.Ended), "every hang inside the transfer");
        Assert.That(Regex.Matches(run.Log, @"^\[rs\] rs: restarted rtl8139 \(reason heartbeat, ", RegexOptions.Multiline), Has.Count.EqualTo(hangs.Count),
            "each hang found by the heartbeat and replaced");
        // Found and replaced within two periods (1 s each): from the
        // injection to the successor's first frame.
        List<long> firsts = Times(run.Log, @"^\[rtl8139\] rtl8139: first frame \(\d+ bytes\) sent at (\d+) tsc$");
        foreach (long hang in hangs)
        {
            long next = firsts.FirstOrDefault(t => t > hang);
            Assert.That(next, Is.GreaterThan(0), "a successor sent a frame after the hang");
            Assert.That((next - hang) / 1e9, Is.LessThan(2.0), "seconds of guest time from the hang to the successor's first frame");
        }
    }

    [Test]
    public void InetComplainsOfADriverThatAnswersGarbageAndOneThatCannotStartIsStoppedThenBroughtBack()
    {
        using var scratch = new GuestScratch("nic-shell");
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        File.WriteAllText(Path.Combine(served, "small.txt"), "a small page\n");
        var options = new BootOptions
        {
            Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(300), DiskImage = scratch.Disk,
            SerialLogPath = scratch.Log, Com2Socket = scratch.Com2,
            Network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served },
        };
        DateTime deadline = DateTime.UtcNow.AddSeconds(290);
        Task<BootResult> boot = Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit timer_hz=1000", null));
        const string Fetch = "wget -q -O - http://host.minix/small.txt; echo status=$?";
        string garbage, down, up;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        {
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 dhcp lease 10\.0\.2\.15", deadline), Is.True, "a lease");
            // The next frame e1000 hands inet claims more bytes than the
            // buffer holds: inet complains, RS replaces e1000, and the
            // download goes on through the successor.
            garbage = shell.Run("service fi e1000 reply; echo fi=$?") + shell.Run(Fetch);
            // Every instance from now on panics at once.
            down = shell.Run("service fi e1000 every-start; echo fi=$?");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 down: rs stopped e1000; ", deadline), Is.True,
                "inet reports the interface down once RS stops e1000:\n" + File.ReadAllText(scratch.Log));
            down += shell.Run("service status") + shell.Run("ifconfig eth0");
            // No route through a stopped driver: a download fails at once
            // instead of waiting for TCP to give up.
            string failFast = shell.Run("time wget -q -O - http://host.minix/small.txt; echo status=$?");
            Assert.That(failFast, Does.Match(@"(?m)^status=[1-9]\d*$"), "wget fails while e1000 is down:\n" + failFast);
            Match took = Regex.Match(failFast, @"(?m)^real (\d+)\.(\d+)$");
            Assert.That(took.Success && int.Parse(took.Groups[1].Value) < 2, Is.True, "and at once:\n" + failFast);
            up = shell.Run("service up e1000; echo up=$?");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 up: e1000 started again$", deadline), Is.True, "inet reports it up");
            up += shell.Run(Fetch) + shell.Run("ifconfig eth0");
            shell.Shutdown();
        }
        BootResult result = boot.Result;
        string log = result.SerialLog;
        TestContext.Out.WriteLine(garbage + down + up);
        Assert.That(result.TimedOut, Is.False);

        Assert.That(garbage, Does.Match(@"(?m)^fi=0$"));
        Assert.That(garbage, Does.Match(@"(?m)^a small page$").And.Match(@"(?m)^status=0$"), "the download went on through the successor");
        Match complaint = GuestRun.Line(result, @"^\[inet\] inet: eth0 e1000 broke the protocol \(a receive longer than its buffer\); complained to rs: status 0$");
        Match judged = GuestRun.Line(result, @"^\[rs\] rs: inet complains about e1000 \(code 1\)$");
        Match replaced = GuestRun.Line(result, @"^\[rs\] rs: restarted e1000 \(reason complaint, ");
        Assert.That(new[] { judged.Index, replaced.Index, complaint.Index }, Is.Ordered, "RS judged and replaced e1000 before inet's complaint returned");

        Assert.That(down, Does.Match(@"(?m)^fi=0$"));
        Assert.That(down, Does.Match(@"(?m)^e1000 +\d+ +stopped +\d+ +panic "), "service status: e1000 stopped after panics");
        Assert.That(down, Does.Match(@"(?m)^eth0: flags=UP mtu 1500"), "ifconfig: no link while the driver is down");
        // RS backed off between the crashes (failures less than 500 ms
        // apart wait 100 ms, then twice as long each time) and stopped at
        // the policy's limit.
        List<long> delays = Times(log, @"^\[rs\] rs: e1000 ended \(panic, status -?\d+\); restart \d+ in (\d+) ms$");
        Assert.That(delays, Does.Contain(100L).And.Contain(200L).And.Contain(400L), "the backoff doubles");
        GuestRun.Line(result, @"^\[rs\] rs: e1000 failed \d+ times within its window \(panic\); stopped, not restarted$");

        Assert.That(up, Does.Match(@"(?m)^up=0$"));
        GuestRun.Line(result, @"^\[rs\] rs: e1000 started by request; boot fault every-start disarmed$");
        Assert.That(up, Does.Match(@"(?m)^a small page$").And.Match(@"(?m)^status=0$"), "the interface works again");
        Assert.That(up, Does.Match(@"(?m)^eth0: flags=UP,LINK mtu 1500"));
        Assert.That(result.ExitCode, Is.EqualTo(0));
    }

    private sealed record Run(string Log, long Started, long Ended);

    // One boot: the file served from a fresh directory, netreader's
    // checksum compared with the host's; the transfer's first and last
    // progress times (guest tsc) for placing the disturbances.
    private static Run Download(NicModel nic, string label, string killer)
    {
        using var scratch = new GuestScratch("nic-" + label);
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        byte[] data = TestBytes.Random(FileMiB << 20, 0x16E7);
        File.WriteAllBytes(Path.Combine(served, "big.bin"), data);
        var disk = new HostFatImage(scratch.Disk);
        disk.Put("/netreader.conf", Encoding.ASCII.GetBytes("http://10.0.2.100/big.bin 1"));
        disk.Put("/killer.ms", Encoding.ASCII.GetBytes(killer));
        var options = new BootOptions
        {
            Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(400), DiskImage = scratch.Disk,
            Network = new GuestNetwork { Nic = nic, ServeDirectory = served },
        };
        BootResult result = Launcher.Qemu.Boot(GuestRun.TestImage, options, string.Format(Cast, label), null);
        string log = result.SerialLog;
        TestContext.Out.WriteLine(string.Join('\n', log.Split('\n').Where(l => !l.Contains(" MiB at "))));
        Assert.That(result.TimedOut, Is.False, "the download finished");
        Match read = GuestRun.Line(result, @"^\[netreader\] netreader: read (\d+) bytes, fnv ([0-9a-f]{16}), (\d+) tsc$");
        Assert.That(long.Parse(read.Groups[1].Value), Is.EqualTo((long)FileMiB << 20));
        Assert.That(read.Groups[2].Value, Is.EqualTo(TestBytes.Fnv1a64(data).ToString("x16")), "the guest's checksum is the host's");
        List<long> progress = Times(log, @"^\[netreader\] netreader: \d+ MiB at (\d+) tsc$");
        Assert.That(progress, Has.Count.EqualTo(FileMiB));
        long ended = progress[^1];
        long started = ended - long.Parse(read.Groups[3].Value);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        return new Run(log, started, ended);
    }

    private static List<long> Times(string log, string pattern) =>
        Regex.Matches(log, pattern, RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
}
