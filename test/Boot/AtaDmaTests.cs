using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// ata's bus-master DMA (issue 17, item 6) with the whole disk path: pci
// hands ata the PIIX3 IDE controller (00:01.1 on QEMU's pc; wherever the
// launcher puts piix3-ide on q35), ata says so,
// and diskreader's checksum of a file read through VFS and FS equals the
// host's. Then the same while killer kills ata every 600 ms of guest time
// (RS backs off from failures less than 500 ms apart, which would stretch
// the run), over Passes passes of the file so that there are several,
// landing mostly in the middle of DMA commands (ata spends its time
// polling the engine): each successor claims the
// controller again, stops the engine its predecessor left running, uses
// DMA again, and FS repeats the request that was in flight. AtaTests and
// FileSystemTests run their raw and file-system writes both by DMA and
// by PIO.
[TestFixture]
[Parallelizable(ParallelScope.All)]
public class AtaDmaTests
{
    private const int Passes = 48;
    private const string DmaLine = @"^\[ata\] ata: disk 0: bus-master DMA through [0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$";

    [Test]
    public void AFileReadThroughFsByDmaMatchesTheHost()
    {
        var (run, data) = Read(8, "start=monitor,ds,rs,iommu,pci,ata,fs,vfs,diskreader exit_when=diskreader", null);
        GuestRun.Line(run, @"^\[pci\] pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 8086:7010 claimed by ata$");
        // Through the controller's own IOMMU domain (the launcher's q35).
        GuestRun.Line(run, @"^\[iommu\] iommu: VT-d .*; translation on: ");
        GuestRun.Line(run, @"^\[iommu\] iommu: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] handed to ata: domain \d+, 0 pages mapped$");
        GuestRun.Line(run, DmaLine);
        GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {data.Length} bytes, fnv {TestBytes.Fnv1a64(data):x16}, \d+ tsc$");
        Assert.That(run.SerialLog, Does.Not.Contain("once more by PIO"), "no DMA command failed");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void KillsInTheMiddleOfDmaTransfersLoseNothingAndEachSuccessorUsesDmaAgain()
    {
        var (run, data) = Read(32, "start=monitor,ds,rs,iommu,pci,ata,fs,vfs,diskreader,killer exit_when=diskreader,killer", "600");
        GuestRun.Line(run, $@"^\[diskreader\] diskreader: read {Passes * data.Length} bytes, fnv {TestBytes.Fnv1a64(data, Passes):x16}, \d+ tsc$");
        int kills = int.Parse(GuestRun.Line(run, @"^\[killer\] killer: killed ata (\d+) times$").Groups[1].Value);
        Assert.That(kills, Is.GreaterThanOrEqualTo(3), "ata was killed during the transfer");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[rs\] rs: restarted ata \(reason killed, repetition \d+\), endpoint \d+$", RegexOptions.Multiline).Count,
            Is.EqualTo(kills), "RS restarted ata after each kill");
        // Every instance that got as far as its disk used DMA again. The
        // last successor may not get that far when the last kill fell
        // after diskreader's last read (the run ends with diskreader).
        int identified = Regex.Matches(run.SerialLog, @"^\[ata\] ata: primary master ", RegexOptions.Multiline).Count;
        Assert.That(identified, Is.InRange(kills, kills + 1), "each instance found the disk");
        Assert.That(Regex.Matches(run.SerialLog, DmaLine, RegexOptions.Multiline).Count, Is.EqualTo(identified), "each instance used DMA");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[pci\] pci: [0-9a-f]{2}:[0-9a-f]{2}\.[0-7] 8086:7010 claimed again by ata$", RegexOptions.Multiline).Count,
            Is.InRange(identified - 1, kills), "each successor claimed the controller again");
        GuestRun.Line(run, @"^\[fs\] fs: ata came back as endpoint \d+; repeating the request$");
        Assert.That(run.SerialLog, Does.Not.Contain("polled PIO"));
        // A transfer the dead driver started may still run after iommu
        // emptied the domain: blocked, but never blamed on a successor.
        Assert.That(run.SerialLog, Does.Not.Match(@"(?m)^\[iommu\] iommu: DMA fault .*reported to rs"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // diskreader reads /big.bin (`mib` MiB of random bytes) through VFS and
    // FS; with a killer period, Passes passes and /killer.ms.
    private static (BootResult Run, byte[] Data) Read(int mib, string arguments, string? killerMs)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-atadma-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            byte[] data = TestBytes.Random(mib << 20, seed: 0xD4A0u + (uint)mib);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), mib + 32);
            disk.Put("/big.bin", data);
            if (killerMs != null)
            {
                disk.Put("/killer.ms", Encoding.ASCII.GetBytes(killerMs));
                disk.Put("/diskreader.conf", Encoding.ASCII.GetBytes($"{Passes}\n"));
            }
            BootResult run = GuestRun.Qemu(arguments, image: GuestRun.TestImage, timeoutSeconds: 300, disk: disk.Path, instructionCounting: true);
            return (run, data);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
