using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Sizes a new user meets (issue 14): `ls` and `ls -l` of a directory of
// 1,000 files and `cp` of a 16 MiB file, on the whole system from a copy
// of its root disk, through sh on the serial terminal. Both were quadratic
// (minutes); here they finish within the test's time, and the results are
// the host's: the listing's names, the copy's checksum and bytes (cksum
// and mtools on the host), and fsck.fat finds the disk clean after.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class FileSystemScalingTests
{
    private const int Files = 1000;
    private const int BigBytes = 16 << 20;

    [Test]
    public void LsOfAThousandFilesAndCpOfSixteenMiBWork()
    {
        using var scratch = new GuestScratch("fsscale");
        var image = new HostFatImage(scratch.Disk);
        string tree = Path.Combine(scratch.Directory, "many");
        Directory.CreateDirectory(tree);
        for (int i = 0; i < Files; i++)
            File.WriteAllText(Path.Combine(tree, $"file{i:D4}.txt"), $"file {i}\n");
        HostTool.MustRun("mcopy", "mtools", "-s", "-i", scratch.Disk, tree, "::/");
        byte[] big = TestBytes.Random(BigBytes, seed: 0x5CA1E);
        image.Put("/big.bin", big);
        string bigOnHost = Path.Combine(scratch.Directory, "big.bin");
        File.WriteAllBytes(bigOnHost, big);
        string hostSum = HostTool.MustRun("cksum", "coreutils", bigOnHost).Split(' ')[0];

        string listing = "", longListing = "", copySum = "";
        Task<string> talk = Task.Run(() =>
        {
            using SerialShell sh = SerialShell.Open(scratch.Com2, DateTime.UtcNow.AddSeconds(170));
            listing = sh.Run("ls /many");
            longListing = sh.Run("ls -l /many | tail -1");
            sh.Run("cp /big.bin /copy.bin");
            copySum = sh.Run("cksum /copy.bin");
            sh.Shutdown();
            return sh.Transcript;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 180, disk: scratch.Disk, com2Socket: scratch.Com2,
            monitorSocket: scratch.Monitor, serialLog: scratch.Log);
        string transcript = talk.Result;
        Assert.That(run.SerialLog, Does.Not.Contain("panic"));
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered the machine off; the conversation:\n" + transcript);

        MatchCollection names = Regex.Matches(listing, @"^file(\d{4})\.txt\r?$", RegexOptions.Multiline);
        Assert.That(names.Count, Is.EqualTo(Files), "every name once:\n" + listing);
        for (int i = 0; i < Files; i++)
            Assert.That(names[i].Groups[1].Value, Is.EqualTo(i.ToString("D4")), "sorted, none missing or repeated");
        Assert.That(longListing, Does.Match(@"\s9 file0999\.txt"), "ls -l shows the last file and its size");
        Assert.That(copySum, Does.Contain(hostSum + " " + BigBytes), "the copy's checksum is the host's");
        Assert.That(image.Get("/copy.bin"), Is.EqualTo(big), "the host reads the copy back");
        var (code, report) = image.Check();
        Assert.That(code, Is.EqualTo(0), report);
    }
}
