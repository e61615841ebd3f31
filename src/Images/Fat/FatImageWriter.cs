using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Images.Fat;

// Makes a whole FAT12/16/32 volume from a tree, in one pass with no tool
// but .NET. Everything is planned before a byte is written (names, layout,
// clusters), so a tree the volume cannot hold fails without output. Then
// only what is not zero is written (boot records, the used part of the
// FATs, directories, file data) into a file whose length was set first:
// on Linux a sparse file, so a 64 MiB image with little in it costs little.
// Directories get the first clusters (root first, then each directory
// before its children), then files in the same order, each contiguous.
public static class FatImageWriter
{
    // Writes the volume to `imagePath` through "<imagePath>.partial",
    // renamed at the end: an emulator never sees half an image.
    public static FatVolumeLayout WriteFile(string imagePath, FatDirectory root, FatVolumeOptions options)
    {
        var volume = new Plan(root, options, imagePath);
        string partial = imagePath + ".partial";
        string? folder = Path.GetDirectoryName(Path.GetFullPath(imagePath));
        if (folder != null)
            Directory.CreateDirectory(folder);
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                stream.SetLength(volume.Layout.TotalSectors * FatVolumeLayout.SectorSize);
                volume.WriteTo(stream);
            }
            File.Move(partial, imagePath, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        return volume.Layout;
    }

    // The volume in memory (the ESP that goes inside the ISO).
    public static byte[] WriteBytes(FatDirectory root, FatVolumeOptions options, out FatVolumeLayout layout)
    {
        var volume = new Plan(root, options, "(image in memory)");
        layout = volume.Layout;
        var bytes = new byte[layout.TotalSectors * FatVolumeLayout.SectorSize];
        using (var stream = new MemoryStream(bytes))
            volume.WriteTo(stream);
        return bytes;
    }

    private sealed class Plan
    {
        private readonly FatVolumeOptions _options;
        private readonly string _subject;
        private readonly List<FatDirectoryPlan> _directories;
        private readonly string? _label;
        private readonly FatTableBytes _fat;
        private readonly uint _nextFree;

        public FatVolumeLayout Layout { get; }

        public Plan(FatDirectory root, FatVolumeOptions options, string subject)
        {
            _options = options;
            _subject = subject;
            _label = Label(options.Label, subject);
            _directories = FatDirectoryPlan.PlanTree(root);
            long sectors = options.SizeBytes / FatVolumeLayout.SectorSize;
            if (options.WholeCylinders)
                sectors = sectors / 1008 * 1008;
            int rootSlots = _directories[0].Slots(_label != null);
            if (rootSlots > 65520 && options.Type is FatType.Fat12 or FatType.Fat16)
                throw new FatImageException("/", $"the root directory has {rootSlots} entries; a FAT12/16 root holds at most 65520");
            Layout = FatVolumeLayout.Choose(sectors, options.Type, options.ReservedSectors, Math.Max(options.RootEntries, rootSlots), subject);
            if (options.BootCode?.BootSector is byte[] loader)
                FatBootRecord.CheckLoader(loader, Layout.Type, subject);
            CheckReservedWrites();
            _fat = new FatTableBytes(Layout);
            _nextFree = Allocate();
        }

        private static string? Label(string label, string subject)
        {
            string upper = label.ToUpperInvariant();
            if (upper.Length == 0 || upper.Length > 11)
                throw new FatImageException(subject, $"a volume label has 1-11 characters, not {upper.Length} (\"{label}\")");
            foreach (char c in upper)
            {
                if (c != ' ' && !FatNames.TryUpperShort(c.ToString(), out _))
                    throw new FatImageException(subject, $"a volume label holds what an 8.3 name holds, and spaces; not '{c}' (\"{label}\")");
            }
            return upper.TrimEnd() == "NO NAME" ? null : upper;
        }

        private void CheckReservedWrites()
        {
            if (_options.BootCode == null)
                return;
            bool fat32 = Layout.Type == FatType.Fat32;
            foreach (var (sector, bytes) in _options.BootCode.ReservedSectors)
            {
                int count = (bytes.Length + FatVolumeLayout.SectorSize - 1) / FatVolumeLayout.SectorSize;
                bool clear = sector >= 1 && sector + count <= Layout.ReservedSectors
                    && !(fat32 && Overlaps(sector, count, FatVolumeLayout.Fat32FsInfoSector, 1))
                    && !(fat32 && Overlaps(sector, count, FatVolumeLayout.Fat32BackupBootSector, 2));
                if (!clear)
                    throw new FatImageException(_subject, $"boot code for sectors {sector}-{sector + count - 1} does not fit the reserved sectors 1-{Layout.ReservedSectors - 1}"
                        + (fat32 ? $" clear of FSInfo (1) and the backup boot record ({FatVolumeLayout.Fat32BackupBootSector}-{FatVolumeLayout.Fat32BackupBootSector + 1})" : ""));
            }
        }

        private static bool Overlaps(int start, int count, int otherStart, int otherCount) =>
            start < otherStart + otherCount && otherStart < start + count;

        // Gives every directory and non-empty file its clusters and chains
        // them in the FAT; returns the first cluster left free.
        private uint Allocate()
        {
            long next = 2;
            int clusterBytes = Layout.ClusterBytes;
            foreach (FatDirectoryPlan d in _directories)
            {
                if (d.IsRoot && Layout.Type != FatType.Fat32)
                    continue;
                d.Clusters = Math.Max(1, (d.Slots(_label != null) * 32 + clusterBytes - 1) / clusterBytes);
                d.FirstCluster = (uint)next;
                next += d.Clusters;
            }
            long fileClusters = 0;
            foreach (FatDirectoryPlan d in _directories)
            {
                foreach (FatDirectoryPlan.Entry e in d.Entries)
                {
                    if (e.Directory != null)
                    {
                        e.FirstCluster = e.Directory.FirstCluster;
                        continue;
                    }
                    if (e.File!.Length > uint.MaxValue)
                        throw new FatImageException(Origin(e.File, d), $"{e.File.Length} bytes: a FAT file holds at most 4 GiB - 1");
                    long clusters = (e.File.Length + clusterBytes - 1) / clusterBytes;
                    e.FirstCluster = clusters == 0 ? 0 : (uint)(next + fileClusters);
                    fileClusters += clusters;
                }
            }
            long used = next - 2 + fileClusters;
            if (used > Layout.ClusterCount)
                throw new FatImageException(_subject, $"the tree needs {used} clusters of {clusterBytes} bytes ({Mib(used * clusterBytes)} MiB), "
                    + $"but this {Mib(Layout.TotalSectors * FatVolumeLayout.SectorSize)} MiB {Layout.Type.ToString().ToUpperInvariant()} volume has {Layout.ClusterCount} ({Mib((long)Layout.ClusterCount * clusterBytes)} MiB): make it larger");
            foreach (FatDirectoryPlan d in _directories)
            {
                if (d.Clusters > 0)
                    _fat.Chain(d.FirstCluster, d.Clusters);
                foreach (FatDirectoryPlan.Entry e in d.Entries)
                {
                    if (e.File != null && e.FirstCluster != 0)
                        _fat.Chain(e.FirstCluster, (int)((e.File.Length + clusterBytes - 1) / clusterBytes));
                }
            }
            return (uint)(2 + used);
        }

        private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0");

        private static string Origin(FatFile file, FatDirectoryPlan d) => file.HostPath ?? d.Node.PathInVolume.TrimEnd('/') + "/" + file.Name;

        public void WriteTo(Stream stream)
        {
            const int sector = FatVolumeLayout.SectorSize;
            uint volumeId = _options.VolumeId ?? DefaultVolumeId();
            byte[] boot = FatBootRecord.BootSector(Layout, _label ?? "NO NAME", volumeId, _options.BootCode?.BootSector);
            Write(stream, 0, boot);
            if (Layout.Type == FatType.Fat32)
            {
                uint free = (uint)(Layout.ClusterCount - (_nextFree - 2));
                byte[] fsInfo = FatBootRecord.FsInfo(free, _nextFree <= Layout.ClusterCount + 1 ? _nextFree : 0xFFFFFFFF);
                Write(stream, FatVolumeLayout.Fat32FsInfoSector * sector, fsInfo);
                Write(stream, FatVolumeLayout.Fat32BackupBootSector * sector, boot);
                Write(stream, (FatVolumeLayout.Fat32BackupBootSector + 1) * sector, fsInfo);
            }
            if (_options.BootCode != null)
            {
                foreach (var (first, bytes) in _options.BootCode.ReservedSectors)
                    Write(stream, (long)first * sector, bytes);
            }
            int fatUsed = _fat.UsedLength();
            for (int copy = 0; copy < FatVolumeLayout.FatCount; copy++)
                Write(stream, (Layout.ReservedSectors + (long)copy * Layout.FatSectors) * sector, _fat.Bytes.AsSpan(0, fatUsed));
            foreach (FatDirectoryPlan d in _directories)
            {
                bool fixedRoot = d.IsRoot && Layout.Type != FatType.Fat32;
                int size = fixedRoot ? Layout.RootEntries * 32 : d.Clusters * Layout.ClusterBytes;
                byte[] bytes = FatDirectoryBytes.Encode(d, size, d.IsRoot ? _label : null, _options.Timestamp);
                Write(stream, fixedRoot ? Layout.RootSector * sector : Layout.ClusterOffset(d.FirstCluster), bytes);
            }
            var buffer = new byte[1 << 20];
            foreach (FatDirectoryPlan d in _directories)
            {
                foreach (FatDirectoryPlan.Entry e in d.Entries)
                {
                    if (e.File != null && e.FirstCluster != 0)
                        WriteFile(stream, Layout.ClusterOffset(e.FirstCluster), e.File, d, buffer);
                }
            }
        }

        private void WriteFile(Stream stream, long offset, FatFile file, FatDirectoryPlan d, byte[] buffer)
        {
            if (file.Contents != null)
            {
                Write(stream, offset, file.Contents);
                return;
            }
            using var source = new FileStream(file.HostPath!, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            stream.Position = offset;
            long left = file.Length;
            while (left > 0)
            {
                int read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                    break;
                stream.Write(buffer, 0, read);
                left -= read;
            }
            if (left != 0 || source.Length != file.Length)
                throw new FatImageException(Origin(file, d), $"the file changed while the image was made (it had {file.Length} bytes, now {source.Length})");
        }

        private static void Write(Stream stream, long offset, ReadOnlySpan<byte> bytes)
        {
            stream.Position = offset;
            stream.Write(bytes);
        }

        // Same label and timestamp, same serial: the image stays reproducible
        // (FNV-1a over both).
        private uint DefaultVolumeId()
        {
            uint hash = 2166136261;
            foreach (byte b in Encoding.ASCII.GetBytes((_label ?? "NO NAME") + _options.Timestamp.Ticks))
                hash = (hash ^ b) * 16777619;
            return hash;
        }
    }
}
