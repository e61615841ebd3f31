using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// diskreader's passes (test/Components/DiskReader, issue 16): the crash
// experiments make it read /big.bin several times (/diskreader.conf) so a
// run is long enough for 20 kills, and draw the throughput from its line
// each MiB. These check what the bench relies on: the checksum over all
// passes equal to the host's over the file repeated, a progress line per
// MiB counted over the passes with rising time stamps, a line per pass,
// and a bad configuration reported and read as one pass.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class DiskReaderPassesTests
{
    private const int FileMiB = 2;

    [Test]
    public void ThreePassesAreCheckedAsTheFileRepeatedWithAProgressLineEachMiB()
    {
        BootResult run = Read("3\n", out byte[] data);
        GuestRun.Line(run, @"^\[diskreader\] diskreader: 3 passes over /big\.bin$");
        GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {3 * data.Length} bytes, fnv {TestBytes.Fnv1a64(data, 3):x16}, \d+ tsc$");
        var progress = Regex.Matches(run.SerialLog, @"^\[diskreader\] diskreader: (\d+) MiB at (\d+) tsc\r?$", RegexOptions.Multiline);
        Assert.That(progress, Has.Count.EqualTo(3 * FileMiB));
        long previous = 0;
        for (int i = 0; i < progress.Count; i++)
        {
            Assert.That(int.Parse(progress[i].Groups[1].Value, CultureInfo.InvariantCulture), Is.EqualTo(i + 1), "cumulative over the passes");
            long tsc = long.Parse(progress[i].Groups[2].Value, CultureInfo.InvariantCulture);
            Assert.That(tsc, Is.GreaterThan(previous), "absolute time stamps, rising");
            previous = tsc;
        }
        for (int pass = 1; pass <= 3; pass++)
            GuestRun.Line(run, $@"^\[diskreader\] diskreader: pass {pass} of 3: \d+ tsc$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [TestCase("many\n")]
    [TestCase("0")]
    [TestCase("3 passes")]
    public void ABadConfigurationIsReportedAndReadsOnce(string configuration)
    {
        BootResult run = Read(configuration, out byte[] data);
        GuestRun.Line(run, @"^\[diskreader\] diskreader: /diskreader\.conf is not a number of passes \(1\.\.10000\); making 1$");
        GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {data.Length} bytes, fnv {TestBytes.Fnv1a64(data):x16}, \d+ tsc$");
        Assert.That(run.SerialLog, Does.Not.Contain("diskreader: pass "), "one pass prints no pass lines");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    private static BootResult Read(string configuration, out byte[] data)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-diskreader-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            data = TestBytes.Random(FileMiB << 20, seed: 0x9A55);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), 34);
            disk.Put("/big.bin", data);
            disk.Put("/diskreader.conf", Encoding.ASCII.GetBytes(configuration));
            BootResult run = GuestRun.Qemu("start=monitor,ds,rs,ata,fs,vfs,diskreader exit_when=diskreader",
                image: GuestRun.TestImage, timeoutSeconds: 90, disk: disk.Path);
            TestContext.Out.WriteLine(run.SerialLog);
            return run;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
