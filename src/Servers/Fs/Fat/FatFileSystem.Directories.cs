using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // The directories FS has indexed (DirectoryIndex), and where each
    // reader of a directory stopped (DirectoryCursors). Bounded: at most
    // MaxIndexedSlots slots in all (one directory of FAT's largest size,
    // about 2.5 MiB of index at worst; FS's heap is 8 MiB), least recently
    // used dropped first.
    public sealed partial class FatFileSystem
    {
        private const int MaxIndexedSlots = DirectoryScan.MaxSlots;

        private readonly Dictionary<uint, DirectoryIndex> _indexes = new Dictionary<uint, DirectoryIndex>();
        private long _indexClock;
        private readonly DirectoryCursors _cursors = new DirectoryCursors();

        // How many directory scans the volume made (tests and bench read it:
        // listing or looking names up in an indexed directory makes none).
        public long DirectoryScans { get; private set; }

        // Cluster chains walked from their start, and FAT entries examined
        // looking for free clusters (FatTable).
        public long ChainWalks => _fat.ChainWalks;
        public long FreeSearchSteps => _fat.FreeSearchSteps;

        private DirectoryIndex Index(FatNode dir) => IndexOf(DirectoryCluster(dir));

        private DirectoryIndex IndexOf(uint cluster)
        {
            if (!_indexes.TryGetValue(cluster, out DirectoryIndex? index) || index == null)
            {
                DirectoryScans++;
                index = DirectoryIndex.Build(_cache, _fat, _g, cluster);
                MakeRoomFor(index.SlotCount);
                _indexes[cluster] = index;
            }
            index.LastUse = ++_indexClock;
            return index;
        }

        // The index of a directory if one is kept (a change to a directory
        // nobody indexed needs no bookkeeping).
        private DirectoryIndex? KeptIndex(uint cluster) =>
            _indexes.TryGetValue(cluster, out DirectoryIndex? index) ? index : null;

        private void MakeRoomFor(int slots)
        {
            while (_indexes.Count > 0)
            {
                int total = slots;
                DirectoryIndex? oldest = null;
                foreach (KeyValuePair<uint, DirectoryIndex> pair in _indexes)
                {
                    total += pair.Value.SlotCount;
                    if (oldest == null || pair.Value.LastUse < oldest.LastUse)
                        oldest = pair.Value;
                }
                if (total <= MaxIndexedSlots || oldest == null)
                    return;
                _indexes.Remove(oldest.FirstCluster);
            }
        }

        // The directory at `cluster` is gone (its chain freed): a new
        // directory may get the cluster, and must not inherit the index.
        private void ForgetIndex(uint cluster)
        {
            _indexes.Remove(cluster);
            _cursors.Forget(cluster);
        }

        // A change failed part-way: what the indexes and remembered chains
        // say may no longer match the disk, so they are rebuilt on demand.
        private void ForgetAll()
        {
            _indexes.Clear();
            _fat.ForgetChains();
        }

        // Where readers of directories stopped: (directory, the index the
        // reader will ask for next) -> the slot after the last entry it was
        // given. A reader continues from that slot, not from the index: an
        // entry added or removed before its position shifts every index
        // after it, and no entry that stayed may be skipped or given twice.
        // Slots never move while the directory exists (its index may be
        // dropped and rebuilt: the slots are the disk's). Two readers
        // stopped at the same index of one directory share a cursor; the
        // later one wins (both are right unless the directory changed
        // between their reads). A reader whose cursor was pushed out (more
        // than Size readers at once) continues by index.
        private sealed class DirectoryCursors
        {
            private const int Size = 8;
            private readonly uint[] _directory = new uint[Size];
            private readonly long[] _next = new long[Size];
            private readonly int[] _ordinal = new int[Size];
            private readonly long[] _used = new long[Size];
            private long _clock;

            public bool Find(uint directory, long next, out int ordinal)
            {
                for (int i = 0; i < Size; i++)
                {
                    if (_used[i] != 0 && _directory[i] == directory && _next[i] == next)
                    {
                        ordinal = _ordinal[i];
                        return true;
                    }
                }
                ordinal = 0;
                return false;
            }

            // The directory is gone: its readers' positions mean nothing
            // in a directory that gets its cluster next.
            public void Forget(uint directory)
            {
                for (int i = 0; i < Size; i++)
                {
                    if (_directory[i] == directory)
                        _used[i] = 0;
                }
            }

            public void Remember(uint directory, long next, int ordinal)
            {
                int slot = 0;
                for (int i = 0; i < Size; i++)
                {
                    if (_used[i] != 0 && _directory[i] == directory && _next[i] == next)
                    {
                        slot = i;
                        break;
                    }
                    if (_used[i] < _used[slot])
                        slot = i;
                }
                _directory[slot] = directory;
                _next[slot] = next;
                _ordinal[slot] = ordinal;
                _used[slot] = ++_clock;
            }
        }
    }
}
