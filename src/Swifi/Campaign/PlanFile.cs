using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Swifi.Mutation;

namespace Minix3.Cosmos.Swifi.Campaign;

// The plan one guest runs, as the agent reads it from /swifi.plan
// (bench/Components/SwifiAgent/README.md has the grammar): the workload
// settings, then one line per trial with its patches.
public static class PlanFile
{
    public const string Path = "/swifi.plan";
    public const string DiskFile = "/swifi/disk.bin";
    public const int DiskBytes = 8 << 20;     // well past FS's block cache, so reads reach ata
    public const string ServedFile = "swifi.bin";
    public const int ServedBytes = 16 << 10;

    // One trial: its number in the driver's sequence and its faults.
    public sealed record Trial(long Id, string Type, Fault[] Faults);

    public static string Text(IEnumerable<Trial> trials, string label, IReadOnlyList<string> check, string url, ulong servedFnv, int rounds)
    {
        var text = new StringBuilder();
        text.Append("# swifi plan for ").Append(label).Append('\n');
        text.Append("rounds ").Append(rounds.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("check ").Append(string.Join(",", check)).Append('\n');
        text.Append("net ").Append(url).Append(' ').Append(ServedBytes.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(servedFnv.ToString("x16")).Append('\n');
        text.Append("disk ").Append(DiskFile).Append(' ').Append(DiskBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (Trial trial in trials)
        {
            text.Append("trial ").Append(trial.Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(label).Append(' ').Append(trial.Type).Append(' ');
            text.Append(string.Join(";", trial.Faults.Select(f => Patch(f.Patch))));
            text.Append('\n');
        }
        return text.ToString();
    }

    public static string Patch(Patch patch) =>
        patch.Address.ToString("x", CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(patch.Original) + ":" + Convert.ToHexStringLower(patch.Replacement);

    // The disk file's bytes: the agent checks every byte against the same
    // formula, so it needs no table and any window can be checked alone.
    public static byte PatternAt(long offset) => (byte)(((ulong)offset * 2654435761UL) >> 24);

    public static byte[] DiskPattern()
    {
        var bytes = new byte[DiskBytes];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = PatternAt(i);
        return bytes;
    }

    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
            hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
