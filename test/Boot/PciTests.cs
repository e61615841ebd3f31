using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Issue 15's PCI server and DMA memory on QEMU's `pc` machine (i440FX,
// PIIX3 with its IDE controller 8086:7010 and ACPI function 8086:7113, the
// standard VGA): the run asks for `pc` because pcirogue's policy names
// that ACPI function, which q35 does not have (MachineTests walks q35's
// bus and does pciprobe's bus-master DMA there). One run (test/Components): pci walks the bus; pciprobe,
// whose policy names the IDE controller, claims it, reads a port of its
// bus-master BAR and reads the disk by bus-master DMA into DMA memory;
// pcirogue, whose policy does not name it, is refused the device, its
// ports and its configuration; pcitwin, whose policy names it too, is
// refused while pciprobe holds it; pciprobe panics, and RS's new instance
// claims the device again; pci is restarted and still knows the holder. A second run has RS end and restart a holder
// of DMA memory 20 times and compares the kernel's free frames.
[TestFixture]
public class PciTests
{
    private const int Sectors = 8;

    private static Launcher.BootResult? s_run;
    private static string s_infoPci = "";
    private static readonly object s_lock = new();

    // The bytes pciprobe expects on the disk (PciProbe/Program.cs Pattern).
    private static byte Pattern(int i) => (byte)(i * 31 + 7 + (i >> 9));

    private static Launcher.BootResult Run()
    {
        lock (s_lock)
        {
            if (s_run != null)
                return s_run;
            string directory = Path.Combine(Path.GetTempPath(), $"minix3-pci-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            string disk = Path.Combine(directory, "disk.img"), log = Path.Combine(directory, "serial.log");
            string monitor = HostConsole.NewSocketPath("mon");
            try
            {
                var bytes = new byte[1 << 20];
                for (int i = 0; i < Sectors * 512; i++)
                    bytes[i] = Pattern(i);
                File.WriteAllBytes(disk, bytes);
                // QEMU's own view of the bus, asked once pci has walked it.
                DateTime deadline = DateTime.UtcNow.AddSeconds(80);
                Task<string> info = Task.Run(() => InfoPci(monitor, log, deadline));
                s_run = GuestRun.Qemu("start=ds,rs,pci,pciprobe,pcirogue,pcitwin exit_when=pcirogue,pcitwin", image: GuestRun.TestImage,
                    timeoutSeconds: 90, disk: disk, monitorSocket: monitor, serialLog: log, machine: Launcher.MachineType.Pc);
                s_infoPci = info.Result;
                TestContext.Out.WriteLine(s_infoPci);
                return s_run;
            }
            finally
            {
                File.Delete(monitor);
                Directory.Delete(directory, true);
            }
        }
    }

    private static string InfoPci(string monitor, string log, DateTime deadline) => Monitor(monitor, log, deadline, "info pci");

    // The monitor's answers to `commands`, asked once pci has walked the bus.
    internal static string Monitor(string monitor, string log, DateTime deadline, params string[] commands)
    {
        using HostConsole console = HostConsole.Connect(monitor, deadline);
        if (!console.ReadUntil("(qemu)", deadline))
            return "no monitor prompt";
        if (!HostConsole.WaitForLogLine(log, @"pci: \d+ functions; serving", deadline))
            return "pci never served";
        int from = console.Received.Length;
        foreach (string command in commands)
        {
            int start = console.Received.Length;
            console.Send(command + "\n");
            console.ReadUntil("(qemu)", deadline, start);
        }
        return console.Received.Substring(from);
    }

    // What QEMU says is on the bus: address, id, and each BAR's kind,
    // base and last byte ("BAR4: I/O at 0xc040 [0xc04f].").
    internal static List<(string Address, string Id, List<(int Index, string Kind, ulong Base, ulong Last)> Bars)> Parse(string infoPci)
    {
        var functions = new List<(string, string, List<(int, string, ulong, ulong)>)>();
        foreach (string block in Regex.Split(infoPci, @"(?=  Bus\s+\d+, device\s+\d+, function \d+:)").Skip(1))
        {
            Match where = Regex.Match(block, @"Bus\s+(\d+), device\s+(\d+), function (\d+):");
            Match id = Regex.Match(block, @"PCI device ([0-9a-f]{4}):([0-9a-f]{4})");
            if (!where.Success || !id.Success)
                continue;
            var bars = new List<(int, string, ulong, ulong)>();
            // BAR6 is the expansion ROM, which pci neither sizes nor hands out.
            foreach (Match bar in Regex.Matches(block, @"BAR([0-5]): (I/O|32 bit|64 bit)[^\n]*? at 0x([0-9a-f]+) \[0x([0-9a-f]+)\]"))
            {
                bars.Add((int.Parse(bar.Groups[1].Value), bar.Groups[2].Value == "I/O" ? "io" : "mem",
                    Convert.ToUInt64(bar.Groups[3].Value, 16), Convert.ToUInt64(bar.Groups[4].Value, 16)));
            }
            string address = $"{int.Parse(where.Groups[1].Value):x2}:{int.Parse(where.Groups[2].Value):x2}.{where.Groups[3].Value}";
            functions.Add((address, $"{id.Groups[1].Value}:{id.Groups[2].Value}", bars));
        }
        return functions;
    }

    [Test]
    public void PciWalksTheBusAsQemuHasIt()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[pci\] pci: 00:00\.0 8086:1237 class 06\.00\.00 irq -$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.0 8086:7000 class 06\.01\.00 irq -$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.1 8086:7010 class 01\.01\.80 irq - .*bar4 io 0x[0-9a-f]+/0x10$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.3 8086:7113 class 06\.80\.00 irq 9");
        GuestRun.Line(run, @"^\[pci\] pci: 00:02\.0 1234:1111 class 03\.00\.00 irq - bar0 mem 0x[0-9a-f]+/0x1000000 pf");

        AssertTheWalkIsQemus(run, s_infoPci, walks: 2);   // the first pci and the restarted one
    }

    // pci's lines against QEMU's `info pci`: every function once (per
    // walk), with QEMU's identity and each BAR QEMU lists, no more.
    internal static void AssertTheWalkIsQemus(Launcher.BootResult run, string infoPci, int walks)
    {
        var qemu = Parse(infoPci);
        Assert.That(qemu, Is.Not.Empty, "QEMU's info pci:\n" + infoPci);
        var ours = Regex.Matches(run.SerialLog, @"^\[pci\] pci: ([0-9a-f]{2}:[0-9a-f]{2}\.\d) ([0-9a-f]{4}:[0-9a-f]{4}) class (.*)$", RegexOptions.Multiline)
            .GroupBy(m => m.Groups[1].Value)   // the restarted pci walks the bus again: the same lines
            .ToDictionary(g => g.Key, g => (Id: g.First().Groups[2].Value, Text: g.First().Groups[3].Value));
        Assert.That(ours.Keys, Is.EquivalentTo(qemu.Select(f => f.Address)), "one line per function, no more");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[pci\] pci: .* class .*$", RegexOptions.Multiline).Count, Is.EqualTo(walks * qemu.Count),
            "each pci walks the bus once");
        foreach (var function in qemu)
        {
            Assert.That(ours[function.Address].Id, Is.EqualTo(function.Id), function.Address);
            foreach (var bar in function.Bars)
            {
                string expected = $"bar{bar.Index} {bar.Kind} 0x{bar.Base:x}/0x{bar.Last - bar.Base + 1:x}";
                Assert.That(ours[function.Address].Text, Does.Contain(expected), $"{function.Address} BAR{bar.Index} as QEMU has it");
            }
            int barsWeSaw = Regex.Matches(ours[function.Address].Text, @" bar\d ").Count;
            Assert.That(barsWeSaw, Is.EqualTo(function.Bars.Count), $"{function.Address}: the BARs QEMU lists, no more");
        }
    }

    [Test]
    public void ADriverWhosePolicyNamesTheDeviceGetsItsBarsAndUsesThem()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.1 8086:7010 claimed by pciprobe$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: instance 1 holds 8086:7010 at address 0x9, bars 0x10, class 010180$");
        Match bar = GuestRun.Line(run, @"^\[pciprobe\] pciprobe: bar4 io 0x([0-9a-f]+)/0x10$");
        Assert.That(s_infoPci, Does.Contain($"BAR4: I/O at 0x{bar.Groups[1].Value} "), "the BAR QEMU assigned");
        foreach (string check in new[] { "claim of 8086:7010", "bar4 is an i/o bar", @"devio on its bar4 port 0x[0-9a-f]+", "devio just past its bar4",
            "pci enabled i/o decoding and bus mastering", "config read of its identity", "config write of its bar4 is pci's",
            "config read past 256 bytes", "config read of width 3", "config write of its latency timer", "bar of index 6",
            "bar5 is not implemented", "its claim again" })
            GuestRun.Line(run, $@"^\[pciprobe\] pciprobe: {check}: ok$");
        Assert.That(run.SerialLog, Does.Not.Contain(": FAIL"));
    }

    // The address vm answers is the one backing the mapping: the IDE
    // controller's bus master writes the disk's sectors there, and the
    // probe reads them through its own mapping.
    [Test]
    public void DmaMemorysPhysicalAddressIsWhereADeviceWrites()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: dma memory at 0x10000000000, physical 0x[0-9a-f]+$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: dma memory of 8 KiB: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: dma memory is below 4 GiB and page aligned: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: bus-master dma read the disk into the physical address vm answered: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: dma memory past its quota: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: dma memory not a page multiple: ok$");
        GuestRun.Line(run, @"^\[pcirogue\] pcirogue: dma memory without the dma bit: ok$");
    }

    [Test]
    public void ADriverWhosePolicyLacksTheDeviceIsRefusedItAndItsPorts()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[pci\] pci: refused pcirogue: 8086:7010 is not in its policy$");
        GuestRun.Line(run, @"^\[pci\] pci: refused pcirogue: 1234:1111 is not in its policy$");
        GuestRun.Line(run, @"^\[pci\] pci: refused pcirogue: config read of 00:01\.1: not its device$");
        foreach (string check in new[] { "claim of 8086:7010, not in its policy", "claim of 1234:1111, not in its policy",
            @"devio on pciprobe's bar4 port 0x[0-9a-f]+", "config read of pciprobe's device", "config write of pciprobe's device",
            "bar of pciprobe's device", "claim of the first device its policy names", "claim of a second 8086:7113",
            "config write of its own identity", "its identity unchanged", "config read misaligned", "config of no device", "an unknown request" })
            GuestRun.Line(run, $@"^\[pcirogue\] pcirogue: {check}: ok$");
        GuestRun.Line(run, @"^\[pcirogue\] pcirogue: done, 0 failed$");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.3 8086:7113 claimed by pcirogue$");
        // The kernel's own refusal of the port: pcirogue's record never got it.
        Match bar = GuestRun.Line(run, @"^\[pciprobe\] pciprobe: bar4 io 0x([0-9a-f]+)/0x10$");
        ulong port = Convert.ToUInt64(bar.Groups[1].Value, 16) + 2;
        GuestRun.Line(run, $@"^\[pcirogue\] denied port 0x{port:x4}$");
    }

    [Test]
    public void OneDeviceHasOneDriverAndARestartedDriverGetsItsDeviceAgain()
    {
        var run = Run();
        GuestRun.Line(run, @"^\[pci\] pci: refused pcitwin: 8086:7010 at 00:01\.1 is held by pciprobe$");
        GuestRun.Line(run, @"^\[pcitwin\] pcitwin: claim of 8086:7010 while pciprobe holds it \(round 1\): ok$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted pciprobe \(reason panic, repetition 1\)");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.1 8086:7010 claimed again by pciprobe$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: claim of 8086:7010 by the restarted instance: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: instance 2 holds 8086:7010");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[pciprobe\] pciprobe: devio on its bar4 port 0x[0-9a-f]+: ok$", RegexOptions.Multiline).Count,
            Is.EqualTo(2), "both instances use the ports; the second got them from pci again");
        // pci itself restarted: the new one takes the holder back from DS.
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: rs refreshes pci: ok$");
        GuestRun.Line(run, @"^\[rs\] rs: restarted pci \(reason requested");
        GuestRun.Line(run, @"^\[pci\] pci: 00:01\.1 is still held by pciprobe$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: a new pci runs: ok$");
        GuestRun.Line(run, @"^\[pciprobe\] pciprobe: config read through the restarted pci: ok$");
        Assert.That(Regex.Matches(run.SerialLog, @"^\[pci\] pci: refused pcitwin: 8086:7010 at 00:01\.1 is held by pciprobe$", RegexOptions.Multiline).Count,
            Is.EqualTo(2), "refused by the first pci and by the restarted one");
        GuestRun.Line(run, @"^\[pcitwin\] pcitwin: claim of 8086:7010 while pciprobe holds it \(round 2\): ok$");
        GuestRun.Line(run, @"^\[pcitwin\] pcitwin: done, 0 failed$");
        Assert.That(run.SerialLog, Does.Not.Contain(": FAIL"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    // Ended 20 times while holding 1 MiB (256 frames) of DMA memory, a
    // leak would show as 5120 frames; the two readings are taken with one
    // holder up each time.
    [Test]
    public void DmaMemoryComesBackWhenItsHolderEndsAgainAndAgain()
    {
        var run = GuestRun.Qemu("start=ds,rs,dmauser,dmacycler exit_when=dmacycler", image: GuestRun.TestImage, timeoutSeconds: 90);
        Match line = GuestRun.Line(run, @"^\[dmacycler\] dmacycler: 20 restarts of dmauser with 1 MiB of dma memory each; free frames (\d+) -> (\d+);");
        long before = long.Parse(line.Groups[1].Value), after = long.Parse(line.Groups[2].Value);
        Assert.That(Math.Abs(before - after), Is.LessThan(256), "no ended holder's DMA memory stays taken");
        GuestRun.Line(run, @"^\[dmacycler\] dmacycler: every restart came up: ok$");
        GuestRun.Line(run, @"^\[dmacycler\] dmacycler: the dma memory of every ended dmauser came back: ok$");
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }
}
