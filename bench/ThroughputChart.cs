using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace Minix3.Cosmos.Bench;

// One crash experiment's run as a picture: the throughput over guest time
// (MiB per second of guest time, in bins), with every kill or live update
// marked by a vertical line, so a reader sees the dips and the recovery.
// The data are the progress lines a guest reader prints each MiB
// ("diskreader: 12 MiB at 123456789 tsc", netreader likewise; under
// -icount 1 tsc = 1 ns) and the killer's time stamps. The SVG is written
// by hand: a title, both axes with ticks and labels, the curve, the
// markers and a legend; nothing to install, nothing to call.
// test/Unit/Bench/ThroughputChartTests.cs checks the parsing, the bins and
// the drawing.
internal static class ThroughputChart
{
    // A progress line: cumulative MiB read, and the time stamp counter then.
    public readonly record struct Progress(long MiB, long Tsc);

    // "[netreader] netreader: 3 MiB at 123 tsc" -> (3, 123), in the log's
    // order; `reader` is the component's name ("diskreader", "netreader").
    public static List<Progress> Parse(string log, string reader)
    {
        var points = new List<Progress>();
        foreach (Match m in Regex.Matches(log, $@"(?m)^(?:\[{Regex.Escape(reader)}\] )?{Regex.Escape(reader)}: (\d+) MiB at (\d+) tsc\r?$"))
            points.Add(new Progress(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        return points;
    }

    // Throughput per bin of `binSeconds` from `originTsc` on: the MiB read
    // within each bin over its length. The cumulative MiB between two
    // progress lines is taken as growing evenly (a line per MiB: at most a
    // MiB's worth of error at a bin's edge), from 0 MiB at the origin; the
    // last bin ends at the last line (its rate is over its covered part).
    public static double[] Bins(IReadOnlyList<Progress> points, long originTsc, double binSeconds)
    {
        if (points.Count == 0 || binSeconds <= 0)
            return Array.Empty<double>();
        double end = (points[points.Count - 1].Tsc - originTsc) / 1e9;
        int count = Math.Max(1, (int)Math.Ceiling(end / binSeconds - 1e-9));
        var bins = new double[count];
        for (int i = 0; i < count; i++)
        {
            double from = i * binSeconds, to = Math.Min((i + 1) * binSeconds, end);
            bins[i] = to > from ? (MiBAt(points, originTsc, to) - MiBAt(points, originTsc, from)) / (to - from) : 0;
        }
        return bins;
    }

    // The picture of a saved serial log (`bench -- chart LOG`): the reader
    // that printed progress lines, the killer's kills or updates during
    // the transfer, the origin from the reader's total ("read B bytes,
    // fnv X, T tsc": T from the start to just after the last MiB's line).
    public static string FromLog(string log, string title)
    {
        string reader = Parse(log, "netreader").Count > 0 ? "netreader" : "diskreader";
        var points = Parse(log, reader);
        Match total = Regex.Match(log, $@"(?m){reader}: read \d+ bytes, fnv [0-9a-f]+, (\d+) tsc\r?$");
        long origin = points.Count == 0 ? 0 : total.Success ? points[^1].Tsc - long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : points[0].Tsc;
        bool update = Regex.IsMatch(log, @"killer: update of \S+ asked at");
        var events = new List<double>();
        string target = "driver";
        foreach (Match m in Regex.Matches(log, @"(?m)killer: (?:killed (\S+) at|update of (\S+) asked at) (\d+) tsc(?:: status 0)?\r?$"))
        {
            target = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            double at = (long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) - origin) / 1e9;
            if (points.Count > 0 && at >= 0 && at <= (points[^1].Tsc - origin) / 1e9)
                events.Add(at);
        }
        return Svg(title, Bins(points, origin, 0.5), 0.5, events, $"{target} {(update ? "updated" : "killed")}");
    }

    // Cumulative MiB at `seconds` after the origin, between the lines around it.
    public static double MiBAt(IReadOnlyList<Progress> points, long originTsc, double seconds)
    {
        double t = originTsc + seconds * 1e9;
        double previousTsc = originTsc, previousMiB = 0;
        foreach (Progress p in points)
        {
            if (p.Tsc >= t)
            {
                double span = p.Tsc - previousTsc;
                return span <= 0 ? p.MiB : previousMiB + (p.MiB - previousMiB) * (t - previousTsc) / span;
            }
            previousTsc = p.Tsc;
            previousMiB = p.MiB;
        }
        return previousMiB;
    }

    // The picture's frame (user units of the SVG's viewBox).
    private const double Width = 900, Height = 420;
    private const double Left = 70, Right = 20, Top = 66, Bottom = 60;
    private const double PlotWidth = Width - Left - Right, PlotHeight = Height - Top - Bottom;

    // The SVG of one run: `bins` (MiB/s) of `binSeconds` each, events
    // (kills or updates) at `eventSeconds` after the origin, named in the
    // legend by `eventName` ("ata killed", "e1000 updated").
    public static string Svg(string title, double[] bins, double binSeconds, IReadOnlyList<double> eventSeconds, string eventName)
    {
        double duration = Math.Max(bins.Length * binSeconds, binSeconds);
        foreach (double e in eventSeconds)
            duration = Math.Max(duration, e);
        double top = 0;
        foreach (double b in bins)
            top = Math.Max(top, b);
        double xStep = NiceStep(duration, 10), yStep = NiceStep(top <= 0 ? 1 : top, 6);
        double xMax = Math.Ceiling(duration / xStep - 1e-9) * xStep;
        double yMax = Math.Ceiling((top <= 0 ? 1 : top) * 1.05 / yStep) * yStep;
        double X(double s) => Left + s / xMax * PlotWidth;
        double Y(double v) => Top + PlotHeight - v / yMax * PlotHeight;

        var s = new StringBuilder();
        s.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        s.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        s.Append(Invariant($"<text class=\"title\" x=\"{Width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n"));
        // Grid and ticks.
        for (double v = 0; v <= yMax + yStep / 2; v += yStep)
        {
            s.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(v):0.##}\" x2=\"{Left + PlotWidth}\" y2=\"{Y(v):0.##}\" stroke=\"#e4e4e4\"/>\n"));
            s.Append(Invariant($"<text class=\"ytick\" x=\"{Left - 6}\" y=\"{Y(v) + 4:0.##}\" text-anchor=\"end\">{Number(v)}</text>\n"));
        }
        for (double t = 0; t <= xMax + xStep / 2; t += xStep)
        {
            s.Append(Invariant($"<line x1=\"{X(t):0.##}\" y1=\"{Top + PlotHeight}\" x2=\"{X(t):0.##}\" y2=\"{Top + PlotHeight + 5}\" stroke=\"black\"/>\n"));
            s.Append(Invariant($"<text class=\"xtick\" x=\"{X(t):0.##}\" y=\"{Top + PlotHeight + 19}\" text-anchor=\"middle\">{Number(t)}</text>\n"));
        }
        // Axes and their labels.
        s.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + PlotHeight}\" stroke=\"black\"/>\n"));
        s.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top + PlotHeight}\" x2=\"{Left + PlotWidth}\" y2=\"{Top + PlotHeight}\" stroke=\"black\"/>\n"));
        s.Append(Invariant($"<text class=\"xlabel\" x=\"{Left + PlotWidth / 2}\" y=\"{Height - 14}\" text-anchor=\"middle\">guest time (s, QEMU -icount)</text>\n"));
        s.Append(Invariant($"<text class=\"ylabel\" x=\"18\" y=\"{Top + PlotHeight / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {Top + PlotHeight / 2})\">throughput (MiB/s of guest time, {Number(binSeconds)} s bins)</text>\n"));
        // The events under the curve, so the curve stays readable.
        foreach (double e in eventSeconds)
            s.Append(Invariant($"<line class=\"event\" x1=\"{X(e):0.##}\" y1=\"{Top}\" x2=\"{X(e):0.##}\" y2=\"{Top + PlotHeight}\" stroke=\"#d62728\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>\n"));
        // The curve: each bin a flat step (the mean over the bin).
        var path = new StringBuilder();
        for (int i = 0; i < bins.Length; i++)
            path.Append(Invariant($"{(i == 0 ? "M" : "L")}{X(i * binSeconds):0.##} {Y(bins[i]):0.##} L{X(Math.Min((i + 1) * binSeconds, xMax)):0.##} {Y(bins[i]):0.##} "));
        if (bins.Length > 0)
            s.Append($"<path class=\"throughput\" d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n");
        // Legend, in a row between the title and the plot (inside, it
        // would hide the curve at its usual height); no marker entry for
        // a run without events.
        double ly = Top - 16;
        s.Append(Invariant($"<line x1=\"{Left}\" y1=\"{ly - 4}\" x2=\"{Left + 24}\" y2=\"{ly - 4}\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n"));
        s.Append(Invariant($"<text class=\"legend\" x=\"{Left + 30}\" y=\"{ly}\">throughput</text>\n"));
        if (eventSeconds.Count > 0)
        {
            s.Append(Invariant($"<line x1=\"{Left + 130}\" y1=\"{ly - 4}\" x2=\"{Left + 154}\" y2=\"{ly - 4}\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>\n"));
            s.Append(Invariant($"<text class=\"legend\" x=\"{Left + 160}\" y=\"{ly}\">{Escape(eventName)} ({eventSeconds.Count})</text>\n"));
        }
        s.Append("</svg>\n");
        return s.ToString();
    }

    // Writes `svg` as `name`.svg in `directory` (made if missing); its path.
    public static string Write(string directory, string name, string svg)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".svg");
        File.WriteAllText(path, svg);
        return path;
    }

    // A tick step of 1, 2 or 5 times a power of ten giving at most about
    // `ticks` ticks over `range`.
    public static double NiceStep(double range, int ticks)
    {
        double raw = range / ticks;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (m * power >= raw)
                return m * power;
        }
        return 10 * power;
    }

    private static string Number(double v) => Math.Round(v, 6).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
