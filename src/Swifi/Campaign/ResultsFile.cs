using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Swifi.Campaign;

// results.csv: one row per trial, appended as guests finish, so a campaign
// stopped at any point (Ctrl-C, a reboot of the host) resumes where it was.
// A row cut short by the stop is ignored and its trial runs again.
public static class ResultsFile
{
    public const string FileName = "results.csv";
    public const string Header = "driver,trial,type,faults,outcome,boot,detail";

    public static void Append(string path, IEnumerable<TrialResult> results)
    {
        var text = new StringBuilder();
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            text.Append(Header).Append('\n');
        foreach (TrialResult r in results)
        {
            text.Append(r.Driver).Append(',').Append(r.Trial.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.Type).Append(',')
                .Append(r.Faults.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Outcomes.Name(r.Outcome)).Append(',').Append(r.Boot).Append(',')
                .Append('"').Append(r.Detail.Replace("\"", "'").Replace('\n', ' ')).Append('"').Append('\n');
        }
        File.AppendAllText(path, text.ToString());
    }

    public static List<TrialResult> Read(string path)
    {
        var results = new List<TrialResult>();
        if (!File.Exists(path))
            return results;
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(',', 7);
            if (fields.Length < 7 || line == Header || !line.EndsWith('"')
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out long trial)
                || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out int faults)
                || !Outcomes.TryParse(fields[4], out Outcome outcome))
                continue;
            results.Add(new TrialResult(fields[0], trial, fields[2], faults, outcome, fields[6].Trim('"'), fields[5]));
        }
        return results;
    }
}
