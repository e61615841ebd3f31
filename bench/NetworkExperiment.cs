using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Launcher.Network;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Bench;

// The paper's headline experiment on our network stack (issue 16): a
// 512 MiB file fetched over TCP from the host's --serve server while the
// Ethernet driver is killed every 4 s, every 1 s, or live-updated every
// 4 s of guest time, for e1000 and rtl8139; the same undisturbed is the
// baseline of each NIC's slowdowns. test/Components netreader GETs the
// file COUNT times in a row (one 512 MiB transfer is some 40-50 s of
// guest time: three make room for 20 kills at 4 s) and checksums every
// byte (FNV-1a 64, the host computes the same over the file repeated);
// killer (test/Components) kills or updates the driver. Both read their
// settings from a small FAT disk (/netreader.conf, /killer.ms); the
// test image boots them with pci, the driver, inet, ata, fs and vfs.
//
// The kernel runs at timer_hz=1000: each wait for the host (QEMU's user
// networking answers at the host's pace) lets QEMU's -icount sleep=off
// jump the guest clock to the next tick, at most 1 ms instead of 10 ms
// (bench/README.md, "Time under -icount sleep=off").
//
// Restart latency: from the kill (killer's time stamp just before the
// kill call) to the first frame the successor hands its NIC (each driver
// instance logs "LABEL: first frame (N bytes) sent at T tsc" once); for
// updates from killer's request to RS.
internal static class NetworkExperiment
{
    public const int FileMiB = 512;
    // Transfers per run by default (`netkill count=N` changes it).
    public const int DefaultCount = 2;
    private const string BigFile = "big.bin";
    private const string SmallFile = "small.txt";
    private const string Cast = "timer_hz=1000 start=monitor,ds,rs,iommu,pci,{0},inet,ata,fs,vfs,netreader{1} exit_when=netreader{1} exit";

    // Under -icount a 1 GiB run takes minutes of the host's (about
    // 12 MiB/s wall undisturbed); a stalled one ends with its log.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(20);

    // One run: all transfers' guest time (netreader's total), each
    // transfer's, the kills (or updates) made during the transfers,
    // restart latencies (ns), and the picture's path.
    public sealed record Run(string Name, double Tsc, double[] TransferTsc, int Disturbances, List<double> LatencyNs, string Chart, string? Failure = null);

    public sealed record NicResult(NicModel Nic, string Label, Run Undisturbed, Run Every4s, Run Every1s, Run Update4s);

    public static string Label(NicModel nic) => nic == NicModel.Rtl8139 ? "rtl8139" : "e1000";

    public static byte[] FileBytes() => TestBytes.Random(FileMiB << 20, 0x512A);

    public static NicResult[] Measure(ImageLayout testImage, IReadOnlyList<NicModel> nics, string chartDirectory, int count = DefaultCount)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-netkill-" + Guid.NewGuid().ToString("N")[..8]);
        string served = Path.Combine(directory, "www");
        Directory.CreateDirectory(served);
        try
        {
            ulong transferHash, totalHash;
            {
                byte[] data = FileBytes();
                File.WriteAllBytes(Path.Combine(served, BigFile), data);
                transferHash = TestBytes.Fnv1a64(data);
                totalHash = TestBytes.Fnv1a64(data, count);
            }
            File.WriteAllBytes(Path.Combine(served, SmallFile), Encoding.ASCII.GetBytes("small\n"));
            var results = new List<NicResult>();
            foreach (NicModel nic in nics)
            {
                string label = Label(nic);
                // A failed run is a row that says why (its log is kept
                // beside the charts), not the end of the other runs.
                Run Once(string name, string? killer)
                {
                    try
                    {
                        return Boot(testImage, nic, directory, served, name, killer, count, transferHash, totalHash, chartDirectory);
                    }
                    catch (InvalidOperationException e)
                    {
                        string why = Regex.Match(e.Message, @"netreader: FAILED .*").Value;
                        Console.Error.WriteLine($"bench: {label} {name} failed: {(why.Length > 0 ? why : e.Message.Split('\n')[0])}");
                        return new Run(name, double.NaN, Array.Empty<double>(), 0, new List<double>(), "", why.Length > 0 ? why : e.Message.Split('\n')[0]);
                    }
                }
                Console.Error.WriteLine($"bench: {FileMiB} MiB x {count} over {label}: undisturbed, killed every 4 s, every 1 s, updated every 4 s ...");
                results.Add(new NicResult(nic, label,
                    Once("undisturbed", null),
                    Once("killed every 4 s", $"4000 {label}"),
                    Once("killed every 1 s", $"1000 {label}"),
                    Once("live-updated every 4 s", $"4000 update {label}")));
            }
            return results.ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The undisturbed transfer with the IOMMU on and off, in one bench
    // run: the guest seconds of each (the same file, NIC and cast).
    public static (double On, double Off) TranslationCost(ImageLayout testImage, NicModel nic, string chartDirectory, int count)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-iommu-" + Guid.NewGuid().ToString("N")[..8]);
        string served = Path.Combine(directory, "www");
        Directory.CreateDirectory(served);
        try
        {
            byte[] data = FileBytes();
            File.WriteAllBytes(Path.Combine(served, BigFile), data);
            ulong transferHash = TestBytes.Fnv1a64(data), totalHash = TestBytes.Fnv1a64(data, count);
            Run on = Boot(testImage, nic, directory, served, "iommu on", null, count, transferHash, totalHash, chartDirectory, iommu: true);
            Run off = Boot(testImage, nic, directory, served, "iommu off", null, count, transferHash, totalHash, chartDirectory, iommu: false);
            return (on.Tsc, off.Tsc);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Run Boot(ImageLayout testImage, NicModel nic, string directory, string served, string name, string? killer,
        int count, ulong transferHash, ulong totalHash, string chartDirectory, bool iommu = true)
    {
        string label = Label(nic);
        var disk = HostFatImage.Make(Path.Combine(directory, "run.img"), 34);
        disk.Put("/netreader.conf", Encoding.ASCII.GetBytes($"http://{GuestNetwork.ServeAddress}/{BigFile} {count}\n"));
        if (killer != null)
            disk.Put("/killer.ms", Encoding.ASCII.GetBytes(killer));
        var options = new BootOptions
        {
            Headless = true, InstructionCounting = true, Timeout = RunTimeout, DiskImage = disk.Path,
            Network = new GuestNetwork { Nic = nic, ServeDirectory = served }, Iommu = iommu,
        };
        BootResult result = Qemu.Boot(testImage, options, string.Format(CultureInfo.InvariantCulture, Cast, label, killer == null ? "" : ",killer"), null);
        IommuRuns.Check(result.SerialLog, iommu, $"{label} {name}");
        File.Delete(disk.Path);
        string log = result.SerialLog.Replace("\r", "");
        string what = $"{label} {name}";
        Directory.CreateDirectory(chartDirectory);
        File.WriteAllText(Path.Combine(chartDirectory, $"net-{label}-{Slug(name)}.log"), log);
        long bytes = (long)FileMiB << 20;
        Match read = Regex.Match(log, @"netreader: read (\d+) bytes, fnv ([0-9a-f]{16}), (\d+) tsc$", RegexOptions.Multiline);
        if (!read.Success || long.Parse(read.Groups[1].Value) != bytes * count || read.Groups[2].Value != totalHash.ToString("x16"))
            throw new InvalidOperationException($"the transfer ({what}) did not deliver the file intact{(result.TimedOut ? " (timed out)" : "")}. Log:\n" + Tail(log));
        var transfers = Regex.Matches(log, @"netreader: transfer (\d+) of \d+: (\d+) bytes, fnv ([0-9a-f]{16}), (\d+) tsc$", RegexOptions.Multiline);
        if (transfers.Count != count || transfers.Any(m => long.Parse(m.Groups[2].Value) != bytes || m.Groups[3].Value != transferHash.ToString("x16")))
            throw new InvalidOperationException($"a transfer ({what}) was not the file. Log:\n" + Tail(log));
        double total = double.Parse(read.Groups[3].Value, CultureInfo.InvariantCulture);
        var progress = ThroughputChart.Parse(log, "netreader");
        // netreader's total runs from just before the first GET to just
        // after the last MiB's line.
        long origin = progress.Count == 0 ? 0 : progress[^1].Tsc - (long)total;
        long end = origin + (long)total;

        bool update = killer != null && killer.Contains("update", StringComparison.Ordinal);
        List<long> events = killer == null ? new List<long>() : Numbers(log, update
            ? $@"killer: update of {label} asked at (\d+) tsc: status 0$"
            : $@"killer: killed {label} at (\d+) tsc$");
        List<long> firsts = Numbers(log, $@"{label}: first frame \(\d+ bytes\) sent at (\d+) tsc$");
        var latencies = CrashLatencies.Pair(events, firsts);
        var during = events.Where(e => e >= origin && e <= end).ToList();

        string title = $"{FileMiB} MiB x {count} over TCP from --serve, {label} {name}";
        string chart = ThroughputChart.Write(chartDirectory, $"net-{label}-{Slug(name)}",
            ThroughputChart.Svg(title, ThroughputChart.Bins(progress, origin, 0.5), 0.5,
                during.Select(e => (e - origin) / 1e9).ToList(), update ? $"{label} updated" : $"{label} killed"));
        Console.Error.WriteLine($"bench: {what}: {total / 1e9:0.000} s guest, {during.Count} {(update ? "updates" : "kills")} during the transfers; chart {chart}");
        return new Run(name, total, transfers.Select(m => double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)).ToArray(), during.Count, latencies, chart);
    }

    // ---- the Linux peer ----

    // One 512 MiB download in the Linux peer (LinuxNetworkGuest: Debian's
    // kernel, busybox, e1000, the same --serve server, idle=poll as the
    // network rows), through md5sum as ours goes through netreader's
    // checksum: guest ns between two /dev/kmsg markers. The md5 must be
    // the host's.
    public static double LinuxTransferNs()
    {
        string served = Directory.CreateTempSubdirectory("minix3-bench-netkill-linux-").FullName;
        try
        {
            string md5;
            {
                byte[] data = FileBytes();
                File.WriteAllBytes(Path.Combine(served, BigFile), data);
                md5 = Convert.ToHexStringLower(MD5.HashData(data));
            }
            File.WriteAllBytes(Path.Combine(served, SmallFile), Encoding.ASCII.GetBytes("small\n"));
            var network = new GuestNetwork { Nic = NicModel.E1000, ServeDirectory = served };
            string url = $"http://{GuestNetwork.ServeAddress}";
            string script = string.Join('\n',
                "mark() { echo \"<5>linuxnet: $*\" > /dev/kmsg; }",
                $"n=0; until wget -q -O /dev/null {url}/{SmallFile}; do n=$((n + 1)); [ $n -gt 300 ] && break; usleep 200000; done",
                "mark fetch begin",
                $"wget -q -O - {url}/{BigFile} | md5sum > /tmp/md5",
                "mark fetch end",
                "echo \"linuxnet: fetched md5 $(cat /tmp/md5)\"",
                "dmesg | grep 'linuxnet: fetch'");
            var machine = new LinuxGuestMachine { InstructionCounting = true, IdlePoll = NetworkThroughput.LinuxIdlePoll, MemoryMiB = new BootOptions().MemoryMiB };
            using var guest = LinuxNetworkGuest.Start(network, GuestNetwork.FirstLease, GuestNetwork.Gateway, script, machine);
            if (!guest.WaitFor("^linuxnet: end", DateTime.UtcNow + RunTimeout))
                throw new InvalidOperationException("the Linux peer's download never ended. Log:\n" + Tail(guest.SerialText));
            string log = guest.SerialText;
            string fetched = Regex.Match(log, @"linuxnet: fetched md5 ([0-9a-f]{32})").Groups[1].Value;
            if (fetched != md5)
                throw new InvalidOperationException($"the Linux peer fetched md5 '{fetched}', the server has '{md5}'. Log:\n" + Tail(log));
            double begin = NetworkThroughput.KmsgNs(log, "linuxnet: fetch begin"), end = NetworkThroughput.KmsgNs(log, "linuxnet: fetch end");
            if (double.IsNaN(begin) || double.IsNaN(end))
                throw new InvalidOperationException("the Linux peer's markers are missing. Log:\n" + Tail(log));
            return end - begin;
        }
        finally
        {
            Directory.Delete(served, recursive: true);
        }
    }

    private static List<long> Numbers(string log, string pattern) =>
        Regex.Matches(log, pattern, RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    private static string Slug(string name) => Regex.Replace(name, "[^a-z0-9]+", "-").Trim('-');

    // The end of a long log (the progress lines make it thousands of lines).
    private static string Tail(string log) => log.Length <= 20_000 ? log : "...\n" + log[^20_000..];
}
