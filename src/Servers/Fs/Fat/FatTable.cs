using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // The file allocation table: 28-bit links between clusters. Reads use the
    // first FAT; every change is written to all copies so they never diverge.
    // Chains are walked with a step bound (the cluster count), so a loop or an
    // out-of-range link is reported as Corrupt instead of hanging.
    internal sealed class FatTable
    {
        public const uint EndOfChain = 0x0FFFFFFF;
        private const uint Mask = 0x0FFFFFFF;

        private readonly BlockCache _cache;
        private readonly FatGeometry _g;
        private long _freeCount = -1;     // exact count once scanned, -1 until then
        private uint _nextFreeHint = 2;
        private bool _changed;

        // The chains ChainForReading walked last (a few files: cp reads one
        // while it writes another), each valid while _links has not moved.
        // _links counts every change that could alter a remembered chain
        // or whether it is owned: a link set or cleared, an entry naming a
        // cluster or no longer. Linking free clusters to each other and to
        // the end of a remembered chain (AllocateChain, AppendTo) cannot, so
        // a file written in pieces keeps its chain instead of walking it
        // from the start for every piece (that made writing quadratic).
        private const int Memos = 8;
        private long _links;
        private readonly uint[] _memoFirst = new uint[Memos];
        private readonly long[] _memoLinks = NewStamps();
        private readonly List<uint>?[] _memo = new List<uint>?[Memos];
        private int _memoNext;

        private static long[] NewStamps()
        {
            var stamps = new long[Memos];
            for (int i = 0; i < Memos; i++)
                stamps[i] = -1;
            return stamps;
        }

        // Who points at each cluster; null until FatFileSystem builds it
        // (CountLinks plus its walk of the directory tree).
        private ClusterReferences? _refs;

        public FatTable(BlockCache cache, FatGeometry g)
        {
            _cache = cache;
            _g = g;
        }

        public bool Changed => _changed;

        // Walks of a chain from its first cluster, and FAT entries the
        // free-cluster search looked at (tests and bench check that both
        // grow with the work, not with the file or the volume).
        public long ChainWalks { get; private set; }
        public long FreeSearchSteps { get; private set; }

        // The FSInfo hint is only a starting point for the free-cluster search.
        public void UseNextFreeHint(uint hint)
        {
            if (_g.IsValidCluster(hint))
                _nextFreeHint = hint;
        }

        public uint NextFreeHint => _nextFreeHint;

        public uint Get(uint cluster)
        {
            long offset = (long)cluster * 4;
            byte[] sector = _cache.Get(_g.ReservedSectors + offset / BlockCache.SectorSize);
            return LittleEndian.U32(sector, (int)(offset % BlockCache.SectorSize)) & Mask;
        }

        public void Set(uint cluster, uint value)
        {
            Link(cluster, value);
            _links++;
        }

        // Set without invalidating remembered chains: for links that only
        // add free clusters to a chain's end.
        private void Link(uint cluster, uint value)
        {
            if (_refs != null)
            {
                _refs.Drop(Get(cluster));
                _refs.Add(value & Mask);
            }
            long offset = (long)cluster * 4;
            int at = (int)(offset % BlockCache.SectorSize);
            for (int copy = 0; copy < _g.FatCount; copy++)
            {
                long lba = _g.ReservedSectors + (long)copy * _g.FatSectors + offset / BlockCache.SectorSize;
                byte[] sector = _cache.Get(lba);
                // The top four bits are reserved and must be preserved.
                uint old = LittleEndian.U32(sector, at);
                LittleEndian.Put32(sector, at, (old & ~Mask) | (value & Mask));
                _cache.MarkDirty(lba);
            }
            _changed = true;
        }

        public static bool IsEnd(uint link) => link >= 0x0FFFFFF8;

        // The cluster after `cluster`, or 0 at the end of the chain.
        public uint Next(uint cluster)
        {
            uint link = Get(cluster);
            if (IsEnd(link))
                return 0;
            if (!_g.IsValidCluster(link))
                throw new FatFault(FsError.Corrupt, "cluster " + cluster.ToString() + " links to invalid cluster " + link.ToString());
            return link;
        }

        // Every cluster of the chain starting at `first` (empty for 0).
        public List<uint> Chain(uint first)
        {
            if (first == 0)
                return new List<uint>();
            if (!_g.IsValidCluster(first))
                throw new FatFault(FsError.Corrupt, "chain starts at invalid cluster " + first.ToString());
            // Measured first, then listed: a looping chain is found without
            // growing a list to the volume's cluster count (FS's heap could
            // not hold the copies the growth leaves behind).
            ChainWalks++;
            long length = 0;
            for (uint c = first; c != 0; c = Next(c))
            {
                if (++length > _g.ClusterCount)
                    throw new FatFault(FsError.Corrupt, "cluster chain from " + first.ToString() + " loops");
            }
            var chain = new List<uint>((int)length);
            for (uint c = first; c != 0; c = Next(c))
                chain.Add(c);
            return chain;
        }

        public ClusterReferences? References => _refs;

        // One pass over the FAT: the exact free count, and a fresh
        // ClusterReferences holding every link (the caller adds the
        // directory entries' first clusters before UseReferences).
        public ClusterReferences CountLinks()
        {
            var refs = new ClusterReferences(_g.MaxCluster);
            long free = 0;
            for (uint c = 2; c <= _g.MaxCluster; c++)
            {
                uint link = Get(c);
                if (link == 0)
                    free++;
                else if (!IsEnd(link))
                    refs.Add(link);
            }
            _freeCount = free;
            return refs;
        }

        public void UseReferences(ClusterReferences refs)
        {
            _refs = refs;
            _links++;
        }

        // A directory entry now names `cluster` as its first (or no longer does).
        public void AddHead(uint cluster)
        {
            if (_refs != null)
            {
                _refs.Add(cluster);
                _links++;
            }
        }

        public void DropHead(uint cluster)
        {
            if (_refs != null)
            {
                _refs.Drop(cluster);
                _links++;
            }
        }

        // Index of the first cluster of `chain` that something besides its
        // own predecessor (or its directory entry) points at, or -1. A root
        // directory's first cluster has no referrer at all (`headless`: nor
        // has a chain whose entry is gone). Everything from
        // that index on is reachable from another chain too.
        public int FirstShared(List<uint> chain, bool headless)
        {
            if (_refs == null)
                return -1;
            for (int i = 0; i < chain.Count; i++)
            {
                int expected = i == 0 && headless ? 0 : 1;
                if (_refs.Count(chain[i]) > expected)
                    return i;
            }
            return -1;
        }

        // Chain(first), refused if it is cross-linked with another chain:
        // its bytes are not (only) its own, so neither reading nor changing
        // it can be trusted.
        public List<uint> OwnedChain(uint first, string name)
        {
            List<uint> chain = Chain(first);
            int shared = FirstShared(chain, first == _g.RootCluster);
            if (shared >= 0)
                throw new FatFault(FsError.Corrupt, name + ": cluster " + chain[shared].ToString()
                    + " is cross-linked (another file or directory uses it too)");
            return chain;
        }

        // OwnedChain(first) for a caller that only reads the list: a file read in
        // pieces walks its chain once instead of once per piece (which made
        // reading a big file quadratic). Any change of a link or of a first
        // cluster in an entry invalidates it.
        // An empty file's chain is a new list each time (many files share
        // first cluster 0).
        public List<uint> ChainForReading(uint first, string name)
        {
            if (first == 0)
                return new List<uint>();
            for (int i = 0; i < Memos; i++)
            {
                if (_memo[i] != null && _memoFirst[i] == first && _memoLinks[i] == _links)
                    return _memo[i]!;
            }
            List<uint> chain = OwnedChain(first, name);
            Remember(first, chain);
            return chain;
        }

        // `chain` (from `first`) is right as of now.
        public void Remember(uint first, List<uint> chain)
        {
            for (int i = 0; i < Memos; i++)
            {
                if (_memo[i] != null && _memoFirst[i] == first)
                    _memo[i] = null;
            }
            int slot = _memoNext;
            _memoNext = (_memoNext + 1) % Memos;
            _memo[slot] = chain;
            _memoFirst[slot] = first;
            _memoLinks[slot] = _links;
        }

        public void ForgetChains()
        {
            for (int i = 0; i < Memos; i++)
                _memo[i] = null;
            _links++;
        }

        // Links `added` (fresh from AllocateChain) after the last cluster of
        // `chain` and appends them to the list, which ChainForReading may
        // have handed out: it stays right without a new walk.
        public void AppendTo(List<uint> chain, List<uint> added)
        {
            Link(chain[chain.Count - 1], added[0]);
            for (int i = 0; i < added.Count; i++)
                chain.Add(added[i]);
        }

        public long FreeCount()
        {
            if (_freeCount < 0)
                CountLinks();
            return _freeCount;
        }

        // Allocates `count` clusters, linked in order and ended; all or nothing.
        public List<uint> AllocateChain(int count)
        {
            var got = new List<uint>(count < 1 ? 1 : count);
            if (count <= 0)
                return got;
            if (FreeCount() < count)
                throw new FatFault(FsError.NoSpace, "no space: " + count.ToString() + " clusters needed, "
                    + _freeCount.ToString() + " free");
            uint c = _nextFreeHint;
            for (long scanned = 0; scanned < _g.ClusterCount && got.Count < count; scanned++)
            {
                if (c > _g.MaxCluster)
                    c = 2;
                FreeSearchSteps++;
                // A free cluster that an entry or link still names would be shared at once.
                if (Get(c) == 0 && (_refs == null || _refs.Count(c) == 0))
                    got.Add(c);
                c++;
            }
            if (got.Count < count)
                throw new FatFault(FsError.NoSpace, "no space: the FAT has fewer free clusters than counted");
            // Free clusters: no remembered chain holds them.
            for (int i = 0; i < got.Count; i++)
                Link(got[i], i + 1 < got.Count ? got[i + 1] : EndOfChain);
            _freeCount -= count;
            _nextFreeHint = c > _g.MaxCluster ? 2 : c;
            return got;
        }

        // Records clusters freed by a caller that cleared their links itself.
        public void AdjustFree(long freed)
        {
            if (_freeCount >= 0)
                _freeCount += freed;
        }

        // Frees the clusters of the chain from `first` that are its own (the
        // chain is read first, so a looping or out-of-range chain frees
        // nothing). The caller has already deleted the entry naming `first`
        // (or there never was one), so anything else pointing at a cluster
        // means another chain shares it: freeing stops there, and the other
        // chain keeps the rest. Returns how many clusters were freed.
        public int FreeChain(uint first)
        {
            List<uint> chain = Chain(first);
            int own = FirstShared(chain, true);
            if (own < 0)
                own = chain.Count;
            for (int i = 0; i < own; i++)
                Set(chain[i], 0);
            if (_freeCount >= 0)
                _freeCount += own;
            return own;
        }
    }
}
