using System;
using System.Collections.Generic;
using System.Linq;
using Minix3.Cosmos.Swifi.Campaign;

namespace Minix3.Cosmos.Boot;

// The host's disk tools for a swifi campaign (src/Swifi/Campaign asks for
// them): the guest's FAT root disk with the plan and the workload's file,
// and afterwards what a faulty disk driver left on it, by fsck.fat -n and
// the files the workload never writes. Shared by the boot tests and the bench.
internal static class SwifiHostDisk
{
    public const int DiskMiB = 34;   // FAT32 (the root disk the guest expects), with room for the 8 MiB file

    public static string Make(string path, IReadOnlyDictionary<string, byte[]> files)
    {
        HostFatImage disk = HostFatImage.Make(path, DiskMiB);
        foreach (string directory in files.Keys.Select(DirectoryOf).Where(d => d.Length > 0).Distinct())
            disk.MakeDirectory(directory);
        foreach (var (fatPath, contents) in files)
            disk.Put(fatPath, contents);
        return path;
    }

    public static DiskDamage Inspect(string path, IReadOnlyDictionary<string, byte[]> unchanged)
    {
        var disk = new HostFatImage(path);
        var (code, output) = disk.Check();
        int damaged = unchanged.Count(file => disk.Get(file.Key) is not byte[] now || !now.AsSpan().SequenceEqual(file.Value));
        string report = string.Join(" ", output.Split('\n').Where(l => l.Length > 0).TakeLast(3));
        return new DiskDamage(code == 0, report, unchanged.Count, damaged);
    }

    private static string DirectoryOf(string fatPath) => fatPath.LastIndexOf('/') is int slash && slash > 0 ? fatPath[..slash] : "";
}
