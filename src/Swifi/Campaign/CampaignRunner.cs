using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Minix3.Cosmos.Swifi.Mutation;

namespace Minix3.Cosmos.Swifi.Campaign;

// Runs a campaign: the trials its spec defines up to `faults` faults, less
// those results.csv already holds, in guests of TrialsPerBoot trials each,
// Parallel guests side by side. A guest that ends in a system failure
// records it against the trial under way; its remaining trials go to a new
// guest. Progress goes to settings.Progress as guests finish.
public static class CampaignRunner
{
    public sealed record Report(IReadOnlyList<TrialResult> All, int FaultsThisRun, TimeSpan Wall, IReadOnlyList<DiskDamage> DiskChecks, IReadOnlyList<string> FailureLogs);

    private sealed record Chunk(string Driver, List<PlanFile.Trial> Trials);

    public static Report Run(CampaignSpec spec, long faults, CampaignSettings settings)
    {
        Directory.CreateDirectory(settings.CampaignDirectory);
        string specPath = Path.Combine(settings.CampaignDirectory, CampaignSpec.FileName);
        if (File.Exists(specPath))
        {
            CampaignSpec saved = CampaignSpec.Parse(File.ReadAllText(specPath), specPath);
            if (!saved.SameAs(spec))
                throw new InvalidOperationException($"{settings.CampaignDirectory} holds another campaign ({specPath}):\n{saved.Text()}asked for:\n{spec.Text()}Use another directory, or the same drivers, types, batch and seed.");
        }
        else
        {
            File.WriteAllText(specPath, spec.Text());
        }
        string resultsPath = Path.Combine(settings.CampaignDirectory, ResultsFile.FileName);
        var done = new HashSet<(string, long)>(ResultsFile.Read(resultsPath).Select(r => (r.Driver, r.Trial)));
        var codes = spec.Drivers.ToDictionary(d => d, d => DriverCode.Load(Path.Combine(settings.TestImage.BootDirectory, d), d));

        var queue = new LinkedList<Chunk>(Chunks(spec, faults, settings.TrialsPerBoot, codes, done));
        long total = queue.Sum(c => c.Trials.Sum(t => (long)t.Faults.Length));
        byte[] served = new byte[PlanFile.ServedBytes];
        new Random(0x5F1F1).NextBytes(served);
        ulong servedFnv = PlanFile.Fnv1a64(served);

        var lockObject = new object();
        var diskChecks = new List<DiskDamage>();
        var failureLogs = new List<string>();
        int faultsRun = 0, boots = 0, systemFailures = 0;
        Exception? fatal = null;
        var wall = Stopwatch.StartNew();
        settings.Progress?.WriteLine($"swifi: {total} faults to run ({done.Count} trials done before) over {string.Join(", ", spec.Drivers)}; {settings.Parallel} guests side by side; results in {resultsPath}");

        void Worker()
        {
            while (true)
            {
                Chunk chunk;
                string bootName;
                lock (lockObject)
                {
                    if (queue.Count == 0 || fatal != null)
                        return;
                    chunk = queue.First!.Value;
                    queue.RemoveFirst();
                    bootName = $"{chunk.Driver}-{chunk.Trials[0].Id}-{Guid.NewGuid().ToString("N")[..6]}";
                }
                GuestRun.Result result;
                try
                {
                    result = GuestRun.Run(settings, chunk.Driver, chunk.Trials, bootName, served, servedFnv);
                }
                catch (Exception e)
                {
                    lock (lockObject)
                        fatal ??= e;
                    return;
                }
                DiskDamage? damage = chunk.Driver == "ata"
                    ? settings.InspectDisk(result.DiskPath, new Dictionary<string, byte[]> { [PlanFile.DiskFile] = settings.DiskPattern })
                    : null;
                lock (lockObject)
                {
                    ResultsFile.Append(resultsPath, result.Trials);
                    boots++;
                    int ran = result.Trials.Sum(t => t.Faults);
                    faultsRun += ran;
                    if (damage != null)
                        diskChecks.Add(damage);
                    if (settings.KeepLogs)
                    {
                        Directory.CreateDirectory(Path.Combine(settings.CampaignDirectory, "logs"));
                        File.WriteAllText(Path.Combine(settings.CampaignDirectory, "logs", bootName + ".log"), result.SerialLog);
                    }
                    if (result.Failure != null)
                    {
                        systemFailures++;
                        string saved = Path.Combine(settings.CampaignDirectory, "failures", bootName + ".log");
                        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
                        File.WriteAllText(saved, result.SerialLog);
                        failureLogs.Add(saved);
                        var rest = chunk.Trials.Skip(result.Trials.Count).ToList();
                        if (rest.Count > 0)
                            queue.AddFirst(new Chunk(chunk.Driver, rest));
                    }
                    double hours = wall.Elapsed.TotalHours;
                    settings.Progress?.WriteLine($"swifi: {faultsRun}/{total} faults ({100.0 * faultsRun / Math.Max(1, total):0.0}%), {boots} guests, "
                        + $"{faultsRun / Math.Max(hours, 1e-9):0} faults/h, system failures {systemFailures}; last: {chunk.Driver} trials {chunk.Trials[0].Id}.., {ran} faults"
                        + (result.Failure != null ? $"; SYSTEM FAILURE: {result.Failure} (log {failureLogs[^1]})" : ""));
                }
                try
                {
                    Directory.Delete(Path.Combine(settings.WorkDirectory, bootName), recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        var threads = Enumerable.Range(0, Math.Max(1, settings.Parallel)).Select(_ => new Thread(Worker) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (fatal != null)
            throw new InvalidOperationException("swifi: the campaign stopped: " + fatal.Message, fatal);
        return new Report(ResultsFile.Read(resultsPath), faultsRun, wall.Elapsed, diskChecks, failureLogs);
    }

    // Each driver's missing trials in chunks, the drivers taken in turn so
    // every driver's rows grow together.
    private static IEnumerable<Chunk> Chunks(CampaignSpec spec, long faults, int perBoot, Dictionary<string, DriverCode> codes, HashSet<(string, long)> done)
    {
        long trials = spec.TrialsPerDriver(faults);
        var perDriver = spec.Drivers.Select(driver =>
        {
            var list = new List<Chunk>();
            var current = new List<PlanFile.Trial>();
            for (long t = 0; t < trials; t++)
            {
                if (done.Contains((driver, t)))
                    continue;
                Fault[] made = spec.FaultsOf(codes[driver], t);
                current.Add(new PlanFile.Trial(t, FaultTypes.Name(made[0].Type), made));
                if (current.Count == perBoot)
                {
                    list.Add(new Chunk(driver, current));
                    current = new List<PlanFile.Trial>();
                }
            }
            if (current.Count > 0)
                list.Add(new Chunk(driver, current));
            return list;
        }).ToList();
        for (int i = 0; perDriver.Any(l => i < l.Count); i++)
        {
            foreach (List<Chunk> list in perDriver)
            {
                if (i < list.Count)
                    yield return list[i];
            }
        }
    }
}
