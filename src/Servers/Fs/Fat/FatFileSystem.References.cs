using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Cross-link detection: before the first read or change, one pass over
    // the FAT and one walk of the directory tree count who points at each
    // cluster (ClusterReferences); from then on every link and entry change
    // keeps the counts. A chain with a cluster that two referrers share is
    // refused for reading and writing, and freeing one stops where the
    // sharing starts, so a damaged volume never spreads the damage to a
    // file that was intact.
    public sealed partial class FatFileSystem
    {
        // Clusters more than one chain points at, once counted (-1 before).
        public long SharedClusters => _fat.References == null ? -1 : _fat.References.SharedCount;

        private void EnsureReferences()
        {
            if (_fat.References != null)
                return;
            ClusterReferences refs = _fat.CountLinks();
            var directories = new List<uint>();
            var seen = new Dictionary<uint, bool>();
            directories.Add(_g.RootCluster);
            seen.Add(_g.RootCluster, true);
            // Each directory once, so a directory entry pointing back up the
            // tree cannot make the walk loop.
            for (int d = 0; d < directories.Count; d++)
            {
                DirectoryScan scan;
                try
                {
                    scan = DirectoryScan.Read(_cache, _fat, _g, directories[d]);
                }
                catch (FatFault f) when (f.Error == FsError.Corrupt)
                {
                    continue;   // a damaged directory: using it fails anyway, its entries are not counted
                }
                for (int i = 0; i < scan.Entries.Count; i++)
                {
                    FatNode entry = scan.Entries[i];
                    // "." and ".." name their directories again: not owners.
                    if (entry.RawShortName[0] == (byte)'.')
                        continue;
                    refs.Add(entry.FirstCluster);
                    if (entry.IsDirectory && _g.IsValidCluster(entry.FirstCluster) && !seen.ContainsKey(entry.FirstCluster))
                    {
                        seen.Add(entry.FirstCluster, true);
                        directories.Add(entry.FirstCluster);
                    }
                }
            }
            _fat.UseReferences(refs);
        }

        // The first cluster written in the short entry at `position`.
        private uint EntryCluster(long position)
        {
            byte[] sector = SlotSector(position, out int off);
            return ((uint)LittleEndian.U16(sector, off + 20) << 16) | LittleEndian.U16(sector, off + 26);
        }
    }
}
