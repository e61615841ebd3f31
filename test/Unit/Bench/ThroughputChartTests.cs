using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml;
using Minix3.Cosmos.Bench;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Bench;

// The bench's pictures (bench/ThroughputChart.cs): progress lines read
// from a serial log, throughput per bin from them, and the SVG drawn from
// both, read back with System.Xml.
[TestFixture]
public class ThroughputChartTests
{
    // One MiB every 0.1 s of guest time from an origin at 1 s of tsc.
    private static string SteadyLog(int mib, long originTsc, long nsPerMiB, string reader = "netreader")
    {
        var lines = new List<string> { $"[{reader}] {reader}: fetching http://10.0.2.100/big.bin 1 times" };
        for (int i = 1; i <= mib; i++)
            lines.Add($"[{reader}] {reader}: {i} MiB at {originTsc + i * nsPerMiB} tsc");
        return string.Join("\n", lines) + "\n";
    }

    [Test]
    public void ProgressLinesAreReadInOrderAndOnlyTheReadersOwn()
    {
        string log = "[diskreader] diskreader: 1 MiB at 100 tsc\r\n"
            + "[killer] killer: killed ata at 150 tsc\n"
            + "[diskreader] diskreader: 2 MiB at 200 tsc\n"
            + "[netreader] netreader: 9 MiB at 300 tsc\n"
            + "[diskreader] diskreader: pass 1 of 2: 250 tsc\n"
            + "[diskreader] diskreader: 3 MiB at 400 tsc trailing\n";
        var points = ThroughputChart.Parse(log, "diskreader");
        Assert.That(points, Is.EqualTo(new[] { new ThroughputChart.Progress(1, 100), new ThroughputChart.Progress(2, 200) }));
        Assert.That(ThroughputChart.Parse(log, "netreader"), Is.EqualTo(new[] { new ThroughputChart.Progress(9, 300) }));
    }

    [Test]
    public void SteadyProgressGivesFlatBins()
    {
        // 10 MiB/s for 5 s: ten bins of 0.5 s at 10 MiB/s each.
        var points = ThroughputChart.Parse(SteadyLog(50, 1_000_000_000, 100_000_000), "netreader");
        double[] bins = ThroughputChart.Bins(points, 1_000_000_000, 0.5);
        Assert.That(bins, Has.Length.EqualTo(10));
        Assert.That(bins, Has.All.EqualTo(10.0).Within(1e-9));
    }

    [Test]
    public void AStallShowsAsADipAndTheRateBeforeAndAfter()
    {
        // 20 MiB/s for 1 s, nothing for 1 s (a driver restarting), then
        // 20 MiB/s again for 1 s: bins of 0.5 s read 20, 20, 0, 0, 20, 20.
        long origin = 5_000_000_000;
        var points = new List<ThroughputChart.Progress>();
        for (int i = 1; i <= 20; i++)
            points.Add(new(i, origin + i * 50_000_000L));
        for (int i = 21; i <= 40; i++)
            points.Add(new(i, origin + 2_000_000_000L + (i - 20) * 50_000_000L));
        double[] bins = ThroughputChart.Bins(points, origin, 0.5);
        Assert.That(bins, Has.Length.EqualTo(6));
        // Between 1 s and 2 s nothing is read, but the MiB that ends the
        // stall (line at 2.05 s) is spread over the gap from 1 s: the bins
        // show 0.5 MiB over 1.05 s, not exactly zero.
        Assert.That(bins[0], Is.EqualTo(20).Within(1e-9));
        Assert.That(bins[1], Is.EqualTo(20).Within(1e-9));
        Assert.That(bins[2], Is.LessThan(1));
        Assert.That(bins[3], Is.LessThan(1));
        // 2.0-2.5 s: the first MiB after the stall counts only its part
        // after 2.0 s (1/1.05 of it came before): 18.1 MiB/s.
        Assert.That(bins[4], Is.EqualTo((30 - (20 + 1 / 1.05)) / 0.5).Within(1e-9));
        Assert.That(bins[5], Is.EqualTo(20).Within(1e-9));
        Assert.That(bins.Sum() * 0.5, Is.EqualTo(40).Within(1e-9), "every MiB is in some bin");
    }

    [Test]
    public void CumulativeMiBIsInterpolatedBetweenLines()
    {
        var points = new[] { new ThroughputChart.Progress(1, 1000), new ThroughputChart.Progress(3, 3000) };
        Assert.That(ThroughputChart.MiBAt(points, 0, 0), Is.EqualTo(0));
        Assert.That(ThroughputChart.MiBAt(points, 0, 500e-9), Is.EqualTo(0.5).Within(1e-9));
        Assert.That(ThroughputChart.MiBAt(points, 0, 2000e-9), Is.EqualTo(2).Within(1e-9));
        Assert.That(ThroughputChart.MiBAt(points, 0, 9000e-9), Is.EqualTo(3), "after the last line: all of it");
        Assert.That(ThroughputChart.Bins(Array.Empty<ThroughputChart.Progress>(), 0, 0.5), Is.Empty);
    }

    [Test]
    public void TickStepsAreOneTwoOrFiveTimesAPowerOfTen()
    {
        Assert.That(ThroughputChart.NiceStep(100, 10), Is.EqualTo(10));
        Assert.That(ThroughputChart.NiceStep(93, 10), Is.EqualTo(10));
        Assert.That(ThroughputChart.NiceStep(130, 10), Is.EqualTo(20));
        Assert.That(ThroughputChart.NiceStep(3, 6), Is.EqualTo(0.5));
        Assert.That(ThroughputChart.NiceStep(45, 6), Is.EqualTo(10));
    }

    [Test]
    public void TheSvgIsWellFormedWithTitleAxesLegendAndOneMarkerPerEvent()
    {
        var points = ThroughputChart.Parse(SteadyLog(300, 0, 100_000_000), "netreader");
        double[] bins = ThroughputChart.Bins(points, 0, 0.5);
        double[] kills = { 4, 8, 12.5, 16, 20, 24, 28 };
        string svg = ThroughputChart.Svg("e1000 killed every 4 s <512 MiB x 3>", bins, 0.5, kills, "e1000 killed");
        var document = new XmlDocument();
        document.LoadXml(svg);  // throws if not well-formed
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.That(document.DocumentElement!.LocalName, Is.EqualTo("svg"));
        Assert.That(document.SelectSingleNode("//s:text[@class='title']", ns)!.InnerText, Is.EqualTo("e1000 killed every 4 s <512 MiB x 3>"), "escaped and read back");
        Assert.That(document.SelectSingleNode("//s:text[@class='xlabel']", ns)!.InnerText, Does.Contain("guest time"));
        Assert.That(document.SelectSingleNode("//s:text[@class='ylabel']", ns)!.InnerText, Does.Contain("MiB/s"));
        Assert.That(document.SelectNodes("//s:text[@class='legend']", ns)!.Cast<XmlNode>().Select(n => n.InnerText), Is.EquivalentTo(new[] { "throughput", "e1000 killed (7)" }));
        Assert.That(document.SelectNodes("//s:path[@class='throughput']", ns)!.Count, Is.EqualTo(1));

        // Markers at the right x: read the x axis's scale from its own tick
        // labels (0 and the last), then place each kill on it.
        var xticks = document.SelectNodes("//s:text[@class='xtick']", ns)!.Cast<XmlElement>()
            .Select(e => (Value: double.Parse(e.InnerText, CultureInfo.InvariantCulture), X: double.Parse(e.GetAttribute("x"), CultureInfo.InvariantCulture))).ToList();
        Assert.That(xticks.Count, Is.GreaterThanOrEqualTo(3));
        Assert.That(xticks[0].Value, Is.EqualTo(0));
        Assert.That(xticks.Last().Value, Is.GreaterThanOrEqualTo(30), "the axis covers the 30 s of the run");
        double scale = (xticks.Last().X - xticks[0].X) / xticks.Last().Value;
        var markers = document.SelectNodes("//s:line[@class='event']", ns)!.Cast<XmlElement>().ToList();
        Assert.That(markers, Has.Count.EqualTo(kills.Length));
        for (int i = 0; i < kills.Length; i++)
        {
            double x = double.Parse(markers[i].GetAttribute("x1"), CultureInfo.InvariantCulture);
            Assert.That(x, Is.EqualTo(xticks[0].X + kills[i] * scale).Within(0.02), $"kill at {kills[i]} s");
            Assert.That(markers[i].GetAttribute("x2"), Is.EqualTo(markers[i].GetAttribute("x1")), "vertical");
        }

        // The curve: flat at 10 MiB/s, on the y axis's scale read the same way.
        var yticks = document.SelectNodes("//s:text[@class='ytick']", ns)!.Cast<XmlElement>()
            .Select(e => (Value: double.Parse(e.InnerText, CultureInfo.InvariantCulture), Y: double.Parse(e.GetAttribute("y"), CultureInfo.InvariantCulture) - 4)).ToList();
        double yScale = (yticks.Last().Y - yticks[0].Y) / yticks.Last().Value;
        double expectedY = yticks[0].Y + 10 * yScale;
        string d = document.SelectSingleNode("//s:path[@class='throughput']", ns)!.Attributes!["d"]!.Value;
        var ys = d.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        Assert.That(ys, Has.Count.EqualTo(2 * bins.Length));
        Assert.That(ys, Has.All.EqualTo(expectedY).Within(0.02));
    }

    [Test]
    public void ASavedLogIsRedrawnWithTheKillsDuringTheTransferOnly()
    {
        // Kills at 0.5 s before the transfer (netreader waiting for its
        // lease), at 2 s and 3 s into it; the total says it began at 10 s.
        string log = SteadyLog(40, 10_000_000_000, 100_000_000)
            + "[killer] killer: killed e1000 at 9500000000 tsc\n[killer] killer: killed e1000 at 12000000000 tsc\n"
            + "[killer] killer: killed e1000 at 13000000000 tsc\n[netreader] netreader: read 41943040 bytes, fnv 0123456789abcdef, 4000000000 tsc\n";
        var document = new XmlDocument();
        document.LoadXml(ThroughputChart.FromLog(log, "redrawn"));
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.That(document.SelectNodes("//s:line[@class='event']", ns)!.Count, Is.EqualTo(2));
        Assert.That(document.SelectNodes("//s:text[@class='legend']", ns)!.Cast<XmlNode>().Select(n => n.InnerText), Does.Contain("e1000 killed (2)"));
    }

    [Test]
    public void ARunWithoutProgressStillDrawsAnEmptyChart()
    {
        string svg = ThroughputChart.Svg("nothing", Array.Empty<double>(), 0.5, Array.Empty<double>(), "ata killed");
        var document = new XmlDocument();
        document.LoadXml(svg);
        Assert.That(document.DocumentElement!.LocalName, Is.EqualTo("svg"));
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.That(document.SelectNodes("//s:text[@class='legend']", ns)!.Cast<XmlNode>().Select(n => n.InnerText), Is.EqualTo(new[] { "throughput" }), "no marker entry without events");
    }
}
