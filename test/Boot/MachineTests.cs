using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The launcher's machine (src/Launcher/QemuMachine.cs): q35 with Intel's
// IOMMU by default, and with --no-iommu. On both, pci walks q35's bus as
// QEMU has it, the PIIX3 IDE function added for the disk is there (host
// bridge 8086:29c0, IDE 8086:7010 class 01.01.80 at 00:02.0, ICH9 LPC
// 8086:2918), and pciprobe reads the disk through it by bus-master DMA:
// the IOMMU is present but not yet turned on, so its DMA passes through
// untranslated. pcirogue runs only because pciprobe tells it its device;
// its checks of the ACPI function 8086:7113 are `pc`'s (PciTests).
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class MachineTests
{
    private const int Sectors = 8;

    private static byte Pattern(int i) => (byte)(i * 31 + 7 + (i >> 9));

    private static (BootResult Run, string Monitor) Run(bool iommu)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"minix3-machine-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        string disk = Path.Combine(directory, "disk.img"), log = Path.Combine(directory, "serial.log");
        string monitor = HostConsole.NewSocketPath("mon");
        try
        {
            var bytes = new byte[1 << 20];
            for (int i = 0; i < Sectors * 512; i++)
                bytes[i] = Pattern(i);
            File.WriteAllBytes(disk, bytes);
            DateTime deadline = DateTime.UtcNow.AddSeconds(80);
            Task<string> info = Task.Run(() => PciTests.Monitor(monitor, log, deadline, "info pci", "info qtree"));
            BootResult run = GuestRun.Qemu("start=ds,rs,pci,pciprobe,pcirogue,pcitwin exit_when=pcirogue,pcitwin", image: GuestRun.TestImage,
                timeoutSeconds: 90, disk: disk, monitorSocket: monitor, serialLog: log, iommu: iommu);
            TestContext.Out.WriteLine(info.Result);
            return (run, info.Result);
        }
        finally
        {
            File.Delete(monitor);
            Directory.Delete(directory, true);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void OnQ35PciWalksTheBusAndADriverReadsTheDiskByBusMasterDmaThroughThePiix3Ide(bool iommu)
    {
        var (run, monitor) = Run(iommu);
        Assert.That(monitor, Does.Contain("Bus  0, device   2, function 0:"), "QEMU answered info pci");
        Assert.That(monitor, Does.Contain("dev: q35-pcihost"), "QEMU answered info qtree");
        if (iommu)
        {
            Assert.That(monitor, Does.Contain("dev: intel-iommu"));
            Assert.That(monitor, Does.Match(@"intremap = ""off"""));
        }
        else
            Assert.That(monitor, Does.Not.Contain("intel-iommu"));

        GuestRun.Line(run, @"^\[pci\] pci: 00:00\.0 8086:29c0 class 06\.00\.00 irq -$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:02\.0 8086:7010 class 01\.01\.80 irq - bar4 io 0x[0-9a-f]+/0x10$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:1f\.0 8086:2918 class 06\.01\.00 irq -$");
        PciTests.AssertTheWalkIsQemus(run, monitor, walks: 2);   // pciprobe's second instance has pci restarted

        GuestRun.Line(run, @"^\[pci\] pci: 00:02\.0 8086:7010 claimed by pciprobe$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: instance 1 holds 8086:7010 at address 0x10, bars 0x10, class 010180$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: pci enabled i/o decoding and bus mastering: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: bus-master dma read the disk into the physical address vm answered: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: claim of 8086:7010 by the restarted instance: ok$");
        GuestRun.Line(run, @"^\[pcitwin\] pcitwin: done, 0 failed$");
        Assert.That(Regex.IsMatch(run.SerialLog, @"^\[(pciprobe|pcitwin)\] .*: FAIL", RegexOptions.Multiline), Is.False,
            "pciprobe and pcitwin pass every check on q35");
        Assert.That(run.TimedOut, Is.False);
    }
}
