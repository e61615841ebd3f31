using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Swifi.Campaign;
using Minix3.Cosmos.Swifi.Mutation;
using NUnit.Framework;

namespace Minix3.Cosmos.Boot;

// Software fault injection at scale, in CI: 2,000 faults mutating the code
// of every driver class the kit ships, every fault type, while the agent's
// workloads check every result (src/Swifi, bench/Components/SwifiAgent).
// The drivers may fail in any way; the system may not: no kernel panic, no
// core server lost, no hung VM or waiting process, every other driver still
// serving after each trial. The bench runs the same campaign at 100,000.
[TestFixture]
public class SwifiCampaignTests
{
    // Asked for: a batch of a type with few sites (irq: a driver's one to
    // three re-enables) holds fewer faults, so more is asked than must run.
    private const long Faults = 2300;
    private const long AtLeast = 2000;
    private const int Batch = 10;
    private const ulong Seed = 18;

    [Test]
    public void TwoThousandFaultsAcrossTheDriversCauseNoSystemFailure()
    {
        string directory = Path.Combine(Path.GetTempPath(), "minix3-swifi-test-" + Guid.NewGuid().ToString("N")[..8]);
        var spec = new CampaignSpec(CampaignSpec.AllDrivers, CampaignSpec.AllTypes, Batch, Seed);
        var progress = new StringWriter();
        var settings = new CampaignSettings
        {
            TestImage = GuestRun.TestImage,
            MakeDisk = SwifiHostDisk.Make,
            InspectDisk = SwifiHostDisk.Inspect,
            CampaignDirectory = directory,
            WorkDirectory = Path.Combine(directory, "work"),
            Parallel = 2,
            // One guest per driver.
            TrialsPerBoot = (int)spec.TrialsPerDriver(Faults),
            Progress = progress,
        };
        try
        {
            CampaignRunner.Report report = CampaignRunner.Run(spec, Faults, settings);
            var lines = OutcomeTable.Lines(report.All);
            string table = OutcomeTable.Text(lines);
            TestContext.Out.WriteLine(progress.ToString());
            TestContext.Out.WriteLine(table);
            OutcomeTable.Line total = lines[^1];
            var failures = report.All.Where(r => r.Outcome == Outcome.SystemFailure).ToList();
            string logs = string.Join("\n", report.FailureLogs.Select(f => $"--- {f}\n{Tail(File.ReadAllText(f))}"));
            Assert.That(failures, Is.Empty, "system failures:\n" + string.Join("\n", failures.Select(f => $"{f.Driver} trial {f.Trial} ({f.Type}): {f.Detail}")) + "\n" + table + logs);
            Assert.That(total.Trials, Is.EqualTo(spec.TrialsPerDriver(Faults) * CampaignSpec.AllDrivers.Length), "every trial ran:\n" + table);
            Assert.That(total.Faults, Is.GreaterThanOrEqualTo(AtLeast), "at least 2,000 faults:\n" + table);
            Assert.That(total.CampaignErrors, Is.Zero, "the plans match the images' code (no mismatch, no refusal):\n" + table);
            foreach (string driver in CampaignSpec.AllDrivers)
                Assert.That(lines.Single(l => l.Driver == driver && l.Type == "all").Trials, Is.EqualTo(spec.TrialsPerDriver(Faults)), driver + " had its share:\n" + table);
            // Real faults: many change nothing (code the workload never runs),
            // and some make drivers fail, and RS recovers them.
            long visible = total.Faults - total.Counts[Outcome.None];
            Assert.That(total.Counts[Outcome.Crash], Is.GreaterThan(0), table);
            Assert.That(visible, Is.GreaterThan(total.Faults / 50), "at least 2% of the faults show: " + table);
            Assert.That(report.DiskChecks, Is.Not.Empty, "ata's disk was checked after its guest");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;
}
