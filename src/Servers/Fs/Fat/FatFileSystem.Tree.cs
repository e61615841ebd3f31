using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Changes to the tree: create, mkdir, rmdir, unlink, rename. Each checks
    // everything that can fail before it writes, and writes the new entry
    // before removing an old one, so a failure never loses a file.
    public sealed partial class FatFileSystem
    {
        // Creates an empty file; Exists if the name is taken.
        public FsError Create(string path, out FatNode? node)
        {
            Generation++;
            TreeGeneration++;
            node = null;
            try
            {
                EnsureReferences();
                FatNode parent = ResolveParent(path, out string name);
                node = AddEntry(parent, name, FatNode.AttrArchive, 0, 0, -1);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Creates a directory with its "." and ".." entries.
        public FsError MakeDirectory(string path)
        {
            Generation++;
            TreeGeneration++;
            try
            {
                EnsureReferences();
                FatNode parent = ResolveParent(path, out string name);
                DirectoryIndex index = Index(parent);
                if (index.Find(name) != null)
                    throw new FatFault(FsError.Exists, "already exists: " + name);
                CheckWritable(parent, index);     // before a cluster is taken and written
                uint c = _fat.AllocateChain(1)[0];
                try
                {
                    ForgetIndex(c);
                    ZeroCluster(c);
                    // ".." of a directory in the root names cluster 0, as FAT requires.
                    WriteDotEntry(c, 0, ".          ", c);
                    WriteDotEntry(c, 1, "..         ", parent.IsRoot ? 0 : parent.FirstCluster);
                    AddEntry(parent, name, FatNode.AttrDirectory, c, 0, -1);
                }
                catch (FatFault)
                {
                    _fat.FreeChain(c);
                    throw;
                }
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Removes an empty directory.
        public FsError RemoveDirectory(string path)
        {
            Generation++;
            TreeGeneration++;
            try
            {
                EnsureReferences();
                FatNode dir = Resolve(Split(path), -1);
                if (dir.IsRoot)
                    throw new FatFault(FsError.Busy, "the root cannot be removed");
                if (!dir.IsDirectory)
                    throw new FatFault(FsError.NotADirectory, dir.Name + " is not a directory");
                if (Index(dir).Count > 0)
                    throw new FatFault(FsError.NotEmpty, dir.Name + " is not empty");
                DeleteEntry(dir);
                ForgetIndex(dir.FirstCluster);
                _fat.FreeChain(dir.FirstCluster);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Removes a file and frees its clusters.
        public FsError Unlink(string path)
        {
            Generation++;
            TreeGeneration++;
            try
            {
                EnsureReferences();
                FatNode file = Resolve(Split(path), -1);
                if (file.IsDirectory)
                    throw new FatFault(FsError.IsADirectory, file.Name + " is a directory");
                _fat.Chain(file.FirstCluster);      // a corrupt chain fails here, before any change
                DeleteEntry(file);
                _fat.FreeChain(file.FirstCluster);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Moves an entry, within or across directories. As POSIX rename does,
        // an existing target is replaced: a file by a file, an empty
        // directory by a directory.
        public FsError Rename(string from, string to)
        {
            Generation++;
            TreeGeneration++;
            try
            {
                EnsureReferences();
                FatNode source = Resolve(Split(from), -1);
                if (source.IsRoot)
                    throw new FatFault(FsError.Busy, "the root cannot be renamed");
                FatNode parent = ResolveParent(to, out string name);
                if (source.IsDirectory)
                    CheckNotInside(source, parent);
                FatNode? target = Index(parent).Find(name);
                if (target != null && target.EntryPosition == source.EntryPosition)
                    target = null;      // the same entry: a change of case
                if (target != null)
                    CheckReplaceable(source, target);
                FatNode moved = ReplaceOrAdd(parent, name, source, target);
                DeleteEntry(source);
                if (target != null && target.FirstCluster != 0)
                {
                    if (target.IsDirectory)
                        ForgetIndex(target.FirstCluster);
                    _fat.FreeChain(target.FirstCluster);
                }
                uint newParent = parent.IsRoot ? 0 : parent.FirstCluster;
                if (source.IsDirectory && moved.ParentCluster != source.ParentCluster)
                    WriteDotEntry(source.FirstCluster, 1, "..         ", newParent);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        private void CheckReplaceable(FatNode source, FatNode target)
        {
            if (source.IsDirectory && !target.IsDirectory)
                throw new FatFault(FsError.NotADirectory, target.Name + " is not a directory");
            if (!source.IsDirectory && target.IsDirectory)
                throw new FatFault(FsError.IsADirectory, target.Name + " is a directory");
            if (target.IsDirectory)
            {
                if (Index(target).Count > 0)
                    throw new FatFault(FsError.NotEmpty, target.Name + " is not empty");
            }
            _fat.Chain(target.FirstCluster);    // a corrupt target fails before any change
        }

        // Adds the moved entry; a replaced target's entry is deleted first so
        // its slots can be reused, and restored if the add fails.
        private FatNode ReplaceOrAdd(FatNode parent, string name, FatNode source, FatNode? target)
        {
            if (target == null)
                return AddEntry(parent, name, source.Attributes, source.FirstCluster, source.Size, source.EntryPosition);
            var firstBytes = new byte[target.Slots.Count];
            for (int i = 0; i < firstBytes.Length; i++)
            {
                byte[] sector = SlotSector(target.Slots[i], out int off);
                firstBytes[i] = sector[off];
            }
            DeleteEntry(target);
            try
            {
                return AddEntry(parent, name, source.Attributes, source.FirstCluster, source.Size, source.EntryPosition);
            }
            catch (FatFault)
            {
                ForgetAll();    // the target's slots come back behind the index's back
                for (int i = 0; i < firstBytes.Length; i++)
                {
                    byte[] sector = SlotSector(target.Slots[i], out int off);
                    sector[off] = firstBytes[i];
                    _cache.MarkDirty(target.Slots[i] / BlockCache.SectorSize);
                }
                _fat.AddHead(EntryCluster(target.EntryPosition));
                throw;
            }
        }

        // A directory cannot move into itself or below itself: walk up from
        // the target through ".." entries (bounded) looking for the source.
        private void CheckNotInside(FatNode source, FatNode target)
        {
            uint c = target.IsRoot ? 0 : target.FirstCluster;
            for (int depth = 0; c != 0 && c != _g.RootCluster; depth++)
            {
                if (c == source.FirstCluster)
                    throw new FatFault(FsError.InvalidName, "cannot move a directory into itself");
                if (depth > DirectoryScan.MaxSlots)
                    throw new FatFault(FsError.Corrupt, "directory parents loop");
                if (!_g.IsValidCluster(c))
                    throw new FatFault(FsError.Corrupt, "directory parent cluster out of range");
                byte[] sector = _cache.Get(_g.ClusterToSector(c));
                if (sector[32] != '.' || sector[33] != '.')
                    throw new FatFault(FsError.Corrupt, "directory at cluster " + c.ToString() + " has no '..' entry");
                c = ((uint)LittleEndian.U16(sector, 32 + 20) << 16) | LittleEndian.U16(sector, 32 + 26);
            }
        }

        private void WriteDotEntry(uint dirCluster, int slot, string name11, uint target)
        {
            long lba = _g.ClusterToSector(dirCluster);
            byte[] sector = _cache.Get(lba);
            Span<byte> e = new Span<byte>(sector, slot * DirectoryScan.SlotSize, DirectoryScan.SlotSize);
            e.Clear();
            for (int i = 0; i < 11; i++) e[i] = (byte)name11[i];
            e[11] = FatNode.AttrDirectory;
            LittleEndian.Put16(e, 16, FixedDate);
            LittleEndian.Put16(e, 18, FixedDate);
            LittleEndian.Put16(e, 24, FixedDate);
            PutClusterAndSize(e, target, 0);
            _cache.MarkDirty(lba);
        }
    }
}
