using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Build;

// One line per build stage instead of one per component per stage.
// Each stage target of a bare-metal project (src/Build/*.targets) writes,
// when the stage runs, one file into the checkout's stage-record folder:
// named <stage>.<project>, holding the seconds it took. The image project
// asks this verb, at its end, for the stages that ran since it began:
//   stages <since-utc-ticks> <record-folder>
// and prints e.g. "[ilc] 53 projects, 31.4 s (longest: Shell 6.9 s)".
// Records older than the build are an earlier build's and are ignored.
public static class StageSummary
{
    public const string Usage = "Minix3.Cosmos.BuildTool stages <since-utc-ticks> <record-folder>";

    // The order stages run in, so the lines read as the build went.
    private static readonly string[] StageOrder = { "csc", "ilc", "asm", "ld" };

    public static bool Matches(string[] args) => args.Length == 3 && args[0] == "stages";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (!long.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
        {
            error.WriteLine($"error M3T003: stages: '{args[1]}' is not a time in UTC ticks");
            return 2;
        }
        var since = new DateTime(ticks, DateTimeKind.Utc);
        var records = new List<StageRecord>(Read(args[2], since));
        foreach (string line in Format(records))
            output.WriteLine(line);
        return 0;
    }

    public readonly record struct StageRecord(string Stage, string Component, double Seconds);

    // The records of this build. A record that cannot be read as seconds is
    // skipped: a summary must not fail a build that succeeded.
    public static IEnumerable<StageRecord> Read(string folder, DateTime since)
    {
        if (!Directory.Exists(folder))
            yield break;
        foreach (string file in Directory.GetFiles(folder))
        {
            string name = Path.GetFileName(file);
            int dot = name.IndexOf('.');
            if (dot <= 0 || dot == name.Length - 1 || File.GetLastWriteTimeUtc(file) < since)
                continue;
            string text = File.ReadAllText(file).Trim().Replace(',', '.');
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                yield return new StageRecord(name[..dot], name[(dot + 1)..], seconds);
        }
    }

    public static IEnumerable<string> Format(IReadOnlyList<StageRecord> records)
    {
        var stages = new List<string>(StageOrder);
        foreach (var record in records)
        {
            if (!stages.Contains(record.Stage))
                stages.Add(record.Stage);
        }
        foreach (string stage in stages)
        {
            int count = 0;
            double total = 0;
            StageRecord longest = default;
            foreach (var record in records)
            {
                if (record.Stage != stage)
                    continue;
                count++;
                total += record.Seconds;
                if (count == 1 || record.Seconds > longest.Seconds)
                    longest = record;
            }
            if (count == 0)
                continue;
            var line = new StringBuilder();
            line.Append(CultureInfo.InvariantCulture, $"[{stage}] {count} project{(count == 1 ? "" : "s")}, {total:0.0} s");
            if (count > 1)
                line.Append(CultureInfo.InvariantCulture, $" (longest: {longest.Component} {longest.Seconds:0.0} s)");
            else
                line.Append(CultureInfo.InvariantCulture, $" ({longest.Component})");
            yield return line.ToString();
        }
    }
}
