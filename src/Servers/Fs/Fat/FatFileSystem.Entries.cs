using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Writing directory entries: adding one (with long-name slots and a unique
    // ~N short name when the name is not plain upper-case 8.3), updating size
    // and first cluster, deleting, and growing a directory by a cluster.
    public sealed partial class FatFileSystem
    {
        // No clock yet: entries carry a fixed timestamp (2026-01-01 00:00).
        private const int FixedDate = ((2026 - 1980) << 9) | (1 << 5) | 1;

        private FatNode AddEntry(FatNode parent, string name, byte attr, uint firstCluster, long size, long ignorePosition)
        {
            uint dirCluster = DirectoryCluster(parent);
            DirectoryIndex scan = IndexOf(dirCluster);
            CheckWritable(parent, scan);
            FatNode? existing = scan.Find(name);
            if (existing != null && existing.EntryPosition != ignorePosition)
                throw new FatFault(FsError.Exists, "already exists: " + name);

            byte[]? raw = FatNames.ExactShortName(name);
            if (raw != null && scan.ShortNameTaken(raw))
                raw = null;     // e.g. a long name's ~1 alias equal to this name: use an LFN
            int longSlots = 0;
            if (raw == null)
            {
                FatNames.Basis(name, out string stem, out string ext);
                // The lowest free ~N, searched from the last one this
                // directory handed out for the basis (then from 1): the
                // thousandth "report-....txt" must not try 999 taken tails.
                string basis = string.Concat(stem, ".", ext);
                int from = scan.LastTail(basis) + 1;
                for (int pass = 0; pass < 2 && raw == null; pass++)
                {
                    int start = pass == 0 ? from : 1, end = pass == 0 ? 1000000 : from;
                    for (int n = start; n < end && raw == null; n++)
                    {
                        byte[] candidate = FatNames.WithTail(stem, ext, n);
                        if (!scan.ShortNameTaken(candidate))
                        {
                            raw = candidate;
                            scan.TailUsed(basis, n);
                        }
                    }
                }
                if (raw == null)
                    throw new FatFault(FsError.Exists, "no free short name for " + name);
                longSlots = (name.Length + 12) / 13;
            }

            int total = longSlots + 1;
            int run = scan.FindFreeRun(total);
            while (run < 0)
            {
                ExtendDirectory(scan);
                run = scan.FindFreeRun(total);
            }

            byte checksum = FatNames.Checksum(raw);
            var node = new FatNode(name, attr, firstCluster, size);
            for (int k = longSlots; k >= 1; k--)
            {
                long pos = scan.Position(run + (longSlots - k));
                WriteLongSlot(pos, name, k, k == longSlots, checksum);
                node.Slots.Add(pos);
            }
            long shortPos = scan.Position(run + longSlots);
            byte[] sector = SlotSector(shortPos, out int off);
            Span<byte> e = new Span<byte>(sector, off, DirectoryScan.SlotSize);
            e.Clear();
            for (int i = 0; i < 11; i++) e[i] = raw[i];
            e[11] = attr;
            LittleEndian.Put16(e, 16, FixedDate);
            LittleEndian.Put16(e, 18, FixedDate);
            LittleEndian.Put16(e, 24, FixedDate);
            PutClusterAndSize(e, firstCluster, size);
            _cache.MarkDirty(shortPos / BlockCache.SectorSize);
            _fat.AddHead(firstCluster);

            node.Slots.Add(shortPos);
            node.EntryPosition = shortPos;
            node.RawShortName = raw;
            node.ShortName = FatNames.Display(e);
            node.ParentCluster = dirCluster;
            node.SlotOrdinal = run + longSlots;
            scan.Add(node, run);
            return node;
        }

        // New entries in a cluster another chain shares would overwrite its bytes.
        private void CheckWritable(FatNode dir, DirectoryIndex scan)
        {
            int shared = _fat.FirstShared(scan.Clusters, dir.IsRoot);
            if (shared >= 0)
                throw new FatFault(FsError.Corrupt, "directory " + dir.Name + ": cluster " + scan.Clusters[shared].ToString()
                    + " is cross-linked (another file or directory uses it too)");
        }

        private void WriteLongSlot(long pos, string name, int order, bool last, byte checksum)
        {
            byte[] sector = SlotSector(pos, out int off);
            Span<byte> e = new Span<byte>(sector, off, DirectoryScan.SlotSize);
            e.Clear();
            e[0] = (byte)(order | (last ? 0x40 : 0));
            e[11] = 0x0F;
            e[13] = checksum;
            int start = (order - 1) * 13;
            for (int i = 0; i < 13; i++)
            {
                int at = start + i;
                // After the name: one NUL, then 0xFFFF padding.
                int c = at < name.Length ? name[at] : at == name.Length ? 0 : 0xFFFF;
                LittleEndian.Put16(e, DirectoryScan.LongCharOffset(i), c);
            }
            _cache.MarkDirty(pos / BlockCache.SectorSize);
        }

        private static void PutClusterAndSize(Span<byte> e, uint cluster, long size)
        {
            LittleEndian.Put16(e, 20, (int)(cluster >> 16));
            LittleEndian.Put16(e, 26, (int)(cluster & 0xFFFF));
            LittleEndian.Put32(e, 28, (uint)size);
        }

        // Writes a node's size and first cluster back to its short entry.
        private void UpdateEntry(FatNode node)
        {
            if (node.IsRoot || node.EntryPosition < 0)
                return;
            uint old = EntryCluster(node.EntryPosition);
            if (old != node.FirstCluster)
            {
                _fat.DropHead(old);
                _fat.AddHead(node.FirstCluster);
            }
            byte[] sector = SlotSector(node.EntryPosition, out int off);
            Span<byte> e = new Span<byte>(sector, off, DirectoryScan.SlotSize);
            PutClusterAndSize(e, node.FirstCluster, node.IsDirectory ? 0 : node.Size);
            _cache.MarkDirty(node.EntryPosition / BlockCache.SectorSize);
        }

        // Marks every slot of the entry deleted (0xE5).
        private void DeleteEntry(FatNode node)
        {
            // The index first: it checks the node is the entry it knows.
            KeptIndex(node.ParentCluster)?.Remove(node);
            _fat.DropHead(EntryCluster(node.EntryPosition));
            for (int i = 0; i < node.Slots.Count; i++)
            {
                byte[] sector = SlotSector(node.Slots[i], out int off);
                sector[off] = 0xE5;
                _cache.MarkDirty(node.Slots[i] / BlockCache.SectorSize);
            }
        }

        private byte[] SlotSector(long pos, out int offset)
        {
            offset = (int)(pos % BlockCache.SectorSize);
            return _cache.Get(pos / BlockCache.SectorSize);
        }

        // Appends one zeroed cluster to the directory and its free slots to the index.
        private void ExtendDirectory(DirectoryIndex scan)
        {
            int perCluster = _g.ClusterBytes / DirectoryScan.SlotSize;
            if (scan.SlotCount + perCluster > DirectoryScan.MaxSlots)
                throw new FatFault(FsError.NoSpace, "directory is full (65536 entries)");
            List<uint> added = _fat.AllocateChain(1);
            uint c = added[0];
            ZeroCluster(c);
            _fat.Set(scan.Clusters[scan.Clusters.Count - 1], c);
            scan.Extend(c);
        }

        private void ZeroCluster(uint cluster)
        {
            long first = _g.ClusterToSector(cluster);
            for (int s = 0; s < _g.SectorsPerCluster; s++)
            {
                _cache.GetForOverwrite(first + s);
                _cache.MarkDirty(first + s);
            }
        }
    }
}
