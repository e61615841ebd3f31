using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Swifi.Mutation;

namespace Minix3.Cosmos.Swifi.Campaign;

// What defines a campaign's faults: the drivers, the fault types (taken in
// turn, trial by trial), faults per trial and the seed. Trial t of a driver
// is the same faults whatever else ran, so a campaign grows by asking for
// more faults and resumes by skipping the trials its results file holds.
// The number of faults is not part of it: it only says how far to go.
public sealed record CampaignSpec(IReadOnlyList<string> Drivers, IReadOnlyList<FaultType> Types, int Batch, ulong Seed)
{
    public const string FileName = "campaign.txt";

    // Every driver the system image ships, each with a workload in the
    // agent (memory's includes its RAM disk, /dev/ram).
    public static readonly string[] AllDrivers = { "ata", "e1000", "rtl8139", "serial", "keyboard", "memory", "hello" };

    public static IReadOnlyList<FaultType> AllTypes => FaultTypes.Concrete.Append(FaultType.Random).ToArray();

    // Trials of each driver needed for `faults` faults over all drivers.
    public long TrialsPerDriver(long faults) => (faults + (long)Drivers.Count * Batch - 1) / ((long)Drivers.Count * Batch);

    // The type of trial t among those the driver's code has sites for.
    public FaultType TypeOf(DriverCode code, long trial)
    {
        FaultType[] usable = Types.Where(code.Supports).ToArray();
        if (usable.Length == 0)
            throw new InvalidOperationException($"{code.Label} has no site for any of the fault types {string.Join(",", Types.Select(FaultTypes.Name))}");
        return usable[trial % usable.Length];
    }

    // Draws for a batch's fault before it settles for fewer faults.
    private const int DrawsPerFault = 8;
    // Ids of the later draws lie far past any trial's own.
    private const long RedrawStride = 1L << 40;

    // The faults of trial t: ids t*Batch .. t*Batch+Batch-1, one type. Two
    // faults of a batch never touch the same bytes (the second would find
    // the first's bytes, not the program's): one that would is drawn again
    // under another id, and a type with few sites (irq: a driver's few
    // re-enables) may leave the batch short.
    public Fault[] FaultsOf(DriverCode code, long trial)
    {
        FaultType type = TypeOf(code, trial);
        var faults = new List<Fault>(Batch);
        for (int i = 0; i < Batch; i++)
        {
            for (int draw = 0; draw < DrawsPerFault; draw++)
            {
                Fault fault = code.Make(trial * Batch + i + draw * RedrawStride, type, Seed);
                if (faults.All(f => !Overlaps(f.Patch, fault.Patch)))
                {
                    faults.Add(fault);
                    break;
                }
            }
        }
        return faults.ToArray();
    }

    private static bool Overlaps(Patch a, Patch b) =>
        a.Address < b.Address + (ulong)b.Original.Length && b.Address < a.Address + (ulong)a.Original.Length;

    public string Text() => string.Join("\n",
        "drivers " + string.Join(",", Drivers),
        "types " + string.Join(",", Types.Select(FaultTypes.Name)),
        "batch " + Batch.ToString(CultureInfo.InvariantCulture),
        "seed " + Seed.ToString(CultureInfo.InvariantCulture)) + "\n";

    public static CampaignSpec Parse(string text, string where)
    {
        var fields = new Dictionary<string, string>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            int space = line.IndexOf(' ');
            if (line.Length > 0 && space > 0)
                fields[line[..space]] = line[(space + 1)..].Trim();
        }
        string Field(string name) => fields.TryGetValue(name, out string? value) ? value : throw new InvalidDataException($"{where}: no '{name}' line");
        var types = new List<FaultType>();
        foreach (string name in Field("types").Split(','))
            types.Add(FaultTypes.TryParse(name, out FaultType type) ? type : throw new InvalidDataException($"{where}: unknown fault type '{name}'"));
        if (!int.TryParse(Field("batch"), NumberStyles.None, CultureInfo.InvariantCulture, out int batch) || batch < 1)
            throw new InvalidDataException($"{where}: batch must be a positive number");
        if (!ulong.TryParse(Field("seed"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"{where}: seed must be a number");
        return new CampaignSpec(Field("drivers").Split(','), types, batch, seed);
    }

    public bool SameAs(CampaignSpec other) => Text() == other.Text();
}
