using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Bench;

// The measures of the system servers: what the file-system layers cost over
// the disk driver, and how long the system takes to offer a shell.
internal static class SystemCosts
{
    private const int FileMiB = 64;

    // bench/Components/IoBench in the test image, on a fresh FAT32 disk the
    // host made with one 64 MiB file: "bench: sequential read 64 MiB: vfs N
    // tsc; raw driver M tsc; vfs first pass F tsc" (guest instructions under
    // -icount; N and M the least of three passes each way, F the first pass through VFS).
    // `iommu`: on q35 with intel-iommu (the launcher's default: ata's DMA
    // translated through its controller's domain) or without it (iommu
    // runs and says DMA is unconfined).
    // What ata's last report said of the last SequentialRead: guest
    // instructions it polled, on average, for one DMA command to finish.
    public static double LastWaitPerCommand { get; private set; } = double.NaN;

    public static (double Layered, double Raw, double FirstPass) SequentialRead(ImageLayout testImage, bool iommu = true)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var disk = MakeReadDisk(Path.Combine(directory, "disk.img"));
            var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(600), DiskImage = disk.Path, Iommu = iommu };
            // rs and pci: ata claims the IDE controller for its DMA (pci asks
            // rs for ata's policy); without them it would fall back to PIO.
            // iommu: as in the system, ata's DMA memory is iommu's, mapped
            // into the controller's domain.
            BootResult result = Qemu.Boot(testImage, options, "start=ds,rs,iommu,pci,ata,fs,vfs,iobench exit_when=iobench exit", null);
            if (!result.SerialLog.Contains("ata: disk 0: bus-master DMA"))
                throw new InvalidOperationException("ata did not use DMA for the read row. Log:\n" + result.SerialLog);
            IommuRuns.Check(result.SerialLog, iommu, "the read row");
            Match waited = Regex.Matches(result.SerialLog, @"ata: (\d+) DMA commands, (\d+) tsc waiting for the controller").LastOrDefault() ?? Match.Empty;
            LastWaitPerCommand = waited.Success ? double.Parse(waited.Groups[2].Value) / double.Parse(waited.Groups[1].Value) : double.NaN;
            Match match = Regex.Match(result.SerialLog, @"bench: sequential read \d+ MiB: vfs (\d+) tsc; raw driver (\d+) tsc; vfs first pass (\d+) tsc");
            if (!match.Success)
                throw new InvalidOperationException("the file-system benchmark printed no result. Log:\n" + result.SerialLog);
            return (double.Parse(match.Groups[1].Value), double.Parse(match.Groups[2].Value), double.Parse(match.Groups[3].Value));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The disk of the sequential read, ours and the Linux peer's
    // (LinuxPeerCosts): a fresh FAT32 image with ReadFile, ReadFileBytes().
    public const string ReadFile = "/big.bin";

    public static byte[] ReadFileBytes() => TestBytes.Random(FileMiB << 20, 0x5eed);

    public static HostFatImage MakeReadDisk(string path)
    {
        var disk = HostFatImage.Make(path, FileMiB + 16);
        disk.Put(ReadFile, ReadFileBytes());
        return disk;
    }

    // The system image with its root disk (a copy: the guest may write),
    // until a shell prompts on both terminals: wall time from starting QEMU
    // to the prompt on the serial line (COM2), and the guest's own clock
    // when the later of the two shells logged its first prompt ("sh:
    // prompting on a terminal at N tsc").
    public static (double Seconds, double Instructions) BootToShell(ImageLayout image) =>
        BootToShell(image, (options, log) => Qemu.Arguments(image, options, log, "exit"));

    // The same with QEMU's arguments made by `arguments` (the options, the
    // serial log): another firmware, loader or medium. The guest count is
    // the time stamp counter at the prompt, so it includes the firmware's
    // and the loader's instructions.
    public static (double Seconds, double Instructions) BootToShell(ImageLayout image, Func<BootOptions, string, List<string>> arguments, int memoryMiB = 128)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            string disk = Path.Combine(directory, "root.img");
            File.Copy(image.RootDisk, disk);
            string socket = HostConsole.NewSocketPath("com2");
            string log = Path.Combine(directory, "serial.log");
            var options = new BootOptions
            {
                Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(180), DiskImage = disk, Com2Socket = socket, SerialLogPath = log,
                MemoryMiB = memoryMiB,
            };
            var stopwatch = Stopwatch.StartNew();
            var start = new ProcessStartInfo(Qemu.Program) { UseShellExecute = false };
            foreach (string argument in arguments(options, log))
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            double seconds = double.NaN;
            try
            {
                DateTime deadline = DateTime.UtcNow + options.Timeout;
                using var console = HostConsole.Connect(socket, deadline);
                if (console.ReadUntil("# ", deadline))
                    seconds = stopwatch.Elapsed.TotalSeconds;
                while (DateTime.UtcNow < deadline && Prompts(log).Count < 2)
                    System.Threading.Thread.Sleep(10);
            }
            finally
            {
                process.Kill();
                process.WaitForExit();
            }
            MatchCollection prompts = Prompts(log);
            if (double.IsNaN(seconds) || prompts.Count < 2)
                throw new InvalidOperationException("the system never offered shells on both terminals. Log:\n" + File.ReadAllText(log));
            return (seconds, Math.Max(double.Parse(prompts[0].Groups[1].Value), double.Parse(prompts[1].Groups[1].Value)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static MatchCollection Prompts(string log) =>
        Regex.Matches(File.Exists(log) ? File.ReadAllText(log) : "", @"sh: prompting on a terminal at (\d+) tsc");
}
