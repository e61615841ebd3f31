using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // One process's descriptors 0..63, each naming an open-file description
    // or nothing. Descriptors 0, 1 and 2 are ordinary: VFS gives them no
    // meaning of its own. Every slot taken adds a reference to the
    // description; every slot freed drops one.
    public sealed class DescriptorTable
    {
        private readonly OpenFile?[] _slots = new OpenFile?[VfsLimits.MaxDescriptors];

        public static bool InRange(long fd) => fd >= 0 && fd < VfsLimits.MaxDescriptors;

        public OpenFile? Get(long fd) => InRange(fd) ? _slots[fd] : null;

        // The lowest free descriptor at or above `lowest`, now naming file;
        // TooManyOpen (file not referenced) when there is none.
        public int Install(OpenFile file, int lowest = 0)
        {
            for (int fd = lowest < 0 ? 0 : lowest; fd < _slots.Length; fd++)
            {
                if (_slots[fd] != null)
                    continue;
                _slots[fd] = file;
                file.AddReference();
                return fd;
            }
            return VfsStatus.TooManyOpen;
        }

        // Puts file at exactly fd (which must be in range and free).
        public void InstallAt(int fd, OpenFile file)
        {
            _slots[fd] = file;
            file.AddReference();
        }

        // Frees fd; the description it named (null if none), and whether
        // that was its last reference.
        public OpenFile? Remove(long fd, out bool last)
        {
            last = false;
            if (!InRange(fd) || _slots[fd] == null)
                return null;
            OpenFile file = _slots[fd]!;
            _slots[fd] = null;
            last = file.DropReference();
            return file;
        }

        // Frees every descriptor; the descriptions that lost their last
        // reference (pipe ends whose peers must be woken).
        public List<OpenFile> RemoveAll()
        {
            var released = new List<OpenFile>();
            for (int fd = 0; fd < _slots.Length; fd++)
            {
                OpenFile? file = Remove(fd, out bool last);
                if (file != null && last)
                    released.Add(file);
            }
            return released;
        }

        // A fork's copy: the same descriptions, each one more reference.
        public DescriptorTable Copy()
        {
            var copy = new DescriptorTable();
            for (int fd = 0; fd < _slots.Length; fd++)
            {
                if (_slots[fd] != null)
                    copy.InstallAt(fd, _slots[fd]!);
            }
            return copy;
        }

        public int OpenCount
        {
            get
            {
                int count = 0;
                for (int fd = 0; fd < _slots.Length; fd++)
                {
                    if (_slots[fd] != null)
                        count++;
                }
                return count;
            }
        }
    }
}
