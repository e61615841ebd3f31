using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Bench;

// The paper's transfer experiment on disk, measured: test/Components
// diskreader checksums a 256 MiB file through VFS, FS and ata (the test
// image under -icount, so guest time counts instructions: 1 tsc = 1 ns),
// undisturbed, with killer killing ata every 4 s and every 1 s of guest
// time, and with killer asking RS for a live update of ata every 4 s. Each
// run's checksum must equal the host's.
//
// One pass over the file is about 6.1 s of guest time (2026-12-07), room
// for a single kill at 4 s; issue 16 asks for at least 20, so diskreader
// makes Passes passes (/diskreader.conf), some 90 s of guest time and 4
// to 5 minutes of the host's per run. With runs that long each goes once
// (Repeats): guest time is not perfectly repeatable here (ata polls the
// drive while QEMU fetches sectors on a host thread, and how many polls
// that takes depends on the host), but over 15 passes the spread shows
// less than over one.
//
// Restart latency pairs each kill (killer logs its guest time just before
// the kill call) with the new ata's first request ("taken at", "served
// at"): crash to the repeated request taken up, and to it answered.
// Each run also draws its throughput over guest time with the kills
// marked (ThroughputChart), into the chart directory.
internal static class TransferExperiment
{
    public const int FileMiB = 256;
    public const int Passes = 15;
    private const int Repeats = 1;
    private const string Cast = "start=monitor,ds,rs,ata,fs,vfs,diskreader{0} exit_when=diskreader{0} exit";

    public sealed record Run(double Tsc, int Disturbances, List<double> TakenNs, List<double> ServedNs, string Chart);

    public sealed record Result(Run[] Undisturbed, Run[] Every4s, Run[] Every1s, Run Update4s);

    public static Result Measure(ImageLayout testImage, string chartDirectory)
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            byte[] data = TestBytes.Random(FileMiB << 20, 0x7A45);
            var disk = HostFatImage.Make(Path.Combine(directory, "disk.img"), FileMiB + 16);
            disk.Put("/big.bin", data);
            disk.Put("/diskreader.conf", System.Text.Encoding.ASCII.GetBytes(Passes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
            ulong hash = TestBytes.Fnv1a64(data, Passes);
            Run Once(string? killer) => Boot(testImage, disk.Path, directory, killer, hash, chartDirectory);
            var undisturbed = new List<Run>();
            var every4 = new List<Run>();
            var every1 = new List<Run>();
            for (int i = 0; i < Repeats; i++)
            {
                Console.Error.WriteLine($"bench: {FileMiB} MiB x {Passes} transfer, round {i + 1} of {Repeats}: undisturbed, ata killed every 4 s, every 1 s ...");
                undisturbed.Add(Once(null));
                every4.Add(Once("4000"));
                every1.Add(Once("1000"));
            }
            Console.Error.WriteLine($"bench: {FileMiB} MiB x {Passes} transfer with a live update of ata every 4 s ...");
            return new Result(undisturbed.ToArray(), every4.ToArray(), every1.ToArray(), Once("4000 update"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // One boot on a copy of the disk; `killer` is what /killer.ms says
    // (null: no killer at all).
    private static Run Boot(ImageLayout testImage, string baseDisk, string directory, string? killer, ulong hash, string chartDirectory)
    {
        string disk = Path.Combine(directory, "run.img");
        File.Copy(baseDisk, disk, overwrite: true);
        if (killer != null)
            new HostFatImage(disk).Put("/killer.ms", System.Text.Encoding.ASCII.GetBytes(killer));
        var options = new BootOptions { Headless = true, InstructionCounting = true, Timeout = TimeSpan.FromMinutes(20), DiskImage = disk };
        BootResult result = Qemu.Boot(testImage, options, string.Format(Cast, killer == null ? "" : ",killer"), null);
        string log = result.SerialLog.Replace("\r", "");
        Match read = Regex.Match(log, @"diskreader: read (\d+) bytes, fnv ([0-9a-f]{16}), (\d+) tsc");
        if (!read.Success || long.Parse(read.Groups[1].Value) != ((long)FileMiB << 20) * Passes || read.Groups[2].Value != hash.ToString("x16"))
            throw new InvalidOperationException($"the transfer ({killer ?? "undisturbed"}) did not deliver the file intact{(result.TimedOut ? " (timed out)" : "")}. Log:\n"
                + (log.Length <= 20_000 ? log : "...\n" + log[^20_000..]));
        bool update = killer != null && killer.EndsWith("update", StringComparison.Ordinal);
        List<long> events = Numbers(log, update ? @"killer: update of ata asked at (\d+) tsc: status 0$" : @"killer: killed ata at (\d+) tsc$");
        var firsts = Regex.Matches(log, @"ata: first request \(\d+ bytes\) taken at (\d+) tsc, served at (\d+) tsc$", RegexOptions.Multiline)
            .Select(m => (Taken: long.Parse(m.Groups[1].Value), Served: long.Parse(m.Groups[2].Value))).OrderBy(f => f.Taken).ToList();
        var taken = new List<double>();
        var served = new List<double>();
        foreach (long at in events)
        {
            // The first instance to take a request after the event; none
            // before the next event means the new one was hit first.
            var first = firsts.FirstOrDefault(f => f.Taken > at);
            if (first.Taken == 0 || events.Any(e => e > at && e < first.Taken))
                continue;
            taken.Add(first.Taken - at);
            served.Add(first.Served - at);
        }
        double total = double.Parse(read.Groups[3].Value);
        var progress = ThroughputChart.Parse(log, "diskreader");
        // diskreader's total runs from before the first open to just
        // after the last MiB's line.
        long origin = progress.Count == 0 ? 0 : progress[^1].Tsc - (long)total;
        string period = killer == null ? "" : (int.Parse(killer.Split(' ')[0]) / 1000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
        string name = killer == null ? "undisturbed" : (update ? "live-updated every " : "killed every ") + period;
        string chart = ThroughputChart.Write(chartDirectory, "disk-ata-" + (killer == null ? "undisturbed" : killer.Replace(' ', '-')),
            ThroughputChart.Svg($"{FileMiB} MiB x {Passes} through VFS+FS+ata, ata {name}", ThroughputChart.Bins(progress, origin, 0.5), 0.5,
                events.Select(e => (e - origin) / 1e9).ToList(), update ? "ata updated" : "ata killed"));
        // The serial log beside its picture: what the figures came from.
        File.WriteAllText(Path.ChangeExtension(chart, ".log"), log);
        Console.Error.WriteLine($"bench: ata {name}: {total / 1e9:0.000} s guest, {events.Count} {(update ? "updates" : "kills")}; chart {chart}");
        return new Run(total, events.Count, taken, served, chart);
    }

    private static List<long> Numbers(string log, string pattern) =>
        Regex.Matches(log, pattern, RegexOptions.Multiline).Select(m => long.Parse(m.Groups[1].Value)).ToList();
}
