using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// The IOMMU on the whole system, from the shell (issue 17): iommu turns
// VT-d translation on at boot; `service fi e1000 dma` makes e1000 aim its
// device's receives at memory it was not given; the next frame is DMA the
// IOMMU refuses; iommu reads the fault record, blames e1000 and reports it;
// RS restarts e1000 with reason dma (its own class in `service status`);
// inet reopens the successor and the network works on. The hostile
// driver's attacks on real memory are test/Boot/DmaContainmentTests.cs.
public class DmaFaultTests
{
    private const string Fetch = "wget -q -O - http://host.minix/small.txt; echo status=$?";

    // The system image with e1000 and a page to fetch from --serve, its
    // shell on COM2; `deadline`: the host's, a little before the run's timeout.
    private static Task<BootResult> Boot(GuestScratch scratch, bool iommu, int seconds, out DateTime deadline)
    {
        string served = Path.Combine(scratch.Directory, "www");
        Directory.CreateDirectory(served);
        File.WriteAllText(Path.Combine(served, "small.txt"), "a small page\n");
        var options = new BootOptions
        {
            Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(seconds), DiskImage = scratch.Disk,
            SerialLogPath = scratch.Log, Com2Socket = scratch.Com2, Iommu = iommu,
            Network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served },
        };
        deadline = DateTime.UtcNow.AddSeconds(seconds - 10);
        return Task.Run(() => Launcher.Qemu.Boot(GuestRun.Image, options, "exit timer_hz=1000", null));
    }

    [Test]
    public void ADeviceThatReachesOutsideItsDomainIsBlockedItsDriverReportedAndRestartedAndTheNetworkWorksOn()
    {
        using var scratch = new GuestScratch("dma-fault");
        Task<BootResult> boot = Boot(scratch, iommu: true, 240, out DateTime deadline);
        string before, after;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        {
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 dhcp lease 10\.0\.2\.15", deadline), Is.True, "a lease");
            before = shell.Run("service status") + shell.Run(Fetch);
            shell.Run("service fi e1000 dma; echo fi=$?");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[e1000\] e1000: fault injected: receives aimed at 0xfff00000$", deadline), Is.True,
                "e1000 aimed its receives");
            // Frames to receive: the gateway's answers.
            shell.Run("ping -c 2 10.0.2.2");
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[rs\] rs: restarted e1000 \(reason dma, ", deadline), Is.True,
                "RS restarted e1000 for its DMA fault:\n" + File.ReadAllText(scratch.Log));
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 driver restarted, reopened; ", deadline), Is.True, "inet reopened");
            after = shell.Run("service status") + shell.Run(Fetch);
            shell.Shutdown();
        }
        BootResult result = boot.Result;
        TestContext.Out.WriteLine(before + after);
        Assert.That(result.TimedOut, Is.False);

        GuestRun.Line(result, @"^\[iommu\] iommu: VT-d \d\.\d at 0xfed90000, [34]-level domains, \d+ fault records; translation on: ");
        Match device = GuestRun.Line(result, @"^\[iommu\] iommu: (\d\d:\d\d\.\d) handed to e1000: domain (\d+), 0 pages mapped$");
        Assert.That(before, Does.Match(@"(?m)^DMA: confined: each PCI device reaches only its driver's DMA memory \(IOMMU\)$"));
        Assert.That(before, Does.Match(@"(?m)^root: on disk$"), "the root file system is on the disk (not live)");
        Assert.That(before, Does.Match(@"(?m)^a small page$"), "the network worked under translation");

        // Blocked, attributed to the device e1000 holds, reported once.
        string name = Regex.Escape(device.Groups[1].Value);
        GuestRun.Line(result, $@"^\[iommu\] iommu: DMA fault by {name} \(e1000\): write at 0xfff00000, reason 0x\w+ \([^)]+\); blocked; reported to rs: status 0$");
        GuestRun.Line(result, @"^\[rs\] rs: iommu reports a DMA fault of e1000$");
        // The old instance's memory left the domain before the new one got the device.
        GuestRun.Line(result, $@"^\[iommu\] iommu: e1000 (ended|handed to another instance): {name}'s domain emptied \(\d+ pages unmapped\)$");
        Assert.That(Regex.Matches(result.SerialLog, @"^\[iommu\] iommu: DMA fault by .*; reported to rs", RegexOptions.Multiline), Has.Count.EqualTo(1),
            "one report per driver instance");

        Assert.That(after, Does.Match(@"(?m)^e1000 +\d+ +running +1 +dma "), "service status: e1000 running again, its last defect dma");
        Assert.That(after, Does.Match(@"(?m)^a small page$").And.Match(@"(?m)^status=0$"), "the network works after the restart");
        Assert.That(result.ExitCode, Is.EqualTo(0));
    }

    // --no-iommu (and --machine pc, Bochs, VMware): nothing pretends. The
    // boot log and `service status` say DMA is unconfined; drivers still
    // get their DMA memory from iommu and work.
    [Test]
    public void WithoutAnIommuTheBootLogAndServiceStatusSayDmaIsUnconfined()
    {
        using var scratch = new GuestScratch("dma-unconfined");
        Task<BootResult> boot = Boot(scratch, iommu: false, 180, out DateTime deadline);
        string answers;
        using (var shell = SerialShell.Open(scratch.Com2, deadline))
        {
            Assert.That(HostConsole.WaitForLogLine(scratch.Log, @"^\[inet\] inet: eth0 dhcp lease 10\.0\.2\.15", deadline), Is.True, "a lease");
            answers = shell.Run("service status") + shell.Run(Fetch);
            shell.Shutdown();
        }
        BootResult result = boot.Result;
        TestContext.Out.WriteLine(answers);
        Assert.That(result.TimedOut, Is.False);
        GuestRun.Line(result, @"^\[iommu\] iommu: no IOMMU \(no ACPI DMAR table\): DMA is unconfined: a driver's device can read and write all of memory$");
        GuestRun.Line(result, @"^\[iommu\] iommu: \d\d:\d\d\.\d handed to e1000: DMA unconfined \(no IOMMU\)$");
        Assert.That(answers, Does.Match(@"(?m)^DMA: UNCONFINED: no IOMMU; a driver's device can read and write all of memory$"));
        Assert.That(answers, Does.Match(@"(?m)^a small page$").And.Match(@"(?m)^status=0$"), "the drivers work on");
        Assert.That(result.ExitCode, Is.EqualTo(0));
    }
}
