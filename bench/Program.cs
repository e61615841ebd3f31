using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;

namespace Minix3.Cosmos.Bench;

// One command, one table: build times on this machine (wall clock, noisy
// by nature) and boot times, the guest's measured in instructions under
// QEMU -icount shift=0,sleep=off so they repeat run to run. Each row shows
// its target and the ratio to it.
public static class Program
{
    private sealed record Row(string Name, double Value, string Unit, double Target, string Note);

    public static int Main(string[] args)
    {
        ImageLayout image = ImageLayout.Locate(Directory.GetCurrentDirectory());
        int runs = args.Length > 0 && int.TryParse(args[0], out int n) && n > 0 ? n : 3;
        var rows = new List<Row>();
        // `no-build`: boot the images already built (a rerun of one mode).
        s_noBuild = Array.IndexOf(args, "no-build") >= 0;

        // `transfer`: only the crash experiments (about 5 minutes).
        if (Array.IndexOf(args, "transfer") >= 0)
        {
            BuildTestImage(image);
            TransferRows(rows, image);
            Print(rows);
            return 0;
        }

        // `chart LOG TITLE`: a crash run's picture again from its saved
        // serial log (bench/out/*.log), written beside it as .svg.
        if (args.Length >= 2 && args[0] == "chart")
        {
            string svg = ThroughputChart.FromLog(File.ReadAllText(args[1]).Replace("\r", ""), args.Length > 2 ? args[2] : Path.GetFileNameWithoutExtension(args[1]));
            string path = Path.ChangeExtension(args[1], ".svg");
            File.WriteAllText(path, svg);
            Console.WriteLine(path);
            return 0;
        }

        // `netkill`: only the network crash experiment (NetworkExperiment;
        // about 25 minutes: four runs of 1.5 GiB per NIC, and the Linux
        // peer's 512 MiB). `netkill e1000` or `netkill rtl8139` runs one
        // NIC; `nolinux` leaves out the Linux row, `linux` runs only it.
        if (Array.IndexOf(args, "netkill") >= 0)
        {
            BuildTestImage(image);
            var nics = new List<NicModel>();
            if (Array.IndexOf(args, "e1000") >= 0)
                nics.Add(NicModel.E1000);
            if (Array.IndexOf(args, "rtl8139") >= 0)
                nics.Add(NicModel.Rtl8139);
            if (nics.Count == 0 && Array.IndexOf(args, "linux") < 0)
                nics.AddRange(new[] { NicModel.E1000, NicModel.Rtl8139 });
            int count = NetworkExperiment.DefaultCount;
            foreach (string arg in args)
            {
                if (arg.StartsWith("count=", StringComparison.Ordinal) && int.TryParse(arg.AsSpan(6), out int wanted) && wanted > 0)
                    count = wanted;
            }
            NetworkExperimentRows(rows, image, nics, linux: Array.IndexOf(args, "nolinux") < 0, count);
            Print(rows);
            return 0;
        }

        // `iommu`: only the cost of DMA translation (about 12 minutes): the
        // 512 MiB download over e1000 and the 64 MiB read through VFS and FS
        // (ata by DMA), each with the IOMMU on and off in this run, and the
        // read against the Linux peer.
        if (Array.IndexOf(args, "iommu") >= 0)
        {
            BuildTestImage(image);
            IommuRows(rows, image);
            Print(rows);
            return 0;
        }

        // `peer`: only the rows against the Linux peer, with the two measures of ours they need.
        if (Array.IndexOf(args, "peer") >= 0)
        {
            Build(image);
            BuildTestImage(image);
            PeerRows(rows, image, SystemCosts.BootToShell(image).Instructions, SystemCosts.SequentialRead(image.WithOutput("iso/out/test")).Layered);
            Print(rows);
            return 0;
        }

        // `net`: only the network rows (NetworkThroughput; about 5 minutes).
        // The Linux peer's rows come first and are printed even when our
        // system cannot run its part (its network commands missing).
        if (Array.IndexOf(args, "net") >= 0)
        {
            Build(image);
            string? failure = NetworkRows(rows, image);
            Print(rows);
            if (failure != null)
            {
                Console.Error.WriteLine("bench: " + failure);
                return 1;
            }
            return 0;
        }

        // `net-idle`: the Linux peer's downloads halting when idle and with
        // idle=poll, each timed twice: which repeats (bench/README.md).
        if (Array.IndexOf(args, "net-idle") >= 0)
        {
            bool[] modes = Array.IndexOf(args, "poll") >= 0 ? new[] { true } : Array.IndexOf(args, "halt") >= 0 ? new[] { false } : new[] { false, true };
            foreach (bool poll in modes)
            {
                foreach (var (name, measure) in new (string, Func<bool, NetworkThroughput.Transfer[]>)[] { ("host->guest", NetworkThroughput.LinuxHostToGuest), ("guest->guest", NetworkThroughput.LinuxGuestToGuest) })
                {
                    if (Array.IndexOf(args, name) < 0 && (Array.IndexOf(args, "host->guest") >= 0 || Array.IndexOf(args, "guest->guest") >= 0))
                        continue;
                    string figures;
                    try { figures = string.Join("; ", measure(poll).Select(t => t.ToString())); }
                    catch (InvalidOperationException e) { figures = "failed: " + e.Message; }
                    Console.WriteLine($"linux {name}, idle={(poll ? "poll" : "halt")}: {figures}");
                }
            }
            return 0;
        }

        // `swifi ...`: a software-fault-injection campaign (SwifiCampaign.cs).
        if (args.Length > 0 && args[0] == "swifi")
        {
            BuildTestImage(image);
            return SwifiCampaign.Run(image, args);
        }

        // `boot`: only issue 19's rows (the ISO by the kit's loader under
        // SeaBIOS and OVMF against GRUB's, and the media build time).
        if (args.Length > 0 && args[0] == "boot")
        {
            var bootRows = new List<Row>();
            BootPathRows(bootRows, image, runs: args.Length > 1 && int.TryParse(args[1], out int r) && r > 0 ? r : 3);
            Print(bootRows);
            return 0;
        }

        // `build`: only the build-time rows (about 3 minutes).
        if (Array.IndexOf(args, "build") >= 0)
        {
            BuildRows(rows, image, runs);
            Print(rows);
            return 0;
        }

        // `fs`: only the file-system rows (read, write, listing; about 10 minutes).
        if (Array.IndexOf(args, "fs") >= 0)
        {
            BuildTestImage(image);
            FileSystemRows(rows, image.WithOutput("iso/out/test"));
            Print(rows);
            return 0;
        }

        BuildRows(rows, image, runs);

        Console.Error.WriteLine("bench: boot to banner ...");
        var wall = new List<double>();
        long guest = 0;
        for (int i = 0; i < runs; i++)
        {
            var (seconds, instructions) = BootToBanner(image);
            wall.Add(seconds);
            guest = instructions;
        }
        rows.Add(new Row("boot to banner, wall (QEMU -kernel)", Median(wall), "s", 0.5, $"median of {runs}"));
        rows.Add(new Row("boot to banner, guest (-icount)", guest / 1e6, "M instr", double.NaN, "firmware + loader + kernel start; repeats exactly"));

        Console.Error.WriteLine("bench: IPC round trip and null kernel call ...");
        BuildTestImage(image);
        var (roundTrip, nullCall) = IpcCosts(image.WithOutput("iso/out/test"));
        rows.Add(new Row("IPC round trip (SendRec + reply, 2 spaces)", roundTrip, "instr", 1000, "guest instructions under -icount, mean of 20000; the fast path's case"));
        rows.Add(new Row("null kernel call (Times)", nullCall, "instr", 250, "guest instructions under -icount, mean of 20000"));

        Console.Error.WriteLine("bench: collector ...");
        var gc = GcCosts(image.WithOutput("iso/out/test"));
        rows.Add(new Row("allocation (small object, GC amortized)", gc.Allocation, "instr", double.NaN, "per object, 200000 objects"));
        rows.Add(new Row("collection pause, 1 MiB live", gc.Pause1 / 1e6, "M instr", double.NaN, "full mark-sweep, 40 MiB heap"));
        rows.Add(new Row("collection pause, 16 MiB live", gc.Pause16 / 1e6, "M instr", double.NaN, "full mark-sweep, 40 MiB heap"));
        rows.Add(new Row("heap overhead (16 MiB live)", gc.OverheadPermille / 10.0, "%", double.NaN, "size-class rounding + mark/alloc bitmaps"));

        double layered = FileSystemRows(rows, image.WithOutput("iso/out/test"));

        TransferRows(rows, image);

        Console.Error.WriteLine("bench: boot to a shell prompt ...");
        var toShell = new List<double>();
        double shellGuest = 0;
        for (int i = 0; i < runs; i++)
        {
            var (seconds, instructions) = SystemCosts.BootToShell(image);
            toShell.Add(seconds);
            shellGuest = instructions;
        }
        rows.Add(new Row("boot to shell prompt, wall (serial line)", Median(toShell), "s", 5, $"median of {runs}; paper: MINIX 3 under 5 s to login on real hardware"));
        rows.Add(new Row("boot to shell prompt, guest (-icount)", shellGuest / 1e6, "M instr", double.NaN, "both terminals prompting: RS + 9 servers and drivers, init, 2 sh from FAT32"));

        BootPathRows(rows, image, runs);

        PeerRows(rows, image, shellGuest, layered);

        string? networkFailure = NetworkRows(rows, image);
        if (networkFailure != null)
            Console.Error.WriteLine("bench: " + networkFailure);

        NetworkExperimentRows(rows, image, new[] { NicModel.E1000, NicModel.Rtl8139 }, linux: true);

        var (kernelLines, runtimeLines, asmLines) = LineCounts(image.RepositoryRoot);
        rows.Add(new Row("ring-0 C#, src/Kernel (code lines)", kernelLines, "lines", 4000, "non-blank, non-comment"));
        rows.Add(new Row("also in ring 0: corelib src/Runtime", runtimeLines, "lines", double.NaN, "shared with every component"));
        rows.Add(new Row("also in ring 0: assembly src/Asm/Kernel", asmLines, "lines", double.NaN, "C# that emits the machine code"));

        Print(rows);
        return 0;
    }

    // Wall-clock build times: a clean build of the corelib, the kernel and
    // the image (every component's native stages rerun, because the corelib
    // they compile in is new), and one kernel or driver file touched. Each
    // is the median of `runs`: a single build on a 2-core machine moves by
    // seconds with how MSBuild happens to spread projects over its nodes.
    private static void BuildRows(List<Row> rows, ImageLayout image, int runs)
    {
        Console.Error.WriteLine("bench: clean build of corelib + kernel + image ...");
        Build(image); // make sure restore and the host tools are done first
        var clean = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            CleanKernelOutputs(image);
            clean.Add(Timed(() => Build(image)));
        }
        rows.Add(new Row("clean build (corelib, kernel, image)", Median(clean), "s", 20,
            $"median of {runs} ({Spread(clean)}); the system image: kernel + every component + root disk; host tools prebuilt"));

        Console.Error.WriteLine("bench: incremental build after touching one kernel file ...");
        var incremental = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            File.SetLastWriteTimeUtc(Path.Combine(image.RepositoryRoot, "src", "Kernel", "Boot", "KernelMain.cs"), DateTime.UtcNow);
            incremental.Add(Timed(() => Build(image)));
        }
        rows.Add(new Row("incremental build (one kernel file touched)", Median(incremental), "s", 5, $"median of {runs} ({Spread(incremental)})"));

        Console.Error.WriteLine("bench: incremental build after touching one driver file ...");
        var driver = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            File.SetLastWriteTimeUtc(Path.Combine(image.RepositoryRoot, "src", "Drivers", "Block", "Ata", "AtaDriver.cs"), DateTime.UtcNow);
            driver.Add(Timed(() => Build(image)));
        }
        rows.Add(new Row("incremental build (one driver file touched)", Median(driver), "s", 5, $"median of {runs} ({Spread(driver)}); ata, then the images that carry it"));

    }

    // Boot to the shell prompt by each loader and firmware from the ISO,
    // as ratios to GRUB's in the same run, and the media build time.
    private static void BootPathRows(List<Row> rows, ImageLayout image, int runs)
    {
        IReadOnlyList<BootPaths.Path> paths = BootPaths.Measure(image, runs);
        BootPaths.Path grub = paths[^1];
        foreach (BootPaths.Path path in paths)
        {
            rows.Add(new Row($"boot to shell, {path.Name}, guest (-icount)", path.Instructions / 1e6, "M instr", double.NaN,
                path == grub ? "firmware + loader + system, root disk attached" : $"{path.Instructions / grub.Instructions:0.00} x GRUB's; loads the 40 MiB live root too"));
            rows.Add(new Row($"boot to shell, {path.Name}, wall", path.Seconds, "s", double.NaN,
                path == grub ? $"median of {runs}, under -icount" : $"{path.Seconds / grub.Seconds:0.00} x GRUB's"));
        }
        Console.Error.WriteLine("bench: the build tool writing the ISO and the USB image ...");
        rows.Add(new Row("image build: ISO + USB image (boot-media)", BootPaths.MediaSeconds(image, runs), "s", 2,
            $"median of {runs}; FAT32, ISO 9660 + El Torito, both loaders placed, live root: .NET only"));
    }

    private static bool s_noBuild;

    private static void BuildTestImage(ImageLayout image)
    {
        if (s_noBuild)
            return;
        if (!ImageBuilder.Build(image, TextWriter.Null, project: Path.Combine(image.RepositoryRoot, "test", "Image", "Minix3.Cosmos.TestImage.csproj")))
            throw new InvalidOperationException("the test image build failed; run `dotnet build test/Image` to see why");
    }

    // The file system over the disk driver: reading, writing, listing.
    // Returns the layered 64 MiB read (second pass), which the Linux peer's row compares.
    private static double FileSystemRows(List<Row> rows, ImageLayout testImage)
    {
        Console.Error.WriteLine("bench: sequential read through VFS and FS, and raw from the driver ...");
        var (layered, raw, firstPass) = SystemCosts.SequentialRead(testImage);
        rows.Add(new Row("64 MiB read via VFS+FS+ata / raw ata reads", layered / raw, "x", 1.03,
            $"{layered / 1e6:0} vs {raw / 1e6:0} M instr, least of 3 passes each way; first pass {firstPass / raw:0.00} x (FAT reads, QEMU's cold reads); paper: ~8% for user-mode disk I/O"));

        Console.Error.WriteLine("bench: ls -l of 100 to 10,000 files, sequential write through VFS and FS, and raw to the driver ...");
        var scaling = FileSystemScaling.Measure(testImage);
        rows.Add(new Row("64 MiB write via VFS+FS+ata / raw ata writes", scaling.WriteLayered / scaling.WriteRaw, "x", 2 * layered / raw,
            $"{scaling.WriteLayered / 1e6:0} vs {scaling.WriteRaw / 1e6:0} M instr, closed and synced; target: 2x the read row's ratio"));
        for (int i = 0; i < FileSystemScaling.DirectorySizes.Length; i++)
            rows.Add(new Row($"ls -l per entry, {FileSystemScaling.DirectorySizes[i]:N0} files", scaling.ListAgain[i], "instr", double.NaN,
                $"readdir + stat by path, mean of cached passes; first pass (reads the directory) {scaling.ListFirst[i]:0}" + (i == 0 ? " (also the system's first file-system use)" : "")));
        rows.Add(new Row("ls -l per entry, 10,000 files / 100 files", scaling.ListAgain[2] / scaling.ListAgain[0], "x", 2,
            $"flat: the cost grows with the work; first passes, 10,000 / 1,000 files: {scaling.ListFirst[2] / scaling.ListFirst[1]:0.00} x"));

        Console.Error.WriteLine("bench: the same listing and write in the Linux peer (vfat, same image) ...");
        var peer = LinuxPeerCosts.MeasureFileSystem();
        rows.Add(new Row("64 MiB write, ours / Linux", scaling.WriteLayered / peer.Write, "x", double.NaN,
            $"{scaling.WriteLayered / 1e6:0.0} M instr vs Linux {peer.Write / 1e6:0.0} M (dd bs=64k conv=fsync from /dev/zero; ours writes a pattern)"));
        for (int i = 0; i < FileSystemScaling.DirectorySizes.Length; i++)
            rows.Add(new Row($"ls -l per entry, {FileSystemScaling.DirectorySizes[i]:N0} files, ours / Linux", scaling.ListAgain[i] / peer.ListWarmPerEntry[i], "x", double.NaN,
                $"warm: {scaling.ListAgain[i]:0} vs {peer.ListWarmPerEntry[i]:0} instr; cold: {scaling.ListFirst[i]:0} vs {peer.ListColdPerEntry[i]:0} (busybox ls -l, which also formats)"));
        return layered;
    }

    // What VT-d translation costs: the same runs with the IOMMU on (q35 +
    // intel-iommu, the launcher's default) and off (--no-iommu), as a
    // ratio; and the 64 MiB read against the Linux peer (also on q35 with
    // the IOMMU, which Debian's kernel turns on by itself).
    private static void IommuRows(List<Row> rows, ImageLayout image)
    {
        ImageLayout testImage = image.WithOutput("iso/out/test");
        Console.Error.WriteLine($"bench: {NetworkExperiment.FileMiB} MiB over e1000 with the IOMMU on and off ...");
        var (on, off) = NetworkExperiment.TranslationCost(testImage, NicModel.E1000, Path.Combine(image.RepositoryRoot, "bench", "out"), 1);
        rows.Add(new Row($"wget {NetworkExperiment.FileMiB} MiB, e1000, IOMMU on", on / 1e9, "guest s", double.NaN, "timer_hz=1000; checksum = host's"));
        rows.Add(new Row($"wget {NetworkExperiment.FileMiB} MiB, e1000, IOMMU off", off / 1e9, "guest s", double.NaN, "--no-iommu: the same iommu, pci and drivers, no translation"));
        rows.Add(new Row("  cost of translation, network", (on / off - 1) * 100, "%", 2, "on / off - 1; guest time, which waits for the host: noisy"));
        Console.Error.WriteLine("bench: 64 MiB read through VFS and FS with the IOMMU on and off ...");
        var readOn = SystemCosts.SequentialRead(testImage, iommu: true);
        double waitOn = SystemCosts.LastWaitPerCommand;
        var readOff = SystemCosts.SequentialRead(testImage, iommu: false);
        double waitOff = SystemCosts.LastWaitPerCommand;
        rows.Add(new Row("64 MiB read via VFS+FS+ata (DMA), IOMMU on", readOn.Layered / 1e6, "M instr", double.NaN, $"raw ata {readOn.Raw / 1e6:0} M"));
        rows.Add(new Row("64 MiB read via VFS+FS+ata (DMA), IOMMU off", readOff.Layered / 1e6, "M instr", double.NaN, $"raw ata {readOff.Raw / 1e6:0} M"));
        rows.Add(new Row("  cost of translation, disk", (readOn.Layered / readOff.Layered - 1) * 100, "%", 2, "on / off - 1; least of 3 passes each"));
        // Where the difference is: ata's polls while QEMU does the transfer
        // (with VT-d, QEMU translates every page of it in software).
        rows.Add(new Row("  ata's wait per DMA command, IOMMU on / off", waitOn / waitOff, "x", double.NaN,
            $"{waitOn / 1e3:0.0} vs {waitOff / 1e3:0.0} k instr polling the controller per command (mean over the run); x 1024 commands a pass = {(waitOn - waitOff) * 1024 / 1e6:0} M of the {(readOn.Layered - readOff.Layered) / 1e6:0} M difference"));
        Console.Error.WriteLine("bench: the same 64 MiB read in the Linux peer ...");
        var peer = LinuxPeerCosts.Measure(image);
        double linux = peer.Read.Average();
        rows.Add(new Row("64 MiB read, ours (IOMMU on) / Linux", readOn.Layered / linux, "x", 1.5,
            $"{readOn.Layered / 1e6:0} M instr vs Linux {LinuxPeerCosts.Each(peer.Read)} (busybox dd bs=64k, buffered, cold page cache; second passes)"));
    }

    // The crash experiments (TransferExperiment): slowdowns against the
    // undisturbed runs of the same bench run, and restart latencies.
    private static void TransferRows(List<Row> rows, ImageLayout image)
    {
        var result = TransferExperiment.Measure(image.WithOutput("iso/out/test"), ChartDirectory(image));
        double Mean(TransferExperiment.Run[] set) => set.Average(r => r.Tsc);
        string Each(TransferExperiment.Run[] set) => string.Join(", ", set.Select(r => $"{r.Tsc / 1e9:0.000}"));
        double baseline = Mean(result.Undisturbed);
        double spread = (result.Undisturbed.Max(r => r.Tsc) - result.Undisturbed.Min(r => r.Tsc)) / baseline * 100;
        double Slowdown(double tsc) => (tsc / baseline - 1) * 100;
        string size = $"{TransferExperiment.FileMiB} MiB x {TransferExperiment.Passes}";
        rows.Add(new Row($"{size} checksum via VFS+FS+ata, undisturbed", baseline / 1e9, "G instr", double.NaN,
            result.Undisturbed.Length == 1 ? $"guest s under -icount; {size} passes over one file; one run"
                : $"guest s under -icount; runs {Each(result.Undisturbed)}: {spread:0.0}% apart (host-paced polling)"));
        foreach (var (name, set, target) in new[] { ("killed every 4 s", result.Every4s, 2.0), ("killed every 1 s", result.Every1s, double.NaN) })
        {
            rows.Add(new Row($"  slowdown, ata {name}", Slowdown(Mean(set)), "%", target,
                $"{string.Join("/", set.Select(r => r.Disturbances))} kills; runs {Each(set)} G; {size}; paper: 8% on its network transfer"));
        }
        rows.Add(new Row("  slowdown, ata live-updated every 4 s", Slowdown(result.Update4s.Tsc), "%", double.NaN,
            $"{result.Update4s.Disturbances} updates (service update, same program); {result.Update4s.Tsc / 1e9:0.000} G"));
        var kills = result.Every4s.Concat(result.Every1s).ToArray();
        var taken = kills.SelectMany(r => r.TakenNs).ToList();
        var served = kills.SelectMany(r => r.ServedNs).ToList();
        rows.Add(new Row("restart latency: crash to request taken", MeanOf(taken) / 1e6, "ms", 5,
            $"mean; max {MaxOf(taken) / 1e6:0.00} ms over {taken.Count} kills; guest time: RS, a new ata, FS repeats"));
        rows.Add(new Row("restart latency: crash to request served", MeanOf(served) / 1e6, "ms", 5,
            $"mean; max {MaxOf(served) / 1e6:0.00} ms; the repeated request: 64 KiB from the disk"));
        rows.Add(new Row("live update: request to request served", MeanOf(result.Update4s.ServedNs) / 1e6, "ms", double.NaN,
            $"mean of {result.Update4s.ServedNs.Count}; max {MaxOf(result.Update4s.ServedNs) / 1e6:0.00} ms; includes the old version's handover"));
    }

    // Where the bench's pictures go (git-ignored): printed with each.
    private static string ChartDirectory(ImageLayout image) => Path.Combine(image.RepositoryRoot, "bench", "out");

    // The network crash experiment (NetworkExperiment), per NIC: the
    // undisturbed run's guest time, the slowdowns against it, kills per
    // run, restart latency kill -> first frame of the new driver; and the
    // Linux peer's one 512 MiB download against one of ours undisturbed.
    private static void NetworkExperimentRows(List<Row> rows, ImageLayout image, IReadOnlyList<NicModel> nics, bool linux, int count = NetworkExperiment.DefaultCount)
    {
        string size = $"{NetworkExperiment.FileMiB} MiB x {count}";
        var results = nics.Count == 0 ? Array.Empty<NetworkExperiment.NicResult>() : NetworkExperiment.Measure(image.WithOutput("iso/out/test"), nics, ChartDirectory(image), count);
        double? oursTransfer = null;
        foreach (var nic in results)
        {
            double baseline = nic.Undisturbed.Tsc;
            string Transfers(NetworkExperiment.Run run) => string.Join(" / ", run.TransferTsc.Select(t => (t / 1e9).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
            rows.Add(new Row($"wget {size}, {nic.Label}, undisturbed", baseline / 1e9, "G instr", double.NaN,
                $"guest s (timer_hz=1000); transfers {Transfers(nic.Undisturbed)} s; checksum = host's; {nic.Undisturbed.Chart}"));
            if (nic.Undisturbed.Failure != null)
                rows[^1] = rows[^1] with { Note = "FAILED: " + nic.Undisturbed.Failure };
            foreach (var (name, run, target) in new[] { ("killed every 4 s", nic.Every4s, 2.0), ("killed every 1 s", nic.Every1s, double.NaN), ("live-updated every 4 s", nic.Update4s, double.NaN) })
            {
                bool update = name.StartsWith("live", StringComparison.Ordinal);
                rows.Add(new Row($"  slowdown, {nic.Label} {name}", (run.Tsc / baseline - 1) * 100, "%", target, run.Failure != null ? "FAILED: " + run.Failure
                    : $"{run.Disturbances} {(update ? "updates" : "kills")} during {size}; {run.Tsc / 1e9:0.000} G; transfers {Transfers(run)} s; checksum = host's; paper: 8%; {run.Chart}"));
            }
            var kills = nic.Every4s.LatencyNs.Concat(nic.Every1s.LatencyNs).ToList();
            rows.Add(new Row($"  restart latency, {nic.Label}: kill to first frame", CrashLatencies.Median(kills) / 1e6, "ms", 5,
                $"median; max {MaxOf(kills) / 1e6:0.00} ms over {kills.Count} kills (every 4 s and 1 s); guest time: RS, a new {nic.Label}, inet reopening it"));
            rows.Add(new Row($"  update latency, {nic.Label}: request to first frame", CrashLatencies.Median(nic.Update4s.LatencyNs) / 1e6, "ms", double.NaN,
                $"median; max {MaxOf(nic.Update4s.LatencyNs) / 1e6:0.00} ms over {nic.Update4s.LatencyNs.Count} updates"));
            if (nic.Nic == NicModel.E1000 && nic.Undisturbed.TransferTsc.Length > 0)
                oursTransfer = nic.Undisturbed.TransferTsc.Average();
        }
        if (!linux)
            return;
        Console.Error.WriteLine($"bench: {NetworkExperiment.FileMiB} MiB from --serve in the Linux peer (e1000, idle=poll) ...");
        double linuxNs = NetworkExperiment.LinuxTransferNs();
        rows.Add(new Row($"wget {NetworkExperiment.FileMiB} MiB, ours undisturbed / Linux", (oursTransfer ?? double.NaN) / linuxNs, "x", double.NaN,
            $"{(oursTransfer ?? double.NaN) / 1e9:0.00} s (netreader, e1000, mean of {count} transfers) vs Linux {linuxNs / 1e9:0.00} s "
            + "(busybox wget | md5sum, e1000, idle=poll); guest time, same QEMU and --serve; ours at timer_hz=1000 halts when idle"));
    }

    // Ours / the Linux peer's (LinuxPeerCosts), same QEMU, same -icount, same disk.
    private static void PeerRows(List<Row> rows, ImageLayout image, double oursBoot, double oursRead)
    {
        Console.Error.WriteLine("bench: the Linux peer (Debian's kernel, busybox initramfs) ...");
        var peer = LinuxPeerCosts.Measure(image);
        rows.Add(new Row("boot to shell prompt, ours / Linux", oursBoot / peer.Boot.Average(), "x", double.NaN,
            $"{oursBoot / 1e6:0.0} M instr vs Linux {LinuxPeerCosts.Each(peer.Boot)} ({peer.Kernel}, {LinuxPeerCosts.Runs} runs): power-on to the prompt, disk mounted"));
        rows.Add(new Row("64 MiB read, ours / Linux", oursRead / peer.Read.Average(), "x", 1.5,
            $"{oursRead / 1e6:0.0} M instr vs Linux {LinuxPeerCosts.Each(peer.Read)}, second passes; Linux's first {LinuxPeerCosts.Each(peer.FirstRead)}: dd bs=64k, cold page cache"));
    }

    // TCP downloads (NetworkThroughput): host -> guest from --serve and
    // guest -> guest through the frame relay, ours and the Linux peer's,
    // each timed NetworkThroughput.Runs times in one boot (the note shows
    // every run; the row, their mean). Returns why our system could not be measured, or
    // null: its rows then say "nan" and the Linux peer's still stand.
    private static string? NetworkRows(List<Row> rows, ImageLayout image)
    {
        Console.Error.WriteLine("bench: TCP downloads in the Linux peer (host -> guest, guest -> guest) ...");
        var linuxHost = new List<NetworkThroughput.Transfer>();
        var linuxRelay = new List<NetworkThroughput.Transfer>();
        linuxHost.AddRange(NetworkThroughput.LinuxHostToGuest(NetworkThroughput.LinuxIdlePoll));
        linuxRelay.AddRange(NetworkThroughput.LinuxGuestToGuest(NetworkThroughput.LinuxIdlePoll));

        Console.Error.WriteLine("bench: TCP downloads in our system (host -> guest, guest -> guest) ...");
        var oursHost = new List<NetworkThroughput.Transfer>();
        var oursRelay = new List<NetworkThroughput.Transfer>();
        string? failure = null;
        try
        {
            oursHost.AddRange(NetworkThroughput.OursHostToGuest(image));
            oursRelay.AddRange(NetworkThroughput.OursGuestToGuest(image));
        }
        catch (NetworkUnavailableException e)
        {
            failure = "our system's network rows were not measured: " + e.Message;
        }

        string idle = NetworkThroughput.LinuxIdlePoll ? "idle=poll" : "halting when idle";
        foreach (var (name, ours, linux, what) in new[]
        {
            ("TCP host->guest", oursHost, linuxHost, $"{NetworkThroughput.HostFileMiB} MiB from --serve"),
            ("TCP guest->guest", oursRelay, linuxRelay, $"{NetworkThroughput.RelayFileMiB} MiB through the frame relay, no faults"),
        })
        {
            string Each(List<NetworkThroughput.Transfer> set, Func<NetworkThroughput.Transfer, double> figure, string format) =>
                set.Count == 0 ? "none" : string.Join(" / ", set.Select(t => figure(t).ToString(format, System.Globalization.CultureInfo.InvariantCulture)));
            double Mean(List<NetworkThroughput.Transfer> set, Func<NetworkThroughput.Transfer, double> figure) => set.Count == 0 ? double.NaN : set.Average(figure);
            rows.Add(new Row($"{name}, wall", Mean(ours, t => t.WallMiBPerSecond), "MiB/s", double.NaN,
                $"ours, {what}; host time under -icount, runs {Each(ours, t => t.WallMiBPerSecond, "0.00")}; Linux {Each(linux, t => t.WallMiBPerSecond, "0.00")} MiB/s"));
            rows.Add(new Row($"{name}, guest instr/KiB", Mean(ours, t => t.GuestPerKiB), "instr/KiB", double.NaN,
                $"ours, wget -O /dev/null timed by `time` (10 ms ticks), runs {Each(ours, t => t.GuestNs / 1e6, "0")} M; guest time: ours halts when idle, each wait a jump to the next tick"));
            rows.Add(new Row($"{name}, Linux guest instr/KiB", Mean(linux, t => t.GuestPerKiB), "instr/KiB", double.NaN,
                $"busybox wget between /dev/kmsg markers, e1000, {idle}; runs {Each(linux, t => t.GuestNs / 1e6, "0.0")} M"));
            rows.Add(new Row($"{name}, ours / Linux", Mean(ours, t => t.GuestNs) / Mean(linux, t => t.GuestNs), "x", double.NaN,
                "guest time of the same download, same QEMU, same -icount; below 1: ours costs less (README: halting vs idle=poll)"));
        }
        return failure;
    }

    // NaN for no values: a row that says "nan" rather than a bench that stops.
    private static double MeanOf(List<double> values) => values.Count == 0 ? double.NaN : values.Average();
    private static double MaxOf(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static void Build(ImageLayout image)
    {
        if (!ImageBuilder.Build(image, TextWriter.Null))
            throw new InvalidOperationException("the image build failed; run `dotnet build iso/Minix3.Cosmos.Image.csproj` to see why");
    }

    private static void CleanKernelOutputs(ImageLayout image)
    {
        foreach (string project in new[] { "src/Runtime", "src/Kernel", "iso" })
        {
            foreach (string output in new[] { "bin", "obj/Debug" })
            {
                string path = Path.Combine(image.RepositoryRoot, project, output);
                if (Directory.Exists(path))
                    Directory.Delete(path, recursive: true);
            }
        }
        if (Directory.Exists(image.OutputDirectory))
            Directory.Delete(image.OutputDirectory, recursive: true);
    }

    // The range of a row's samples: "lowest-highest s".
    private static string Spread(List<double> values) =>
        values.Count == 1 ? $"{values[0]:0.0} s" : $"{values.Min():0.0}-{values.Max():0.0} s";

    private static double Timed(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    // Wall time from starting QEMU to the banner on the serial line, and the
    // banner's time stamp counter under -icount (guest instructions).
    private static (double Seconds, long Instructions) BootToBanner(ImageLayout image)
    {
        string log = Path.Combine(Path.GetTempPath(), $"minix3-bench-{Guid.NewGuid():N}.log");
        var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(30) };
        // The default kernel has no test=: the system boots on, and the run
        // ends at the banner.
        var arguments = Qemu.Arguments(image, options, log, "exit");
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(Qemu.Program) { ArgumentList = { }, UseShellExecute = false }.WithArguments(arguments))!;
        double seconds = double.NaN;
        while (stopwatch.Elapsed < options.Timeout)
        {
            if (File.Exists(log) && Banner(log) != null)
            {
                seconds = stopwatch.Elapsed.TotalSeconds;
                break;
            }
            System.Threading.Thread.Sleep(2);
        }
        process.Kill(entireProcessTree: true);
        process.WaitForExit(30000);
        Match? banner = Banner(log);
        File.Delete(log);
        return (seconds, banner == null ? 0 : long.Parse(banner.Groups[1].Value));
    }

    // The IPC benchmark components (bench/Components) booted from the test
    // image; they print "bench: ipc round trip N tsc; null kernel call M tsc",
    // where the time stamp counter counts guest instructions under -icount.
    private static (double RoundTrip, double NullCall) IpcCosts(ImageLayout testImage)
    {
        var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(120) };
        BootResult result = Qemu.Boot(testImage, options, "start=ipcserver,ipcclient exit_when=ipcclient exit", null);
        Match match = Regex.Match(result.SerialLog, @"bench: ipc round trip (\d+) tsc; null kernel call (\d+) tsc");
        if (!match.Success)
            throw new InvalidOperationException("the IPC benchmark printed no result; build test/Image first. Log:\n" + result.SerialLog);
        return (double.Parse(match.Groups[1].Value), double.Parse(match.Groups[2].Value));
    }

    private static (double Allocation, double Pause1, double Pause16, double OverheadPermille) GcCosts(ImageLayout testImage)
    {
        var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromSeconds(300) };
        BootResult result = Qemu.Boot(testImage, options, "start=gcbench exit_when=gcbench exit", null);
        Match match = Regex.Match(result.SerialLog, @"gcbench: alloc (\d+) tsc/object; pause 1MiB (\d+) tsc; pause 16MiB (\d+) tsc; overhead (\d+) permille");
        if (!match.Success)
            throw new InvalidOperationException("the collector benchmark printed no result. Log:\n" + result.SerialLog);
        return (double.Parse(match.Groups[1].Value), double.Parse(match.Groups[2].Value), double.Parse(match.Groups[3].Value), double.Parse(match.Groups[4].Value));
    }

    private static (int Kernel, int Runtime, int Asm) LineCounts(string root) =>
        (CodeLines(Path.Combine(root, "src", "Kernel")), CodeLines(Path.Combine(root, "src", "Runtime")), CodeLines(Path.Combine(root, "src", "Asm", "Kernel")));

    private static int CodeLines(string directory)
    {
        int lines = 0;
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/") || file.Contains("/bin/"))
                continue;
            foreach (string line in File.ReadLines(file))
            {
                string text = line.Trim();
                if (text.Length > 0 && !text.StartsWith("//"))
                    lines++;
            }
        }
        return lines;
    }

    private static Match? Banner(string log)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        string text = new StreamReader(stream).ReadToEnd();
        Match match = Regex.Match(text, @"Minix3\.Cosmos kernel \(tsc (\d+)\)");
        return match.Success ? match : null;
    }

    private static ProcessStartInfo WithArguments(this ProcessStartInfo start, IEnumerable<string> arguments)
    {
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine($"| {"measure",-44} | {"value",12} | {"target",8} | {"ratio",6} | note");
        Console.WriteLine($"|{new string('-', 46)}|{new string('-', 14)}|{new string('-', 10)}|{new string('-', 8)}|------");
        foreach (Row row in rows)
        {
            string value = row.Unit == "s" ? $"{row.Value:0.000} {row.Unit}" : $"{row.Value:0.###} {row.Unit}";
            string target = double.IsNaN(row.Target) ? "-" : $"{row.Target:0.##} {row.Unit}";
            string ratio = double.IsNaN(row.Target) ? "-" : $"{row.Value / row.Target:0.00}";
            Console.WriteLine($"| {row.Name,-44} | {value,12} | {target,8} | {ratio,6} | {row.Note}");
        }
    }
}
