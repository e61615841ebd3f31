using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Minix3.Cosmos.Swifi.Campaign;

// The campaign's table: per driver and fault type, how many faults had
// each outcome (a trial's outcome counts for every fault of its batch),
// with totals; printed as text and written as CSV.
public static class OutcomeTable
{
    // DSN 2009 (Herder et al., "Fault isolation for device drivers"), as
    // issue 18 states it: 3,400,000 faults into four Ethernet drivers, no
    // crash of the OS, one hang.
    public const long Dsn2009Faults = 3_400_000;
    public const long Dsn2009SystemFailures = 1;

    public sealed record Line(string Driver, string Type, long Trials, long Faults, Dictionary<Outcome, long> Counts, long CampaignErrors);

    public static List<Line> Lines(IEnumerable<TrialResult> results)
    {
        var lines = new List<Line>();
        foreach (var group in results.GroupBy(r => (r.Driver, r.Type)).OrderBy(g => g.Key.Driver, StringComparer.Ordinal).ThenBy(g => g.Key.Type, StringComparer.Ordinal))
            lines.Add(Count(group.Key.Driver, group.Key.Type, group));
        foreach (var group in results.GroupBy(r => r.Driver).OrderBy(g => g.Key, StringComparer.Ordinal))
            lines.Add(Count(group.Key, "all", group));
        lines.Add(Count("all", "all", results));
        return lines;
    }

    private static Line Count(string driver, string type, IEnumerable<TrialResult> results)
    {
        var counts = Outcomes.Columns.ToDictionary(o => o, _ => 0L);
        long trials = 0, faults = 0, errors = 0;
        foreach (TrialResult r in results)
        {
            if (r.Outcome is Outcome.Mismatch or Outcome.Refused)
            {
                errors += r.Faults;
                continue;
            }
            trials++;
            faults += r.Faults;
            counts[r.Outcome] += r.Faults;
        }
        return new Line(driver, type, trials, faults, counts, errors);
    }

    public static string Text(IReadOnlyList<Line> lines)
    {
        var text = new StringBuilder();
        string[] heads = new[] { "driver", "type", "faults" }.Concat(Outcomes.Columns.Select(Outcomes.Name)).Append("errors").ToArray();
        text.Append("| ").Append(string.Join(" | ", heads)).Append(" |\n");
        text.Append('|').Append(string.Join("|", heads.Select(h => new string('-', h.Length + 2)))).Append("|\n");
        foreach (Line line in lines)
        {
            var cells = new List<string> { line.Driver, line.Type, line.Faults.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(Outcomes.Columns.Select(o => Cell(line.Counts[o], line.Faults)));
            cells.Add(line.CampaignErrors.ToString(CultureInfo.InvariantCulture));
            text.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        }
        return text.ToString();
    }

    // "count (percent)", the percent of the row's faults.
    private static string Cell(long count, long faults) =>
        count == 0 ? "0" : $"{count.ToString(CultureInfo.InvariantCulture)} ({(100.0 * count / faults).ToString("0.0", CultureInfo.InvariantCulture)}%)";

    public static string Csv(IReadOnlyList<Line> lines)
    {
        var text = new StringBuilder();
        text.Append("driver,type,trials,faults,").Append(string.Join(",", Outcomes.Columns.Select(Outcomes.Name))).Append(",campaign_errors\n");
        foreach (Line line in lines)
        {
            text.Append(line.Driver).Append(',').Append(line.Type).Append(',').Append(line.Trials.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(line.Faults.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(string.Join(",", Outcomes.Columns.Select(o => line.Counts[o].ToString(CultureInfo.InvariantCulture)))).Append(',')
                .Append(line.CampaignErrors.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    // System failures per million faults, ours and DSN 2009's.
    public static string AgainstDsn2009(Line total) =>
        $"system failures: {total.Counts[Outcome.SystemFailure]} in {total.Faults} faults ({PerMillion(total.Counts[Outcome.SystemFailure], total.Faults)} per million); "
        + $"DSN 2009: {Dsn2009SystemFailures} in {Dsn2009Faults} ({PerMillion(Dsn2009SystemFailures, Dsn2009Faults)} per million)";

    private static string PerMillion(long count, long faults) =>
        faults == 0 ? "-" : (1e6 * count / faults).ToString("0.00", CultureInfo.InvariantCulture);
}
