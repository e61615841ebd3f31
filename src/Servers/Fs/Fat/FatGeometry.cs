using System;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // The volume layout read from the boot sector's BIOS parameter block,
    // accepted only if every field is consistent with FAT32 and the device:
    // a corrupt or foreign image is refused at mount instead of being trusted.
    internal sealed class FatGeometry
    {
        public int SectorsPerCluster;
        public int ReservedSectors;
        public int FatCount;
        public uint FatSectors;
        public long TotalSectors;
        public uint RootCluster;
        public int FsInfoSector;
        public long FirstDataSector;
        public uint ClusterCount;

        public int ClusterBytes => SectorsPerCluster * BlockCache.SectorSize;

        // Highest valid cluster number (data clusters are numbered from 2).
        public uint MaxCluster => ClusterCount + 1;

        public long ClusterToSector(uint cluster) => FirstDataSector + (long)(cluster - 2) * SectorsPerCluster;

        public bool IsValidCluster(uint cluster) => cluster >= 2 && cluster <= MaxCluster;

        // Parses and checks the boot sector; throws FatFault naming the first bad field.
        public static FatGeometry Parse(ReadOnlySpan<byte> boot, long deviceSectors)
        {
            if (boot[510] != 0x55 || boot[511] != 0xAA)
                throw Bad(FsError.Corrupt, "boot sector signature is not 0x55AA");
            int bytesPerSector = LittleEndian.U16(boot, 11);
            if (bytesPerSector != 512 && bytesPerSector != 1024 && bytesPerSector != 2048 && bytesPerSector != 4096)
                throw Bad(FsError.Corrupt, "bytes per sector is " + bytesPerSector.ToString() + ", not 512, 1024, 2048 or 4096");
            if (bytesPerSector != 512)
                throw Bad(FsError.Unsupported, "bytes per sector is " + bytesPerSector.ToString() + ", only 512 is supported");
            var g = new FatGeometry();
            g.SectorsPerCluster = boot[13];
            if (g.SectorsPerCluster == 0 || (g.SectorsPerCluster & (g.SectorsPerCluster - 1)) != 0)
                throw Bad(FsError.Corrupt, "sectors per cluster (" + g.SectorsPerCluster.ToString() + ") is not a power of two");
            g.ReservedSectors = LittleEndian.U16(boot, 14);
            if (g.ReservedSectors == 0)
                throw Bad(FsError.Corrupt, "reserved sector count is 0");
            g.FatCount = boot[16];
            if (g.FatCount == 0 || g.FatCount > 4)
                throw Bad(FsError.Corrupt, "number of FATs (" + g.FatCount.ToString() + ") is not 1..4");
            if (LittleEndian.U16(boot, 17) != 0 || LittleEndian.U16(boot, 22) != 0)
                throw Bad(FsError.Unsupported, "not FAT32: fixed root directory or 16-bit FAT size present");
            uint total16 = LittleEndian.U16(boot, 19);
            g.TotalSectors = total16 != 0 ? total16 : LittleEndian.U32(boot, 32);
            if (g.TotalSectors == 0)
                throw Bad(FsError.Corrupt, "total sector count is 0");
            if (g.TotalSectors > deviceSectors)
                throw Bad(FsError.Corrupt, "volume claims " + g.TotalSectors.ToString() + " sectors but the device has "
                    + deviceSectors.ToString() + " (truncated image?)");
            g.FatSectors = LittleEndian.U32(boot, 36);
            if (g.FatSectors == 0)
                throw Bad(FsError.Corrupt, "FAT size is 0");
            g.FirstDataSector = g.ReservedSectors + (long)g.FatCount * g.FatSectors;
            if (g.FirstDataSector >= g.TotalSectors)
                throw Bad(FsError.Corrupt, "reserved sectors and FATs leave no data area");
            long clusters = (g.TotalSectors - g.FirstDataSector) / g.SectorsPerCluster;
            if (clusters < 65525)
                throw Bad(FsError.Unsupported, "only " + clusters.ToString() + " clusters: FAT12/FAT16, not FAT32");
            if (clusters > 0x0FFFFFF5)
                throw Bad(FsError.Corrupt, "cluster count exceeds FAT32's limit");
            g.ClusterCount = (uint)clusters;
            if ((long)g.FatSectors * 128 < clusters + 2)
                throw Bad(FsError.Corrupt, "FAT is too small for " + clusters.ToString() + " clusters");
            g.RootCluster = LittleEndian.U32(boot, 44);
            if (!g.IsValidCluster(g.RootCluster))
                throw Bad(FsError.Corrupt, "root cluster " + g.RootCluster.ToString() + " is out of range");
            g.FsInfoSector = LittleEndian.U16(boot, 48);
            return g;
        }

        private static FatFault Bad(FsError error, string message) => new FatFault(error, "boot sector: " + message);
    }
}
