using System;
using System.IO;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The paper's transfer experiment on disk, full size: diskreader
// checksums a 256 MiB file through VFS, FS and ata while killer kills ata
// every 4 s, or every 1 s, of guest time, or asks RS for a live update of
// ata every 4 s. RS restarts (or replaces) the driver, FS repeats the
// request that was in flight, and the checksum equals the host's.
// Guest time is QEMU's -icount clock, so the kills land at the same
// points of the transfer on every run. bench/ measures the slowdown and
// the restart latency of the same runs; this checks they are correct.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class TransferExperimentTests
{
    private const int FileMiB = 256;
    private const string Cast = "start=monitor,ds,rs,ata,fs,vfs,diskreader,killer exit_when=diskreader,killer exit";

    private string _directory = "";
    private string _disk = "";
    private ulong _hash;

    // One disk with the file for all runs; each run takes a copy (QEMU
    // locks the image it writes to) with its own /killer.ms.
    [OneTimeSetUp]
    public void MakeDisk()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"minix3-transfer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        byte[] data = TestBytes.Random(FileMiB << 20, seed: 0x7A45);
        var disk = HostFatImage.Make(Path.Combine(_directory, "disk.img"), FileMiB + 16);
        disk.Put("/big.bin", data);
        _disk = disk.Path;
        _hash = TestBytes.Fnv1a64(data);
    }

    [OneTimeTearDown]
    public void RemoveDisk() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void TheTransferIsIntactWithTheDiskDriverKilledEvery4Seconds()
    {
        var run = Transfer("4000");
        int kills = Count(run, @"^\[killer\] killer: killed ata (\d+) times$");
        Assert.That(kills, Is.GreaterThanOrEqualTo(Expected(run, 4)), "a kill every 4 s of the transfer's guest time");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: restarted ata \(reason killed, repetition \d+\), endpoint \d+$", RegexOptions.Multiline).Count,
            Is.EqualTo(kills), "RS restarted ata after each kill");
    }

    [Test]
    public void TheTransferIsIntactWithTheDiskDriverKilledEverySecond()
    {
        var run = Transfer("1000");
        int kills = Count(run, @"^\[killer\] killer: killed ata (\d+) times$");
        Assert.That(kills, Is.GreaterThanOrEqualTo(Expected(run, 1)), "a kill every second of the transfer's guest time");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: restarted ata \(reason killed, repetition \d+\), endpoint \d+$", RegexOptions.Multiline).Count,
            Is.EqualTo(kills), "RS restarted ata after each kill");
    }

    // `service update ata` with the boot image's program, as killer asks
    // it of RS: the old instance parks, FS's request to it fails with a
    // dead endpoint when RS ends it, and FS repeats it on the new one.
    [Test]
    public void TheTransferIsIntactWithTheDiskDriverLiveUpdatedEvery4Seconds()
    {
        var run = Transfer("4000 update");
        int updates = Count(run, @"^\[killer\] killer: updated ata (\d+) times$");
        Assert.That(updates, Is.GreaterThanOrEqualTo(Expected(run, 4)), "an update every 4 s of the transfer's guest time");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: update of ata done: the new version runs$", RegexOptions.Multiline).Count,
            Is.EqualTo(updates), "RS reports each update done");
        Assert.That(run.SerialLog, Does.Not.Match(@"killer: update of ata asked at \d+ tsc: status -"), "no update was refused");
    }

    // Boots the cast on a copy of the disk with killer's settings and
    // checks what every run must show: the whole file read, its checksum
    // the host's, a clean end.
    private BootResult Transfer(string killerSettings)
    {
        string disk = Path.Combine(_directory, $"run-{Guid.NewGuid():N}.img");
        File.Copy(_disk, disk);
        try
        {
            new HostFatImage(disk).Put("/killer.ms", System.Text.Encoding.ASCII.GetBytes(killerSettings));
            var options = new BootOptions
            {
                Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(240), DiskImage = disk,
            };
            BootResult run = Qemu.Boot(GuestRun.TestImage, options, Cast, null);
            TestContext.Out.WriteLine(run.SerialLog);
            Assert.That(run.TimedOut, Is.False, "the transfer ended in time");
            GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {(long)FileMiB << 20} bytes, fnv {_hash:x16}, \d+ tsc$");
            Assert.That(run.ExitCode, Is.EqualTo(0));
            return run;
        }
        finally
        {
            File.Delete(disk);
        }
    }

    private static int Count(BootResult run, string pattern) => int.Parse(GuestRun.Line(run, pattern).Groups[1].Value);

    // How many kills (or updates) a period of that many seconds must at
    // least have made: one per whole period of the transfer's guest time
    // (diskreader's tsc; under -icount 1 tsc = 1 ns), less one for the
    // period the transfer may end in, and at least one.
    private static int Expected(BootResult run, int periodSeconds)
    {
        long tsc = long.Parse(GuestRun.Line(run, @"^\[diskreader\] diskreader: read \d+ bytes, fnv [0-9a-f]+, (\d+) tsc$").Groups[1].Value);
        return System.Math.Max(1, (int)(tsc / 1_000_000_000L / periodSeconds) - 1);
    }
}
