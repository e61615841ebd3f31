using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The whole system on a root disk with structural FAT32 damage (issue 13):
// two cross-linked files, a FAT chain that loops, entries whose first
// cluster or size lies past the end of the volume, all in one image beside
// intact files; and a boot sector with a bad field. The damaged files read
// as an I/O error and FS says why in the log, writing to them is refused,
// the intact files read with the host's checksums, FS keeps answering,
// and after shutdown the image is exactly as it was (so fsck.fat -n finds
// no damage it did not find before).
[TestFixture]
public class CorruptFatTests
{
    private static readonly (string Path, string Reason)[] Damaged =
    {
        ("/dmg/cross1.bin", @"cross1\.bin: cluster \d+ is cross-linked"),
        ("/dmg/cross2.bin", @"cross2\.bin: cluster \d+ is cross-linked"),
        ("/dmg/loop.bin", @"cluster chain from \d+ loops"),
        ("/dmg/past.bin", @"chain starts at invalid cluster 268435200"),
        ("/dmg/huge.bin", @"huge\.bin: size 4026531840 is larger than its cluster chain"),
    };

    [Test]
    public void DamagedFilesAreErrorsAndNothingElseChanges()
    {
        using var scratch = new GuestScratch("corruptfat");
        var image = new HostFatImage(scratch.Disk);
        image.MakeDirectory("/ok");
        image.Put("/ok/one.bin", TestBytes.Random(100 * 1024, seed: 0xFA7C0));
        image.Put("/ok/two.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 300).Select(i => $"intact line {i}\n"))));
        image.MakeDirectory("/dmg");
        for (int i = 0; i < Damaged.Length; i++)
            image.Put(Damaged[i].Path, TestBytes.Random(3000, seed: 0xDA0u + (uint)i));

        var damage = new FatDamage(scratch.Disk);
        List<uint> cross1 = damage.Clusters("/dmg/cross1.bin"), cross2 = damage.Clusters("/dmg/cross2.bin"), loop = damage.Clusters("/dmg/loop.bin");
        damage.SetLink(cross2[^1], cross1[2]);              // cross2's tail runs on into cross1's third cluster
        damage.SetLink(loop[3], loop[1]);                   // the fourth cluster links back to the second
        damage.SetEntryCluster("/dmg", "PAST    BIN", 0x0FFFFF00);
        damage.SetEntrySize("/dmg", "HUGE    BIN", 0xF0000000);

        string[] intact = { "/ok/one.bin", "/ok/two.txt", "/etc/rc", "/bin/sh" };
        var expected = intact.ToDictionary(p => p, p => HostTool.Cksum(image.Get(p)!));
        var (fsckCode, fsckBefore) = image.Check();
        Assert.That(fsckCode, Is.Not.EqualTo(0), "fsck.fat -n sees the damage made:\n" + fsckBefore);
        byte[] before = File.ReadAllBytes(scratch.Disk);

        Task<string> talk = Task.Run(() => TalkDamaged(scratch, intact, DateTime.UtcNow.AddSeconds(150)));
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 170, disk: scratch.Disk, com2Socket: scratch.Com2, serialLog: scratch.Log);
        string transcript = talk.Result;

        GuestRun.Line(run, @"^\[fs\] fs: mounted FAT32, \d+ free clusters$");
        foreach (var (path, reason) in Damaged)
        {
            Assert.That(transcript, Does.Match($@"(?m)^cat: {Regex.Escape(path)}: Input/output error"), $"cat {path} fails with EIO");
            GuestRun.Line(run, $@"^\[fs\] fs: damaged volume: .*{reason}");
        }
        Assert.That(Regex.Matches(transcript, @"(?m)^status=1\r?$").Count, Is.EqualTo(Damaged.Length), "each cat's status is 1");
        Assert.That(transcript, Does.Match(@"(?m)^append=[1-9]\d*\r?$"), "appending to a cross-linked file fails");
        foreach (string path in intact)
            Assert.That(transcript, Does.Match($@"(?m)^{expected[path]} {Regex.Escape(path)}\r?$"), $"cksum of {path} as on the host");
        foreach (var (path, _) in Damaged)
            Assert.That(transcript, Does.Contain(Path.GetFileName(path)), "ls /dmg still lists every entry");
        Assert.That(transcript, Does.Match(@"(?m)^after=ok\r?$"), "FS answers after the errors");
        Assert.That(run.SerialLog, Does.Not.Contain("panic").IgnoreCase);
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered off; the conversation:\n" + transcript);

        Assert.That(File.ReadAllBytes(scratch.Disk).SequenceEqual(before), Is.True, "the guest wrote nothing to the damaged volume");
        foreach (string path in intact)
            Assert.That(HostTool.Cksum(image.Get(path)!), Is.EqualTo(expected[path]), $"{path} read back with mtools");
        var (_, fsckAfter) = image.Check();
        Assert.That(Findings(fsckAfter), Is.EqualTo(Findings(fsckBefore)), "fsck.fat -n finds the same damage, nothing new");
    }

    [Test]
    public void ABadBootSectorIsRefusedWithItsReasonAndLeftAlone()
    {
        using var scratch = new GuestScratch("badbpb");
        new FatDamage(scratch.Disk).SetBootByte(13, 3);       // 3 sectors per cluster
        byte[] before = File.ReadAllBytes(scratch.Disk);

        Task<string> talk = Task.Run(() =>
        {
            using SerialShell sh = SerialShell.Open(scratch.Com2, DateTime.UtcNow.AddSeconds(100));
            sh.Run("cat /etc/rc; echo status=$?");
            sh.Run("echo x > /new.txt; echo write=$?");
            sh.Run("echo alive");
            sh.Keys("shutdown\n", "powering off");     // no "sync &&": with no volume sync fails
            return sh.Transcript;
        });
        var run = GuestRun.Qemu("", image: GuestRun.Image, timeoutSeconds: 120, disk: scratch.Disk, com2Socket: scratch.Com2, serialLog: scratch.Log);
        string transcript = talk.Result;

        GuestRun.Line(run, @"^\[fs\] fs: mount failed: boot sector: sectors per cluster \(3\) is not a power of two$");
        Assert.That(transcript, Does.Match(@"(?m)^status=(1|127)\r?$"), "reading fails with a status");
        Assert.That(transcript, Does.Match(@"(?m)^write=[1-9]\d*\r?$"), "writing fails with a status");
        Assert.That(transcript, Does.Match(@"(?m)^alive\r?$"));
        Assert.That(run.SerialLog, Does.Not.Contain("panic").IgnoreCase);
        Assert.That(run.ExitCode, Is.EqualTo(0), "shutdown powered off; the conversation:\n" + transcript);
        Assert.That(File.ReadAllBytes(scratch.Disk).SequenceEqual(before), Is.True, "an unmounted volume is never written");
    }

    private static string TalkDamaged(GuestScratch scratch, string[] intact, DateTime deadline)
    {
        using SerialShell sh = SerialShell.Open(scratch.Com2, deadline);
        foreach (var (path, _) in Damaged)
            sh.Run($"cat {path} > /dev/null; echo status=$?");
        sh.Run("echo more >> /dmg/cross2.bin; echo append=$?");
        sh.Run("cksum " + string.Join(" ", intact));
        sh.Run("ls /dmg");
        sh.Run("cat /ok/two.txt > /dev/null && echo after=ok");
        sh.Shutdown();
        return sh.Transcript;
    }

    // fsck.fat's report without its version banner and the file and cluster totals.
    private static string Findings(string report) =>
        string.Join("\n", report.Split('\n').Where(l => !l.StartsWith("fsck.fat ") && !Regex.IsMatch(l, @"\d+ files, \d+/\d+ clusters")));
}
