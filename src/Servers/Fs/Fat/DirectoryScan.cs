using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // One pass over a directory's 32-byte slots: the live entries (with their
    // long names reassembled and checksum-checked) and which slots are free,
    // in disk order, so a run of free slots for a new entry can be found.
    internal sealed class DirectoryScan
    {
        // FAT caps a directory at 65536 entries (2 MiB).
        public const int MaxSlots = 65536;
        public const int SlotSize = 32;

        public readonly List<FatNode> Entries = new List<FatNode>();
        public readonly List<long> Slots = new List<long>();
        public readonly List<bool> Free = new List<bool>();
        public List<uint> Clusters = new List<uint>();

        // Long-name pieces collected so far for the next short entry.
        private char[]? _long;
        private int _expectedOrder;
        private byte _checksum;
        private readonly List<long> _longSlots = new List<long>();

        // Entries go to `index` instead of Entries when one is given: a
        // directory of 10,000 entries is indexed without holding 10,000
        // nodes at once (FS's heap is small).
        private DirectoryIndex? _index;

        public static DirectoryScan Read(BlockCache cache, FatTable fat, FatGeometry g, uint dirCluster, DirectoryIndex? index = null)
        {
            var scan = new DirectoryScan();
            scan._index = index;
            scan.Clusters = fat.Chain(dirCluster);
            if ((long)scan.Clusters.Count * g.ClusterBytes / SlotSize > MaxSlots)
                throw new FatFault(FsError.Corrupt, "directory at cluster " + dirCluster.ToString() + " is larger than FAT allows");
            bool ended = false;
            for (int ci = 0; ci < scan.Clusters.Count; ci++)
            {
                long first = g.ClusterToSector(scan.Clusters[ci]);
                for (int s = 0; s < g.SectorsPerCluster; s++)
                {
                    byte[] sector = cache.Get(first + s);
                    for (int off = 0; off < BlockCache.SectorSize; off += SlotSize)
                    {
                        long pos = (first + s) * BlockCache.SectorSize + off;
                        // After the end marker (first byte 0) every slot is free.
                        if (!ended && sector[off] == 0)
                            ended = true;
                        bool free = ended || sector[off] == 0xE5;
                        int ordinal = scan.Slots.Count;
                        scan.Slots.Add(pos);
                        scan.Free.Add(free);
                        if (free)
                            scan._long = null;
                        else
                            scan.Take(new ReadOnlySpan<byte>(sector, off, SlotSize), pos, dirCluster, ordinal);
                    }
                }
            }
            return scan;
        }

        // The entry whose slots (long-name pieces first, the short entry
        // last) are at `positions`, parsed exactly as Read parses it: a
        // DirectoryIndex keeps only where entries are and reads them again
        // when asked (the block cache holds the sectors). Null if the slots
        // no longer hold an entry.
        public static FatNode? ParseEntry(BlockCache cache, List<long> positions, uint dirCluster, int ordinal)
        {
            var scan = new DirectoryScan();
            for (int i = 0; i < positions.Count; i++)
            {
                long pos = positions[i];
                byte[] sector = cache.Get(pos / BlockCache.SectorSize);
                int off = (int)(pos % BlockCache.SectorSize);
                if (sector[off] == 0 || sector[off] == 0xE5)
                    return null;
                scan.Take(new ReadOnlySpan<byte>(sector, off, SlotSize), pos, dirCluster, ordinal);
            }
            return scan.Entries.Count == 1 ? scan.Entries[0] : null;
        }

        private void Take(ReadOnlySpan<byte> e, long pos, uint dirCluster, int ordinal)
        {
            byte attr = e[11];
            if ((attr & 0x3F) == 0x0F)
            {
                TakeLongPiece(e, pos);
                return;
            }
            string? longName = null;
            if (_long != null && _expectedOrder == 1 && FatNames.Checksum(e) == _checksum)
                longName = Terminate(_long);
            List<long> slots = new List<long>();
            if (longName != null)
            {
                for (int i = 0; i < _longSlots.Count; i++) slots.Add(_longSlots[i]);
            }
            _long = null;
            if ((attr & FatNode.AttrVolume) != 0)
                return;     // the volume label is not a file
            uint cluster = ((uint)LittleEndian.U16(e, 20) << 16) | LittleEndian.U16(e, 26);
            string shortName = FatNames.Display(e);
            var node = new FatNode(longName ?? shortName, attr, cluster, LittleEndian.U32(e, 28));
            node.ShortName = shortName;
            node.EntryPosition = pos;
            slots.Add(pos);
            node.Slots = slots;
            for (int i = 0; i < 11; i++) node.RawShortName[i] = e[i];
            node.ParentCluster = dirCluster;
            node.SlotOrdinal = ordinal;
            if (_index != null)
                _index.Found(node);
            else
                Entries.Add(node);
        }

        // Long-name slots come last piece first: order N|0x40 down to 1, each
        // with 13 UTF-16 characters; anything out of sequence drops the name.
        private void TakeLongPiece(ReadOnlySpan<byte> e, long pos)
        {
            int order = e[0] & 0x1F;
            if ((e[0] & 0x40) != 0)
            {
                if (order == 0) { _long = null; return; }
                _long = new char[order * 13];
                _expectedOrder = order;
                _checksum = e[13];
                _longSlots.Clear();
            }
            else if (_long == null || order != _expectedOrder - 1 || e[13] != _checksum)
            {
                _long = null;
                return;
            }
            else
            {
                _expectedOrder = order;
            }
            _longSlots.Add(pos);
            int at = (order - 1) * 13;
            for (int i = 0; i < 13; i++)
                _long[at + i] = (char)LittleEndian.U16(e, LongCharOffset(i));
        }

        private static string Terminate(char[] chars)
        {
            int n = 0;
            while (n < chars.Length && chars[n] != 0 && chars[n] != 0xFFFF) n++;
            return new string(chars, 0, n);
        }

        // Byte offset of the i-th (0..12) name character inside a long-name slot.
        public static int LongCharOffset(int i) => i < 5 ? 1 + i * 2 : i < 11 ? 14 + (i - 5) * 2 : 28 + (i - 11) * 2;

        // The entry named `name` (long or short, case-insensitive), or null.
        public FatNode? Find(string name)
        {
            for (int i = 0; i < Entries.Count; i++)
            {
                FatNode n = Entries[i];
                if (FatNames.EqualsIgnoreCase(n.Name, name) || FatNames.EqualsIgnoreCase(n.ShortName, name))
                    return n;
            }
            return null;
        }

        public bool ShortNameTaken(byte[] raw)
        {
            for (int i = 0; i < Entries.Count; i++)
            {
                if (FatNames.SameShortName(Entries[i].RawShortName, raw))
                    return true;
            }
            return false;
        }

        // Index into Slots of the first run of `count` free slots, or -1.
        public int FindFreeRun(int count)
        {
            int run = 0;
            for (int i = 0; i < Slots.Count; i++)
            {
                run = Free[i] ? run + 1 : 0;
                if (run == count)
                    return i - count + 1;
            }
            return -1;
        }
    }
}
