using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Launcher;

namespace Minix3.Cosmos.Swifi.Campaign;

// What a faulty disk driver left on the disk: fsck.fat's verdict and the
// files the workload never writes, checked byte for byte.
public sealed record DiskDamage(bool FsckClean, string FsckReport, int FilesChecked, int FilesDamaged);

// How to run a campaign on this host. The disk tools are the caller's
// (the bench and the boot tests share test/Boot/HostFatImage.cs).
public sealed record CampaignSettings
{
    public required ImageLayout TestImage { get; init; }

    // Makes a FAT root disk at the path holding these files; returns its path.
    public required Func<string, IReadOnlyDictionary<string, byte[]>, string> MakeDisk { get; init; }

    // After a disk-driver run: fsck and the files that must be unchanged.
    public required Func<string, IReadOnlyDictionary<string, byte[]>, DiskDamage> InspectDisk { get; init; }

    // results.csv and campaign.txt (kept: a campaign resumes from them),
    // and the logs of runs that ended in a system failure.
    public required string CampaignDirectory { get; init; }

    // Each guest's disk and served files while it runs.
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "minix3-swifi-" + Guid.NewGuid().ToString("N")[..8]);

    public int Parallel { get; init; } = 2;
    public int TrialsPerBoot { get; init; } = 200;
    public int Rounds { get; init; } = 2;
    public bool Iommu { get; init; } = true;

    // Host time without a word from the agent after which the guest is hung.
    public TimeSpan Stall { get; init; } = TimeSpan.FromSeconds(90);

    public TextWriter? Progress { get; init; }

    // Keep every guest's serial log in the campaign directory's logs/
    // (not only those of system failures): to see where a guest's time goes.
    public bool KeepLogs { get; init; }

    private byte[]? _diskPattern;
    public byte[] DiskPattern => _diskPattern ??= PlanFile.DiskPattern();
}
