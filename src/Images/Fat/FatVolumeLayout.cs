using System;

namespace Minix3.Cosmos.Images.Fat;

// Where everything is in a volume: the BPB's numbers, chosen from the size.
// The FAT type follows from the cluster count alone (Microsoft's FAT
// specification: under 4,085 clusters FAT12, under 65,525 FAT16, else
// FAT32), so the cluster size is chosen to land the count inside the type's
// range, at least 16 clusters clear of either boundary: the specification
// warns that drivers round differently near them.
public sealed class FatVolumeLayout
{
    public const int SectorSize = 512;
    public const int FatCount = 2;
    public const int Fat32FsInfoSector = 1;
    public const int Fat32BackupBootSector = 6;

    private const int Margin = 16;
    private const int Fat12MaxClusters = 4084 - Margin;
    private const int Fat16MinClusters = 4085 + Margin, Fat16MaxClusters = 65524 - Margin;
    private const int Fat32MinClusters = 65525 + Margin, Fat32MaxClusters = 0x0FFFFFF5;
    private const int MaxSectorsPerCluster = 64;    // 32 KiB clusters: the largest every driver takes

    public FatType Type { get; private init; }
    public long TotalSectors { get; private init; }
    public int SectorsPerCluster { get; private init; }
    public int ReservedSectors { get; private init; }
    public int FatSectors { get; private init; }
    public int RootEntries { get; private init; }           // 0 on FAT32: its root is a cluster chain
    public int ClusterCount { get; private init; }

    public int RootSectors => RootEntries * 32 / SectorSize;
    public long RootSector => ReservedSectors + (long)FatCount * FatSectors;
    public long FirstDataSector => RootSector + RootSectors;
    public int ClusterBytes => SectorsPerCluster * SectorSize;
    public uint RootCluster => Type == FatType.Fat32 ? 2u : 0u;
    public long ClusterOffset(uint cluster) => (FirstDataSector + (long)(cluster - 2) * SectorsPerCluster) * SectorSize;

    // Bits per FAT entry.
    public int EntryBits => Type switch { FatType.Fat12 => 12, FatType.Fat16 => 16, _ => 32 };

    internal static FatVolumeLayout Choose(long totalSectors, FatType type, int reserved, int rootEntries, string subject)
    {
        if (totalSectors > uint.MaxValue)
            throw new FatImageException(subject, "a FAT volume holds at most 2 TiB");
        if (reserved < 0 || reserved > ushort.MaxValue)
            throw new FatImageException(subject, $"reserved sectors must be 1-65535, not {reserved}");
        if (type == FatType.Auto)
        {
            FatVolumeLayout? fat32 = TryFat32(totalSectors, reserved);
            if (fat32 != null)
                return fat32;
            return TrySmall(totalSectors, FatType.Fat16, reserved, rootEntries)
                ?? TrySmall(totalSectors, FatType.Fat12, reserved, rootEntries)
                ?? throw new FatImageException(subject, $"{totalSectors} sectors are too few for any FAT volume");
        }
        if (type == FatType.Fat32)
        {
            if (reserved != 0 && reserved < Fat32BackupBootSector + 2)
                throw new FatImageException(subject, $"FAT32 needs at least {Fat32BackupBootSector + 2} reserved sectors (boot record, FSInfo and their backups at {Fat32BackupBootSector}-{Fat32BackupBootSector + 1}), not {reserved}");
            return TryFat32(totalSectors, reserved) ?? throw new FatImageException(subject,
                $"{totalSectors * SectorSize / (1024 * 1024)} MiB is too small for FAT32: it needs {Fat32MinClusters} clusters or more (about 33 MiB with 512-byte clusters); use FAT16");
        }
        string name = type == FatType.Fat16 ? "FAT16" : "FAT12";
        return TrySmall(totalSectors, type, reserved, rootEntries) ?? throw new FatImageException(subject,
            type == FatType.Fat16
                ? $"{totalSectors} sectors do not fit {name}: it needs {Fat16MinClusters}-{Fat16MaxClusters} clusters of at most 32 KiB (about 2.1 MiB to 2 GiB)"
                : $"{totalSectors} sectors do not fit {name}: it needs at most {Fat12MaxClusters} clusters of at most 32 KiB (up to about 127 MiB)");
    }

    // Cluster size after Microsoft's table for FAT32 (512 bytes to 260 MiB,
    // then 4 KiB to 8 GiB, 8, 16, 32 KiB beyond), as mkfs.fat also chooses.
    private static FatVolumeLayout? TryFat32(long totalSectors, int reserved)
    {
        if (reserved != 0 && reserved < Fat32BackupBootSector + 2)
            return null;
        int sectorsPerCluster = totalSectors <= 532_480 ? 1 : totalSectors <= 16_777_216 ? 8
            : totalSectors <= 33_554_432 ? 16 : totalSectors <= 67_108_864 ? 32 : 64;
        var layout = Fit(FatType.Fat32, totalSectors, sectorsPerCluster, reserved == 0 ? 32 : reserved, 0);
        return layout != null && layout.ClusterCount >= Fat32MinClusters && layout.ClusterCount <= Fat32MaxClusters ? layout : null;
    }

    // FAT12/16: the smallest cluster that keeps the count under the type's
    // maximum (least space lost in files' last clusters).
    private static FatVolumeLayout? TrySmall(long totalSectors, FatType type, int reserved, int rootEntries)
    {
        int min = type == FatType.Fat16 ? Fat16MinClusters : 1;
        int max = type == FatType.Fat16 ? Fat16MaxClusters : Fat12MaxClusters;
        int entries = (Math.Max(rootEntries, 16) + 15) / 16 * 16;
        for (int sectorsPerCluster = 1; sectorsPerCluster <= MaxSectorsPerCluster; sectorsPerCluster *= 2)
        {
            var layout = Fit(type, totalSectors, sectorsPerCluster, reserved == 0 ? 1 : reserved, entries);
            if (layout == null)
                return null;
            if (layout.ClusterCount <= max)
                return layout.ClusterCount >= min ? layout : null;
        }
        return null;
    }

    // The smallest FAT that covers the clusters left after it: the cluster
    // count falls as the FAT grows, so the least FAT size F with
    // entries(clusters(F)) <= F is found by bisection.
    private static FatVolumeLayout? Fit(FatType type, long totalSectors, int sectorsPerCluster, int reserved, int rootEntries)
    {
        int bits = type switch { FatType.Fat12 => 12, FatType.Fat16 => 16, _ => 32 };
        long before = reserved + rootEntries * 32L / SectorSize;
        long Clusters(long fat) => (totalSectors - before - FatCount * fat) / sectorsPerCluster;
        long Needed(long fat) => ((Math.Max(Clusters(fat), 0) + 2) * bits + SectorSize * 8 - 1) / (SectorSize * 8);
        long low = 1, high = Needed(1);
        while (low < high)
        {
            long mid = (low + high) / 2;
            if (Needed(mid) <= mid) high = mid; else low = mid + 1;
        }
        long clusters = Clusters(low);
        if (clusters < 1 || clusters > int.MaxValue)
            return null;
        return new FatVolumeLayout
        {
            Type = type, TotalSectors = totalSectors, SectorsPerCluster = sectorsPerCluster, ReservedSectors = reserved,
            FatSectors = (int)low, RootEntries = rootEntries, ClusterCount = (int)clusters,
        };
    }
}
