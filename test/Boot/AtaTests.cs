using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The ATA driver (src/Drivers/Block/Ata) against a real disk image: the host
// makes an 8 MiB raw image of a pseudo-random pattern, QEMU attaches it as
// the primary IDE master, and ataclient (test/Components/AtaClient) reads,
// writes and misuses it. The host checks the guest's checksums against the
// image, and after the run reads the image back: exactly the written sectors
// changed, to exactly what was written.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class AtaTests
{
    private const int Sector = 512;
    private const int DiskBytes = 8 << 20;
    private const long DiskSectors = DiskBytes / Sector;

    // What ataclient writes (its PatternFirst/PatternCount, and the sector
    // before the last); every other sector must come back unchanged.
    private static readonly (long First, int Count)[] Written = { (100, 3), (DiskSectors - 2, 1) };

    // What ataclient reads and reports a checksum of.
    private static readonly (long First, int Count)[] Read = { (0, 1), (DiskSectors / 2 - 3, 7), (DiskSectors - 1, 1) };

    private static readonly string[] Checks =
    {
        "geometry", "open", "read-first", "read-middle", "read-last",
        "write-pattern", "write-near-end", "read-back-pattern", "read-back-near-end",
        "read-past-end", "write-past-end", "read-straddling-end",
        "read-zero-length", "write-zero-length", "read-unaligned-length", "write-unaligned-length", "write-unaligned-position",
        "read-forged-grant", "write-forged-grant", "read-into-read-only-grant", "write-from-write-only-grant",
        "write-longer-than-grant", "write-too-long", "unknown-minor", "heartbeat",
    };

    // Twice: by bus-master DMA (pci there to hand ata the IDE controller;
    // rs to tell pci ata's policy), and by PIO, the fallback without pci.
    [TestCase(true, TestName = "TheDriverReadsAndWritesADiskImageAndRefusesBadRequests(DMA)")]
    [TestCase(false, TestName = "TheDriverReadsAndWritesADiskImageAndRefusesBadRequests(PIO)")]
    public void TheDriverReadsAndWritesADiskImageAndRefusesBadRequests(bool dma)
    {
        string disk = Path.Combine(Path.GetTempPath(), $"minix3-ata-{Guid.NewGuid():N}.img");
        byte[] original = TestBytes.Random(DiskBytes, seed: 0x2545F491);
        File.WriteAllBytes(disk, original);
        try
        {
            var run = GuestRun.Qemu(dma ? "start=monitor,ds,rs,pci,ata,ataclient exit_when=ataclient" : "start=monitor,ata,ataclient exit_when=ataclient",
                image: GuestRun.TestImage, timeoutSeconds: 90, disk: disk);
            GuestRun.Line(run, $@"^\[ata\] ata: primary master ""[^""]*"": {DiskSectors} sectors, LBA28$");
            GuestRun.Line(run, dma ? @"^\[ata\] ata: disk 0: bus-master DMA through [0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$" : @"^\[ata\] ata: disk 0: polled PIO \(no pci server\)$");
            Assert.That(run.SerialLog, Does.Not.Contain("once more by PIO"), "no DMA command failed");
            foreach (string check in Checks)
                GuestRun.Line(run, $@"^\[ataclient\] ataclient: {Regex.Escape(check)}: ok$");
            GuestRun.Line(run, @"^\[ataclient\] ataclient: all checks passed$");

            var reported = Regex.Matches(run.SerialLog, @"^\[ataclient\] ataclient: checksum first=(\d+) count=(\d+) fnv1a=([0-9a-f]{8}) moved=(\d+)$", RegexOptions.Multiline)
                .Select(m => (First: long.Parse(m.Groups[1].Value), Count: int.Parse(m.Groups[2].Value), Checksum: Convert.ToUInt32(m.Groups[3].Value, 16)))
                .ToArray();
            Assert.That(reported.Select(r => (r.First, r.Count)), Is.EqualTo(Read), "the reads ataclient reported");
            foreach (var (first, count, checksum) in reported)
                Assert.That(checksum, Is.EqualTo(Fnv1a(original, first * Sector, count * Sector)), $"checksum of {count} sector(s) at {first}");
            Assert.That(run.ExitCode, Is.EqualTo(0));

            byte[] after = File.ReadAllBytes(disk);
            Assert.That(after.Length, Is.EqualTo(DiskBytes), "the image keeps its size");
            byte[] expected = (byte[])original.Clone();
            foreach (var (first, count) in Written)
            {
                for (long lba = first; lba < first + count; lba++)
                    ClientPattern(lba).CopyTo(expected, lba * Sector);
            }
            foreach (var (first, count) in Written)
            {
                Assert.That(Slice(after, first, count), Is.EqualTo(Slice(expected, first, count)), $"sectors {first}..{first + count - 1} hold what was written");
                Assert.That(Slice(after, first - 1, 1), Is.EqualTo(Slice(original, first - 1, 1)), $"sector {first - 1} before the write is unchanged");
                Assert.That(Slice(after, first + count, 1), Is.EqualTo(Slice(original, first + count, 1)), $"sector {first + count} after the write is unchanged");
            }
            Assert.That(Slice(after, 200, 1), Is.EqualTo(Slice(original, 200, 1)), "sector 200, the target of the refused writes, is unchanged");
            int firstDifference = Enumerable.Range(0, DiskBytes).FirstOrDefault(i => after[i] != expected[i], -1);
            Assert.That(firstDifference, Is.EqualTo(-1), "no byte outside the written sectors changed");
        }
        finally
        {
            File.Delete(disk);
        }
    }

    [Test]
    public void WithoutADiskTheDriverSaysWhyAndExitsWithNothingToDrive()
    {
        var run = GuestRun.Qemu("start=monitor,ata exit_when=ata", image: GuestRun.TestImage, timeoutSeconds: 60);
        GuestRun.Line(run, @"^\[ata\] ata: no disk: .+no drive.+$");
        GuestRun.Line(run, @"^\[ata\] exited with status 0$");
    }

    // ataclient's FillPattern.
    private static byte[] ClientPattern(long lba)
    {
        var sector = new byte[Sector];
        for (int i = 0; i < Sector; i++)
            sector[i] = (byte)(i * 7 + lba * 13 + 0x5A);
        return sector;
    }

    // ataclient's Checksum (FNV-1a, 32 bits).
    private static uint Fnv1a(byte[] bytes, long offset, int length)
    {
        uint hash = 2166136261;
        for (int i = 0; i < length; i++)
            hash = unchecked((hash ^ bytes[offset + i]) * 16777619);
        return hash;
    }

    private static byte[] Slice(byte[] image, long firstSector, int count) =>
        image.AsSpan((int)(firstSector * Sector), count * Sector).ToArray();
}
