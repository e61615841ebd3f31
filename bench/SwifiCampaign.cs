using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Boot;
using Minix3.Cosmos.Launcher;
using Minix3.Cosmos.Swifi.Campaign;
using Minix3.Cosmos.Swifi.Mutation;

namespace Minix3.Cosmos.Bench;

// `dotnet run --project bench -- swifi [--driver LABEL[,LABEL]] [--faults N]
// [--parallel P] [--batch B] [--types T,T] [--seed S] [--campaign DIR]
// [--keep-logs]`:
// a software-fault-injection campaign (src/Swifi): N faults (default
// 100,000) into the drivers (default all), P guests side by side (default
// 2), B faults per trial (default 1). Results go to DIR (default
// bench/out/swifi/campaign): results.csv, one row per trial, appended as
// guests finish, so the same command again resumes where it stopped (and
// a larger N extends it); table.csv and table.txt, the outcome table.
internal static class SwifiCampaign
{
    public static int Run(ImageLayout image, string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is int at && at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        long faults = long.Parse(Option("--faults") ?? "100000", CultureInfo.InvariantCulture);
        int parallel = int.Parse(Option("--parallel") ?? "2", CultureInfo.InvariantCulture);
        int batch = int.Parse(Option("--batch") ?? "1", CultureInfo.InvariantCulture);
        ulong seed = ulong.Parse(Option("--seed") ?? "2009", CultureInfo.InvariantCulture);
        string[] drivers = Option("--driver")?.Split(',') ?? CampaignSpec.AllDrivers;
        var types = new List<FaultType>();
        foreach (string name in Option("--types")?.Split(',') ?? CampaignSpec.AllTypes.Select(FaultTypes.Name).ToArray())
        {
            if (!FaultTypes.TryParse(name, out FaultType type))
            {
                Console.Error.WriteLine($"bench: unknown fault type '{name}'; known: {string.Join(", ", CampaignSpec.AllTypes.Select(FaultTypes.Name))}");
                return 2;
            }
            types.Add(type);
        }
        if (faults < 1 || parallel < 1 || batch < 1 || drivers.Any(d => !CampaignSpec.AllDrivers.Contains(d)))
        {
            Console.Error.WriteLine($"bench: swifi needs N, P, B >= 1 and drivers among {string.Join(", ", CampaignSpec.AllDrivers)}");
            return 2;
        }
        string directory = Path.GetFullPath(Option("--campaign") ?? Path.Combine(image.RepositoryRoot, "bench", "out", "swifi", "campaign"));
        var settings = new CampaignSettings
        {
            TestImage = image.WithOutput("iso/out/test"),
            MakeDisk = SwifiHostDisk.Make,
            InspectDisk = SwifiHostDisk.Inspect,
            CampaignDirectory = directory,
            Parallel = parallel,
            Progress = Console.Error,
            KeepLogs = Array.IndexOf(args, "--keep-logs") >= 0,
        };
        var spec = new CampaignSpec(drivers, types, batch, seed);
        CampaignRunner.Report report = CampaignRunner.Run(spec, faults, settings);
        var lines = OutcomeTable.Lines(report.All);
        string table = OutcomeTable.Text(lines);
        File.WriteAllText(Path.Combine(directory, "table.csv"), OutcomeTable.Csv(lines));
        File.WriteAllText(Path.Combine(directory, "table.txt"), table);
        Console.WriteLine(table);
        Console.WriteLine(OutcomeTable.AgainstDsn2009(lines[^1]));
        double hours = report.Wall.TotalHours;
        Console.WriteLine($"this run: {report.FaultsThisRun} faults in {report.Wall.TotalMinutes:0.0} min on {Environment.ProcessorCount} cores, {parallel} guests: {(hours > 0 ? report.FaultsThisRun / hours : 0):0} faults/hour");
        if (report.DiskChecks.Count > 0)
        {
            int unclean = report.DiskChecks.Count(d => !d.FsckClean), damaged = report.DiskChecks.Sum(d => d.FilesDamaged);
            Console.WriteLine($"ata's disk after each of {report.DiskChecks.Count} guests: fsck.fat -n found damage {unclean} times; files the workload never writes damaged: {damaged} of {report.DiskChecks.Sum(d => d.FilesChecked)}");
        }
        foreach (string log in report.FailureLogs)
            Console.WriteLine("system failure log: " + log);
        Console.WriteLine($"results: {Path.Combine(directory, ResultsFile.FileName)}; table: {Path.Combine(directory, "table.csv")}");
        return lines[^1].Counts[Outcome.SystemFailure] == 0 ? 0 : 1;
    }
}
