using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // What FS remembers of one directory between requests, so that looking
    // a name up, creating one and listing the next entry cost the same in a
    // directory of 10,000 entries as in one of 10 (a DirectoryScan per
    // request made `ls` of a large directory quadratic). It keeps where
    // things are, not what they say: the live entries' slots in disk order,
    // which slots are used, and hashes of every name (long and short,
    // folded as FAT compares them) pointing at those slots. An entry's
    // contents (name, size, first cluster) are parsed from its sectors
    // when asked, so a size or cluster written since is never stale, and
    // the memory is a few words per entry.
    //
    // FatFileSystem changes it together with the disk (Add, Remove,
    // Extend) and drops it whenever a change could have left it behind:
    // a directory freed, any failure part-way through a change.
    internal sealed class DirectoryIndex
    {
        // An entry: the ordinal of its short slot, and how many long-name
        // slots come before it (at most 20, as a name is at most 255).
        private const int OrdinalBits = 20;
        private const int OrdinalMask = (1 << OrdinalBits) - 1;

        private readonly BlockCache _cache;
        private readonly FatGeometry _g;
        private readonly int _slotsPerCluster;
        private readonly List<int> _entries = new List<int>();
        private readonly List<bool> _used = new List<bool>();
        private readonly SlotHashes _names = new SlotHashes();
        private readonly SlotHashes _shortNames = new SlotHashes();
        private readonly List<int> _candidates = new List<int>();
        private readonly List<long> _positions = new List<long>();
        private readonly Dictionary<string, int> _tails = new Dictionary<string, int>();
        private int _firstFree;

        public readonly uint FirstCluster;
        public readonly List<uint> Clusters;

        // When FatFileSystem last used it (least recently used goes first).
        public long LastUse;

        public int SlotCount => _used.Count;

        // Live entries, "." and ".." not counted.
        public int Count => _entries.Count;

        private DirectoryIndex(BlockCache cache, FatGeometry g, uint firstCluster, List<uint> clusters)
        {
            _cache = cache;
            _g = g;
            _slotsPerCluster = g.ClusterBytes / DirectoryScan.SlotSize;
            FirstCluster = firstCluster;
            Clusters = clusters;
        }

        // One DirectoryScan, kept as an index.
        public static DirectoryIndex Build(BlockCache cache, FatTable fat, FatGeometry g, uint dirCluster)
        {
            var index = new DirectoryIndex(cache, g, dirCluster, new List<uint>());
            DirectoryScan scan = DirectoryScan.Read(cache, fat, g, dirCluster, index);
            for (int i = 0; i < scan.Clusters.Count; i++)
                index.Clusters.Add(scan.Clusters[i]);
            for (int i = 0; i < scan.Free.Count; i++)
                index._used.Add(!scan.Free[i]);
            return index;
        }

        // DirectoryScan found an entry (in disk order).
        public void Found(FatNode n)
        {
            if (n.Name == "." || n.Name == "..")
                return;
            int packed = Pack(n.SlotOrdinal, n.Slots.Count - 1);
            _entries.Add(packed);
            AddNames(n, packed);
        }

        private static int Pack(int ordinal, int longSlots) => ordinal | (longSlots << OrdinalBits);

        // The byte position (sector * 512 + offset) of slot `ordinal`.
        public long Position(int ordinal)
        {
            int cluster = ordinal / _slotsPerCluster;
            int offset = (ordinal % _slotsPerCluster) * DirectoryScan.SlotSize;
            long lba = _g.ClusterToSector(Clusters[cluster]) + offset / BlockCache.SectorSize;
            return lba * BlockCache.SectorSize + offset % BlockCache.SectorSize;
        }

        // The i-th live entry in disk order, read from its sectors.
        public FatNode EntryAt(int i)
        {
            FatNode? node = Parse(_entries[i]);
            if (node == null)
                throw new FatFault(FsError.Corrupt, "directory at cluster " + FirstCluster.ToString() + " changed under its index");
            return node;
        }

        // Index of the first live entry whose short slot is at `ordinal` or after.
        public int FirstAtOrAfter(int ordinal)
        {
            int low = 0, high = _entries.Count;
            while (low < high)
            {
                int mid = (low + high) >> 1;
                if ((_entries[mid] & OrdinalMask) < ordinal)
                    low = mid + 1;
                else
                    high = mid;
            }
            return low;
        }

        // The entry named `name` (long or short, ASCII case ignored), the
        // first in disk order if several match, or null.
        public FatNode? Find(string name)
        {
            _names.Candidates(Hash(name), _candidates);
            FatNode? best = null;
            for (int i = 0; i < _candidates.Count; i++)
            {
                FatNode? n = Parse(_candidates[i]);
                if (n == null || (best != null && best.SlotOrdinal < n.SlotOrdinal))
                    continue;
                if (FatNames.EqualsIgnoreCase(n.Name, name) || FatNames.EqualsIgnoreCase(n.ShortName, name))
                    best = n;
            }
            return best;
        }

        public bool ShortNameTaken(byte[] raw)
        {
            _shortNames.Candidates(HashRaw(raw), _candidates);
            for (int i = 0; i < _candidates.Count; i++)
            {
                long pos = Position(_candidates[i] & OrdinalMask);
                byte[] sector = _cache.Get(pos / BlockCache.SectorSize);
                if (FatNames.SameShortName(new ReadOnlySpan<byte>(sector, (int)(pos % BlockCache.SectorSize), 11), raw))
                    return true;
            }
            return false;
        }

        // Ordinal of the first run of `count` free slots, or -1. Every slot
        // before _firstFree is used, so the search starts there.
        public int FindFreeRun(int count)
        {
            int run = 0;
            bool seenFree = false;
            for (int i = _firstFree; i < _used.Count; i++)
            {
                if (_used[i])
                {
                    run = 0;
                    continue;
                }
                if (!seenFree)
                {
                    _firstFree = i;
                    seenFree = true;
                }
                if (++run == count)
                    return i - count + 1;
            }
            if (!seenFree)
                _firstFree = _used.Count;
            return -1;
        }

        // The last ~N alias tail given to a name of this basis ("STEM.EXT"), 0 if none.
        public int LastTail(string basis) => _tails.TryGetValue(basis, out int n) ? n : 0;

        public void TailUsed(string basis, int n)
        {
            // Bounded: past that, searches start at 1 again (slower, never wrong).
            if (_tails.Count < 4096 || _tails.ContainsKey(basis))
                _tails[basis] = n;
        }

        // The directory grew by one (zeroed) cluster.
        public void Extend(uint cluster)
        {
            Clusters.Add(cluster);
            for (int i = 0; i < _slotsPerCluster; i++)
                _used.Add(false);
        }

        // A new entry was written: its long-name slots from `first`, its
        // short slot last.
        public void Add(FatNode node, int first)
        {
            int longSlots = node.SlotOrdinal - first;
            for (int i = first; i <= node.SlotOrdinal; i++)
                _used[i] = true;
            int packed = Pack(node.SlotOrdinal, longSlots);
            _entries.Insert(FirstAtOrAfter(node.SlotOrdinal), packed);
            AddNames(node, packed);
        }

        // The entry's slots were marked deleted.
        public void Remove(FatNode node)
        {
            int at = FirstAtOrAfter(node.SlotOrdinal);
            if (at >= _entries.Count || (_entries[at] & OrdinalMask) != node.SlotOrdinal)
                throw new FatFault(FsError.Corrupt, "directory at cluster " + FirstCluster.ToString() + " has no entry at slot " + node.SlotOrdinal.ToString());
            int packed = _entries[at];
            int first = node.SlotOrdinal - (packed >> OrdinalBits);
            for (int i = first; i <= node.SlotOrdinal; i++)
                _used[i] = false;
            if (first < _firstFree)
                _firstFree = first;
            _entries.RemoveAt(at);
            _names.Remove(Hash(node.Name), packed);
            if (!FatNames.EqualsIgnoreCase(node.Name, node.ShortName))
                _names.Remove(Hash(node.ShortName), packed);
            _shortNames.Remove(HashRaw(node.RawShortName), packed);
        }

        private void AddNames(FatNode n, int packed)
        {
            _names.Add(Hash(n.Name), packed);
            if (!FatNames.EqualsIgnoreCase(n.Name, n.ShortName))
                _names.Add(Hash(n.ShortName), packed);
            _shortNames.Add(HashRaw(n.RawShortName), packed);
        }

        private FatNode? Parse(int packed)
        {
            int ordinal = packed & OrdinalMask;
            int longSlots = packed >> OrdinalBits;
            _positions.Clear();
            for (int i = ordinal - longSlots; i <= ordinal; i++)
                _positions.Add(Position(i));
            return DirectoryScan.ParseEntry(_cache, _positions, FirstCluster, ordinal);
        }

        // FNV-1a over the name folded as FatNames.EqualsIgnoreCase folds it.
        private static int Hash(string name)
        {
            uint h = 2166136261;
            for (int i = 0; i < name.Length; i++)
                h = (h ^ FatNames.Upper(name[i])) * 16777619;
            return (int)h;
        }

        private static int HashRaw(byte[] raw)
        {
            uint h = 2166136261;
            for (int i = 0; i < 11; i++)
                h = (h ^ raw[i]) * 16777619;
            return (int)h;
        }

        // A multimap from a 32-bit hash to entries (open addressing; a
        // removed pair leaves a tombstone until the next resize).
        private sealed class SlotHashes
        {
            private const int Empty = -1, Removed = -2;
            private int[] _hashes = new int[16];
            private int[] _values = NewValues(16);
            private int _filled;    // live pairs and tombstones

            private static int[] NewValues(int n)
            {
                var values = new int[n];
                for (int i = 0; i < n; i++)
                    values[i] = Empty;
                return values;
            }

            public void Add(int hash, int value)
            {
                if ((_filled + 1) * 4 > _hashes.Length * 3)
                    Resize();
                int mask = _hashes.Length - 1;
                for (int i = hash & mask; ; i = (i + 1) & mask)
                {
                    if (_values[i] < 0)
                    {
                        if (_values[i] == Empty)
                            _filled++;
                        _hashes[i] = hash;
                        _values[i] = value;
                        return;
                    }
                }
            }

            public void Remove(int hash, int value)
            {
                int mask = _hashes.Length - 1;
                for (int i = hash & mask; _values[i] != Empty; i = (i + 1) & mask)
                {
                    if (_hashes[i] == hash && _values[i] == value)
                    {
                        _values[i] = Removed;
                        return;
                    }
                }
            }

            public void Candidates(int hash, List<int> into)
            {
                into.Clear();
                int mask = _hashes.Length - 1;
                for (int i = hash & mask; _values[i] != Empty; i = (i + 1) & mask)
                {
                    if (_values[i] >= 0 && _hashes[i] == hash)
                        into.Add(_values[i]);
                }
            }

            private void Resize()
            {
                int[] hashes = _hashes, values = _values;
                int live = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] >= 0)
                        live++;
                }
                // At least half again the live pairs: at most 3/4 full
                // after, and at most 3x the memory they need.
                int size = 16;
                while (size * 2 < (live + 1) * 3)
                    size *= 2;
                _hashes = new int[size];
                _values = NewValues(size);
                _filled = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] >= 0)
                        Add(hashes[i], values[i]);
                }
            }
        }
    }
}
