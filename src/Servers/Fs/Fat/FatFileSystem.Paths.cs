using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Path handling: absolute, '/'-separated paths; "." and ".." are resolved
    // by name (the root's ".." is the root); lookups ignore ASCII case as FAT
    // does.
    public sealed partial class FatFileSystem
    {
        // Finds the file or directory at `path` (stat: node has size, kind,
        // attributes, first cluster).
        public FsError Lookup(string path, out FatNode? node)
        {
            node = null;
            try
            {
                node = Resolve(Split(path), -1);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Lookup that also spells the path as the volume does: each name as
        // stored (its long name), whatever case or short alias the caller
        // used. VFS keys owners and modes by this spelling, so no alias of a
        // name escapes its rule.
        public FsError Lookup(string path, out FatNode? node, out string canonical)
        {
            node = null;
            canonical = "/";
            try
            {
                List<string> parts = Split(path);
                var spelled = new System.Text.StringBuilder();
                node = RootNode();
                for (int i = 0; i < parts.Count; i++)
                {
                    if (!node.IsDirectory)
                        throw new FatFault(FsError.NotADirectory, node.Name + " is not a directory");
                    node = Index(node).Find(parts[i]) ?? throw new FatFault(FsError.NotFound, "not found: " + parts[i]);
                    spelled.Append('/').Append(node.Name);
                }
                if (spelled.Length > 0)
                    canonical = spelled.ToString();
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Opening is a lookup: the node is the handle Read/Write/Truncate take.
        public FsError Open(string path, out FatNode? node) => Lookup(path, out node);

        // Lists a directory's entries (without "." and "..") into `entries`.
        public FsError ReadDirectory(string path, List<FatNode> entries) =>
            ReadDirectory(path, 0, int.MaxValue, entries, out long _);

        // Up to `max` entries from the `first`-th on (disk order, without
        // "." and ".."); `total` is how many the directory holds. Indexes
        // count from a reader's start: one that comes back for `first`
        // after reporting with DirectoryReadStopped where it stopped
        // continues from that slot even if entries before it were added or
        // removed meanwhile. With a `room`, entries stop before the first
        // (after the first one) whose `perEntry` bytes plus its name (at
        // most 255) would not fit: each entry is parsed from the disk's
        // sectors, so none is read that the caller cannot take.
        public FsError ReadDirectory(string path, long first, int max, List<FatNode> entries, out long total,
            int room = int.MaxValue, int perEntry = 0)
        {
            total = 0;
            try
            {
                if (first < 0)
                    throw new FatFault(FsError.BadOffset, "negative directory index " + first.ToString());
                FatNode dir = Resolve(Split(path), -1);
                DirectoryIndex index = Index(dir);
                total = index.Count;
                long start = first;
                if (_cursors.Find(index.FirstCluster, first, out int ordinal))
                    start = index.FirstAtOrAfter(ordinal);
                long used = 0;
                for (long i = start; i < index.Count && entries.Count < max; i++)
                {
                    FatNode entry = index.EntryAt((int)i);
                    used += perEntry + (entry.Name.Length > 255 ? 255 : entry.Name.Length);
                    if (used > room && entries.Count > 0)
                        break;
                    entries.Add(entry);
                }
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // A reader of `last`'s directory took entries up to `last` and will
        // ask for index `next` (see ReadDirectory).
        public void DirectoryReadStopped(FatNode last, long next)
        {
            DirectoryIndex? index = KeptIndex(last.ParentCluster);
            if (index != null && last.SlotOrdinal >= 0)
                _cursors.Remember(index.FirstCluster, next, last.SlotOrdinal + 1);
        }

        // The path's components with "." and ".." already applied.
        private static List<string> Split(string path)
        {
            if (path == null || path.Length == 0 || path[0] != '/')
                throw new FatFault(FsError.InvalidName, "path must be absolute: '" + (path ?? "") + "'");
            if (path.Length > MaxPathLength)
                throw new FatFault(FsError.PathTooLong, "path too long: " + path.Length.ToString() + " characters, limit "
                    + MaxPathLength.ToString());
            var parts = new List<string>();
            int start = 1;
            while (start <= path.Length)
            {
                int end = path.IndexOf('/', start);
                if (end < 0) end = path.Length;
                string part = path.Substring(start, end - start);
                start = end + 1;
                if (part.Length == 0 || part == ".")
                    continue;
                if (part == "..")
                {
                    if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                    continue;
                }
                if (part.Length > FatNames.MaxLongName)
                    throw new FatFault(FsError.NameTooLong, "name too long: " + part.Length.ToString() + " characters, limit 255");
                parts.Add(part);
            }
            return parts;
        }

        // Walks the first `count` components (all for -1).
        private FatNode Resolve(List<string> parts, int count)
        {
            if (count < 0) count = parts.Count;
            FatNode node = RootNode();
            for (int i = 0; i < count; i++)
            {
                if (!node.IsDirectory)
                    throw new FatFault(FsError.NotADirectory, node.Name + " is not a directory");
                FatNode? next = Index(node).Find(parts[i]);
                if (next == null)
                    throw new FatFault(FsError.NotFound, "not found: " + parts[i]);
                node = next;
            }
            return node;
        }

        // The directory a new or renamed entry goes into, and its checked name.
        private FatNode ResolveParent(string path, out string name)
        {
            List<string> parts = Split(path);
            if (parts.Count == 0)
                throw new FatFault(FsError.InvalidName, "the root has no name");
            name = parts[parts.Count - 1];
            FsError bad = FatNames.Validate(name);
            if (bad != FsError.None)
                throw new FatFault(bad, "invalid name: '" + name + "'");
            FatNode parent = Resolve(parts, parts.Count - 1);
            if (!parent.IsDirectory)
                throw new FatFault(FsError.NotADirectory, parent.Name + " is not a directory");
            return parent;
        }
    }
}
