using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Build;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Build;

// The build prints one line per stage: counted and summed from the records
// the stage targets leave, only those of the current build.
public class StageSummaryTests
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("minix3-stages-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, true);

    private void Record(string name, string text, DateTime written)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text + "\n");
        File.SetLastWriteTimeUtc(path, written);
    }

    [Test]
    public void EachStageIsOneLineWithCountTotalAndLongestInBuildOrder()
    {
        var now = DateTime.UtcNow;
        Record("ld.Ds", "0.10", now);
        Record("ilc.Ds", "1.25", now);
        Record("ilc.Shell", "2.50", now);
        Record("ilc.Minix3.Cosmos.Kernel", "0.75", now);
        Record("csc.Ds", "1.00", now);

        var lines = StageSummary.Format(StageSummary.Read(_folder, now.AddSeconds(-1)).ToList()).ToList();

        Assert.That(lines, Is.EqualTo(new[]
        {
            "[csc] 1 project, 1.0 s (Ds)",
            "[ilc] 3 projects, 4.5 s (longest: Shell 2.5 s)",
            "[ld] 1 project, 0.1 s (Ds)",
        }));
    }

    [Test]
    public void RecordsOfAnEarlierBuildAreNotCounted()
    {
        var start = DateTime.UtcNow;
        Record("ilc.Old", "9.00", start.AddMinutes(-5));
        Record("ilc.New", "1.00", start.AddSeconds(1));

        var records = StageSummary.Read(_folder, start).ToList();

        Assert.That(records.Select(r => r.Component), Is.EqualTo(new[] { "New" }));
    }

    [Test]
    public void UnreadableRecordsAreSkippedNotFatal()
    {
        var now = DateTime.UtcNow;
        Record("ilc.Garbage", "soon", now);
        Record("nodot", "1.0", now);
        Record("ld.Comma", "0,50", now);

        var records = StageSummary.Read(_folder, now.AddSeconds(-1)).ToList();

        Assert.That(records, Has.Count.EqualTo(1));
        Assert.That(records[0].Seconds, Is.EqualTo(0.5));
    }

    [Test]
    public void TheVerbPrintsNothingForAFolderNotMadeYet()
    {
        var output = new StringWriter();
        int status = StageSummary.Run(new[] { "stages", DateTime.UtcNow.Ticks.ToString(), Path.Combine(_folder, "none") }, output, new StringWriter());

        Assert.That(status, Is.EqualTo(0));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public void ABadStartTimeIsAUsageError()
    {
        var error = new StringWriter();
        int status = StageSummary.Run(new[] { "stages", "yesterday", _folder }, new StringWriter(), error);

        Assert.That(status, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain("M3T003"));
    }
}
