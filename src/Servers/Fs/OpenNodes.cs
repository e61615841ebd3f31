using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs
{
    // FS's open files: what Open hands out handles to, so Read and Write
    // find their node without a path (FileSystemProtocol.cs). One slot per
    // file (keyed by its canonical path, so two spellings share it): every
    // handle of a file reaches the same node, and a write through one is
    // seen through the others. At most MaxHandles files; a new one takes a
    // free slot or the least recently used, whose handles turn stale (the
    // client opens its path again, as it does after an FS restart).
    //
    // A handle is (instance << 32) | (slot generation << 16) | slot. The
    // instance differs per FS run, so a handle from before a restart is
    // stale rather than another file's; the generation is bumped when a
    // slot is given to another file.
    //
    // A node describes a directory entry at one place on the disk; a
    // rename or unlink anywhere (the engine's TreeGeneration) may move or
    // free it, so a slot looked up before the last such change is looked
    // up again by its path before it is used.
    internal sealed class OpenNodes
    {
        private sealed class Slot
        {
            public FatNode? Node;
            public string Path = "";
            public long TreeGeneration;
            public ushort Generation;
            public long LastUse;
        }

        private readonly Slot[] _slots = new Slot[FileSystemLimits.MaxHandles];
        private readonly long _instance;
        private long _clock;

        public OpenNodes(long instance)
        {
            _instance = (instance & 0x7FFF_FFFF) == 0 ? 1 : instance & 0x7FFF_FFFF;
            for (int i = 0; i < _slots.Length; i++)
                _slots[i] = new Slot();
        }

        // A new volume: every handle is stale.
        public void Clear()
        {
            for (int i = 0; i < _slots.Length; i++)
                _slots[i].Node = null;
        }

        // The regular file at path, and a handle to it.
        public int Open(FatFileSystem volume, string path, out long handle, out FatNode node)
        {
            handle = 0;
            node = null!;
            FsError error = volume.Lookup(path, out FatNode? found, out string canonical);
            if (error != FsError.None || found == null)
                return FsStatuses.Of(error);
            if (found.IsDirectory)
                return FileSystemStatus.IsADirectory;
            int index = -1, victim = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                Slot s = _slots[i];
                if (s.Node != null && s.Path == canonical)
                {
                    index = i;
                    break;
                }
                if (_slots[victim].Node != null && (s.Node == null || s.LastUse < _slots[victim].LastUse))
                    victim = i;
            }
            Slot slot;
            if (index >= 0)
            {
                slot = _slots[index];
                // The slot's node has this file's latest size unless the
                // tree changed since (then the new lookup is the truth).
                if (slot.TreeGeneration != volume.TreeGeneration)
                {
                    slot.Node = found;
                    slot.TreeGeneration = volume.TreeGeneration;
                }
            }
            else
            {
                index = victim;
                slot = _slots[index];
                slot.Generation = (ushort)(slot.Generation == ushort.MaxValue ? 1 : slot.Generation + 1);
                slot.Node = found;
                slot.Path = canonical;
                slot.TreeGeneration = volume.TreeGeneration;
            }
            slot.LastUse = ++_clock;
            handle = (_instance << 32) | ((long)slot.Generation << 16) | (long)index;
            node = slot.Node!;
            return Status.Ok;
        }

        // The node a handle names; StaleHandle if FS no longer keeps it.
        public int Resolve(FatFileSystem volume, long handle, out FatNode node)
        {
            node = null!;
            int index = (int)(handle & 0xFFFF);
            if (handle < 0 || (handle >> 32) != _instance || index >= _slots.Length)
                return FileSystemStatus.StaleHandle;
            Slot slot = _slots[index];
            if (slot.Node == null || slot.Generation != (ushort)(handle >> 16))
                return FileSystemStatus.StaleHandle;
            if (slot.TreeGeneration != volume.TreeGeneration)
            {
                FsError error = volume.Lookup(slot.Path, out FatNode? found);
                if (error != FsError.None || found == null)
                    return FsStatuses.Of(error);
                if (found.IsDirectory)
                    return FileSystemStatus.IsADirectory;
                slot.Node = found;
                slot.TreeGeneration = volume.TreeGeneration;
            }
            slot.LastUse = ++_clock;
            node = slot.Node;
            return Status.Ok;
        }
    }
}
