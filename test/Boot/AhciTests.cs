using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The AHCI driver (src/Drivers/Block/Ahci) on q35's own ICH9 AHCI
// controller (the launcher's --disk-bus ahci): the host makes an 8 MiB raw
// image of a pseudo-random pattern, ahciclient (test/Components/AhciClient)
// reads, writes and misuses it through the driver, has RS crash the driver
// on a request and uses the new instance, then kills it six times while it
// is busy; the host checks the guest's
// checksums against the image, and after the run reads the image back:
// exactly the written sectors changed, to exactly what was written. With
// the IOMMU (the controller's DMA confined to the driver's memory) and
// without it. A read error QEMU injects (blkdebug) must come back as an
// I/O error after one port reset, and the port must serve again.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class AhciTests
{
    private const int Sector = 512;
    private const int DiskBytes = 8 << 20;
    private const long DiskSectors = DiskBytes / Sector;
    private const long FailingSector = 5000;
    private const string Start = "start=monitor,ds,rs,iommu,pci,ahci,ahciclient exit_when=ahciclient";

    // What ahciclient writes and reads (its constants); every other sector
    // must come back unchanged.
    private static readonly (long First, int Count)[] Written = { (100, 3), (DiskSectors - 2, 1), (2000, 160), (300, 1) };
    private static readonly (long First, int Count)[] Read = { (0, 1), (DiskSectors / 2 - 3, 7), (DiskSectors - 1, 1), (1000, 160) };

    private static readonly string[] Checks =
    {
        "geometry", "open", "read-first", "read-middle", "read-last", "read-large",
        "write-pattern", "write-near-end", "write-large", "read-back-pattern", "read-back-near-end", "read-back-large",
        "read-past-end", "read-far-past-end", "write-past-end", "read-straddling-end",
        "read-zero-length", "write-unaligned-position", "read-forged-grant", "read-into-read-only-grant",
        "write-longer-than-grant", "unknown-minor", "heartbeat", "read-after-error",
        "crash-injected", "request-lost-with-the-driver", "driver-came-back", "read-middle-after-restart", "write-after-restart",
        "driver-came-back-after-kills", "read-middle-after-kills",
    };

    [TestCase(true, TestName = "TheDriverReadsAndWritesTheDiskAndServesAgainAfterACrash(IOMMU)")]
    [TestCase(false, TestName = "TheDriverReadsAndWritesTheDiskAndServesAgainAfterACrash(no IOMMU)")]
    public void TheDriverReadsAndWritesTheDiskAndServesAgainAfterACrash(bool iommu)
    {
        using var disk = new HostDisk();
        var run = Boot(disk.Path, iommu);

        GuestRun.Line(run, @"^\[pci\] pci: 00:1f\.2 8086:2922 claimed by ahci$");
        if (iommu)
            GuestRun.Line(run, @"^\[iommu\] iommu: 00:1f\.2 handed to ahci: domain \d+, 0 pages mapped$");
        else
            GuestRun.Line(run, @"^\[iommu\] iommu: no IOMMU \(no ACPI DMAR table\): DMA is unconfined");
        GuestRun.Line(run, @"^\[ahci\] ahci: controller 8086:2922 at 00:1f\.2, ports 0x3f, disk on port 2$");
        GuestRun.Line(run, $@"^\[ahci\] ahci: port 2 ""QEMU HARDDISK"": {DiskSectors} sectors, LBA48, DMA$");
        foreach (string check in Checks)
            GuestRun.Line(run, $@"^\[ahciclient\] ahciclient: {Regex.Escape(check)}: ok$");
        GuestRun.Line(run, @"^\[ahciclient\] ahciclient: all checks passed$");
        GuestRun.Line(run, $@"^\[ahciclient\] ahciclient: read at {FailingSector}: {Sector}$");
        Assert.That(run.SerialLog, Does.Not.Contain("port reset"), "no command failed");

        // The restart: RS brings the driver back, which claims the
        // controller again and sets its port up from scratch.
        GuestRun.Line(run, @"^\[ahci\] panicked: fault injected: crash on request$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted ahci \(reason \w+, repetition \d+\)");
        GuestRun.Line(run, @"^\[pci\] pci: 00:1f\.2 8086:2922 claimed again by ahci$");
        // Then six kills while it works through queued reads; each
        // successor finds the disk and serves.
        GuestRun.Line(run, @"^\[ahciclient\] ahciclient: killed ahci 6 times$");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: restarted ahci \(reason killed, repetition \d+\), endpoint \d+$", RegexOptions.Multiline).Count,
            Is.EqualTo(6), "RS restarted ahci after each kill");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[ahci\] ahci: port 2 ""QEMU HARDDISK""", RegexOptions.Multiline).Count, Is.EqualTo(8), "every instance found the disk");
        // Each predecessor died with its engine on (it never stops it):
        // each successor says so and stops it before it sets the port up.
        Assert.That(Regex.Matches(run.SerialLog, @"^\[ahci\] ahci: port 2: engine left running \(command 0x[0-9a-f]+, issued 0x[0-9a-f]+, interrupt status 0x[0-9a-f]+\); stopping it$",
            RegexOptions.Multiline).Count, Is.GreaterThanOrEqualTo(7), "the successors stopped the engine");
        // A command a killed instance left running may still hit the
        // emptied domain: blocked, but never blamed on a successor.
        Assert.That(run.SerialLog, Does.Not.Match(@"(?m)^\[iommu\] iommu: DMA fault .*reported to rs"));

        AssertChecksums(run, disk.Original);
        Assert.That(run.ExitCode, Is.EqualTo(0));
        disk.AssertOnlyTheWrittenSectorsChanged();
    }

    // QEMU's blkdebug fails every read of FailingSector with EIO: the
    // controller reports a task-file error, the driver resets the port
    // (COMRESET), tries once more, and answers IoError; the next request
    // is served.
    [Test]
    public void ADeviceErrorIsAnIoErrorAfterOnePortResetAndThePortServesAgain()
    {
        using var disk = new HostDisk();
        string rules = disk.Path + ".blkdebug";
        File.WriteAllText(rules, $"[inject-error]\nevent = \"read_aio\"\nsector = \"{FailingSector}\"\nerrno = \"5\"\n");
        try
        {
            string[] drive =
            {
                "-drive", $"if=none,id=sata0,file=blkdebug:{rules}:{disk.Path},format=raw,media=disk",
                "-device", $"ide-hd,drive=sata0,bus={QemuMachine.AhciBus}",
            };
            var run = Boot(null, iommu: true, drive);
            GuestRun.Line(run, $@"^\[ahci\] ahci: port 2: command 0x25 at {FailingSector} failed \(interrupt status 0x[0-9a-f]+, task file 0x[0-9a-f]+\); port reset, once more$");
            GuestRun.Line(run, $@"^\[ahci\] ahci: port 2: command 0x25 at {FailingSector} failed again \(.+\): I/O error$");
            GuestRun.Line(run, $@"^\[ahciclient\] ahciclient: read at {FailingSector}: -32$");
            GuestRun.Line(run, @"^\[ahciclient\] ahciclient: read-after-error: ok$");
            GuestRun.Line(run, @"^\[ahciclient\] ahciclient: all checks passed$");
            AssertChecksums(run, disk.Original);
            Assert.That(run.ExitCode, Is.EqualTo(0));
            disk.AssertOnlyTheWrittenSectorsChanged();
        }
        finally
        {
            File.Delete(rules);
        }
    }

    [Test]
    public void WithoutADiskTheDriverSaysWhyAndExitsWithNothingToDrive()
    {
        var run = Boot(null, iommu: true, Array.Empty<string>(), "start=monitor,ds,rs,iommu,pci,ahci exit_when=ahci");
        GuestRun.Line(run, @"^\[ahci\] ahci: no disk: no SATA disk on the controller at 00:1f\.2$");
        GuestRun.Line(run, @"^\[ahci\] exited with status 0$");
    }

    private static BootResult Boot(string? disk, bool iommu, string[]? extra = null, string arguments = Start)
    {
        var options = new BootOptions
        {
            Headless = true, Timeout = TimeSpan.FromSeconds(120), DiskImage = disk, DiskBus = DiskBus.Ahci, Iommu = iommu,
            ExtraEmulatorArguments = extra ?? Array.Empty<string>(),
        };
        BootResult result = Launcher.Qemu.Boot(GuestRun.TestImage, options, (arguments + " exit").Trim(), null);
        TestContext.Out.WriteLine(result.SerialLog);
        return result;
    }

    private static void AssertChecksums(BootResult run, byte[] original)
    {
        var reported = Regex.Matches(run.SerialLog, @"^\[ahciclient\] ahciclient: checksum first=(\d+) count=(\d+) fnv1a=([0-9a-f]{8}) moved=(\d+)$", RegexOptions.Multiline)
            .Select(m => (First: long.Parse(m.Groups[1].Value), Count: int.Parse(m.Groups[2].Value), Checksum: Convert.ToUInt32(m.Groups[3].Value, 16)))
            .ToArray();
        Assert.That(reported.Select(r => (r.First, r.Count)), Is.EqualTo(Read), "the reads ahciclient reported");
        foreach (var (first, count, checksum) in reported)
            Assert.That(checksum, Is.EqualTo(Fnv1a(original, first * Sector, count * Sector)), $"checksum of {count} sector(s) at {first}");
    }

    // The raw image the guest's disk is, and what it must hold afterwards.
    private sealed class HostDisk : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"minix3-ahci-{Guid.NewGuid():N}.img");
        public byte[] Original { get; } = TestBytes.Random(DiskBytes, seed: 0x5A7A0A4C);

        public HostDisk() => File.WriteAllBytes(Path, Original);

        public void AssertOnlyTheWrittenSectorsChanged()
        {
            byte[] after = File.ReadAllBytes(Path);
            Assert.That(after.Length, Is.EqualTo(DiskBytes), "the image keeps its size");
            byte[] expected = (byte[])Original.Clone();
            foreach (var (first, count) in Written)
            {
                for (long lba = first; lba < first + count; lba++)
                    ClientPattern(lba).CopyTo(expected, lba * Sector);
            }
            foreach (var (first, count) in Written)
                Assert.That(after.AsSpan((int)(first * Sector), count * Sector).ToArray(), Is.EqualTo(expected.AsSpan((int)(first * Sector), count * Sector).ToArray()),
                    $"sectors {first}..{first + count - 1} hold what was written");
            int firstDifference = Enumerable.Range(0, DiskBytes).FirstOrDefault(i => after[i] != expected[i], -1);
            Assert.That(firstDifference, Is.EqualTo(-1), "no byte outside the written sectors changed");
        }

        public void Dispose() => File.Delete(Path);
    }

    // ahciclient's FillPattern.
    private static byte[] ClientPattern(long lba)
    {
        var sector = new byte[Sector];
        for (int i = 0; i < Sector; i++)
            sector[i] = (byte)(i * 7 + lba * 13 + 0x5A);
        return sector;
    }

    // ahciclient's Checksum (FNV-1a, 32 bits).
    private static uint Fnv1a(byte[] bytes, long offset, int length)
    {
        uint hash = 2166136261;
        for (int i = 0; i < length; i++)
            hash = unchecked((hash ^ bytes[offset + i]) * 16777619);
        return hash;
    }
}
