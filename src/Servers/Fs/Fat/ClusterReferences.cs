using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // How many things point at each cluster: FAT links plus directory
    // entries naming it as a first cluster ("." and ".." excluded). On a
    // sound volume every cluster in use has exactly one referrer (the root
    // directory's first cluster none), so a cluster with more is shared by
    // two chains: cross-linked. Reading such a chain would show another
    // file's bytes, and writing or freeing it would damage that file, so the
    // engine refuses both. A free cluster that something still points at is
    // never handed out.
    //
    // One bit per cluster for "at least one referrer", and exact counts only
    // for the rare clusters with more (a 64 MiB volume of 512-byte clusters
    // costs 16 KiB). Kept exact by FatTable.Set and the entry writers.
    internal sealed class ClusterReferences
    {
        private readonly uint[] _referenced;
        private readonly Dictionary<uint, int> _extra = new Dictionary<uint, int>();
        private readonly uint _maxCluster;

        public ClusterReferences(uint maxCluster)
        {
            _maxCluster = maxCluster;
            _referenced = new uint[maxCluster / 32 + 1];
        }

        // Clusters with more than one referrer right now.
        public int SharedCount => _extra.Count;

        public int Count(uint cluster)
        {
            if (cluster < 2 || cluster > _maxCluster)
                return 0;
            if ((_referenced[cluster >> 5] & (1u << (int)(cluster & 31))) == 0)
                return 0;
            return _extra.TryGetValue(cluster, out int more) ? 1 + more : 1;
        }

        public void Add(uint cluster)
        {
            if (cluster < 2 || cluster > _maxCluster)
                return;
            uint bit = 1u << (int)(cluster & 31);
            if ((_referenced[cluster >> 5] & bit) == 0)
            {
                _referenced[cluster >> 5] |= bit;
                return;
            }
            _extra[cluster] = _extra.TryGetValue(cluster, out int more) ? more + 1 : 1;
        }

        public void Drop(uint cluster)
        {
            if (cluster < 2 || cluster > _maxCluster)
                return;
            if (_extra.TryGetValue(cluster, out int more))
            {
                if (more > 1)
                    _extra[cluster] = more - 1;
                else
                    _extra.Remove(cluster);
                return;
            }
            _referenced[cluster >> 5] &= ~(1u << (int)(cluster & 31));
        }
    }
}
