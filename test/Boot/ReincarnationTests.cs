using System;
using System.IO;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The reincarnation server (src/Servers/Rs), first step: it takes charge of
// the components whose manager it is and restarts one that dies, from the
// boot image with its own table, by the declarative policy (`restart
// limit=3 window=60s`): at once, then backing off, then stopping it.
// test/Components: crashonce panics on its first start only; flaky on
// every start; rsprobe is crashonce's client and must be answered.
[TestFixture]
public class ReincarnationTests
{
    private static Launcher.BootResult? s_run;
    private static readonly object s_lock = new();

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
            return s_run ??= GuestRun.Qemu("start=monitor,ds,rs,flaky,crashonce,rsprobe exit_when=rsprobe", image: GuestRun.TestImage, timeoutSeconds: 90);
    }

    [Test]
    public void ACrashedComponentIsRestartedAndItsClientIsAnswered()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[rs\] rs: restarted crashonce \(reason panic, repetition 1\), endpoint \d+$");
        GuestRun.Line(run, @"^\[crashonce\] crashonce: instance 2 \(restart\)$");
        GuestRun.Line(run, @"^\[rsprobe\] rsprobe: crashonce answers at endpoint \d+$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void RestartsBackOffThenStopAtThePolicysLimit()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[rs\] rs: restarted flaky \(reason panic, repetition 1\)");
        GuestRun.Line(run, @"^\[rs\] rs: flaky ended \(panic, status \d+\); restart 2 in 100 ms$");
        GuestRun.Line(run, @"^\[rs\] rs: flaky ended \(panic, status \d+\); restart 3 in 200 ms$");
        GuestRun.Line(run, @"^\[rs\] rs: flaky failed 4 times within its window \(panic\); stopped, not restarted$");
        Assert.That(run.SerialLog, Does.Not.Contain("flaky: instance 5"), "no restart after the limit");
    }

    // The paper's transfer experiment on disk, small: a file read through
    // VFS and FS while the disk driver is killed every 100 ms. RS restarts
    // ata, FS repeats the request that was in flight, and the reader gets
    // every byte: its checksum equals the host's. Guest time is -icount's
    // (1 instruction = 1 ns), so the read takes the same guest time on any
    // host and sees the same kills (about a dozen: RS's backoff stretches
    // it). Timed by the host's clock, a fast host once finished the read
    // between the first and the second kill.
    [Test]
    public void AFileReadWhileTheDiskDriverIsKilledRepeatedlyIsIntact()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-kill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            byte[] data = TestBytes.Random(12 << 20, seed: 0xD15C);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), 40);
            disk.Put("/big.bin", data);
            disk.Put("/killer.ms", System.Text.Encoding.ASCII.GetBytes("100"));
            ulong hash = 14695981039346656037UL;
            foreach (byte b in data)
                hash = (hash ^ b) * 1099511628211UL;

            var run = GuestRun.Qemu("start=monitor,ds,rs,ata,fs,vfs,diskreader,killer exit_when=diskreader,killer",
                image: GuestRun.TestImage, timeoutSeconds: 150, disk: disk.Path, instructionCounting: true);

            GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {data.Length} bytes, fnv {hash:x16}, \d+ tsc$");
            int kills = int.Parse(GuestRun.Line(run, @"^\[killer\] killer: killed ata (\d+) times$").Groups[1].Value);
            Assert.That(kills, Is.GreaterThanOrEqualTo(2), "the driver was killed during the transfer");
            GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
            GuestRun.Line(run, @"^\[rs\] rs: restarted ata \(reason killed, repetition \d+\), endpoint \d+$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    // A burst of failures while RS cannot receive: fifty supervised
    // instances of swarm (`service up swarm -label swarmNN`) are killed
    // while RS is stopped (StateCtl), so all fifty defect reports are
    // pending at once, far more than any kernel message queue holds. The
    // kernel holds each in the ended slot until RS takes it: RS receives
    // fifty and restarts fifty.
    [Test]
    public void FiftyReportsPendingWhileRsIsStoppedAllArriveAndAllFiftyRestart()
    {
        var run = GuestRun.Qemu("start=monitor,ds,rs,burst exit_when=burst", image: GuestRun.TestImage, timeoutSeconds: 90);
        GuestRun.Line(run, @"^\[burst\] burst: 50 instances of swarm running$");
        GuestRun.Line(run, @"^\[burst\] burst: killed 50 while rs was stopped$");
        GuestRun.Line(run, @"^\[burst\] burst: all 50 restarted by rs in \d+ ms$");
        for (int i = 1; i <= 50; i++)
            GuestRun.Line(run, $@"^\[rs\] rs: restarted swarm{i:D2} \(reason killed, repetition 1\), endpoint \d+$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
