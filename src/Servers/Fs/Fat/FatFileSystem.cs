using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // A mounted FAT32 volume. Every public operation returns an FsError (detail
    // in LastErrorMessage) and never lets an exception escape: rules deep in
    // the engine throw FatFault, caught here at the boundary. Changes stay in
    // the block cache until Sync (or eviction) writes them.
    public sealed partial class FatFileSystem
    {
        public const int DefaultCacheBlocks = 256;
        public const int MaxPathLength = 1024;

        private const uint FsInfoLead = 0x41615252;
        private const uint FsInfoStruct = 0x61417272;
        private const uint FsInfoTrail = 0xAA550000;

        private readonly BlockCache _cache;
        private readonly FatGeometry _g;
        private readonly FatTable _fat;
        private readonly bool _hasFsInfo;

        private FatFileSystem(BlockCache cache, FatGeometry g, bool hasFsInfo, long freeHint)
        {
            _cache = cache;
            _g = g;
            _fat = new FatTable(cache, g);
            _hasFsInfo = hasFsInfo;
            FsInfoFreeHint = freeHint;
        }

        public string LastErrorMessage { get; private set; } = "";

        // Counts calls that may change the tree or a file (write, truncate,
        // create, mkdir, rmdir, unlink, rename), so a caller can keep a
        // lookup's node while the count stands.
        public long Generation { get; private set; }

        // Counts only the calls that may change which names lead where
        // (create, mkdir, rmdir, unlink, rename): a node found by path stays
        // right across writes and truncates made through that very node.
        public long TreeGeneration { get; private set; }

        public int ClusterSize => _g.ClusterBytes;
        public long ClusterCount => _g.ClusterCount;

        // The free-cluster count FSInfo claimed at mount (-1 if absent or
        // impossible). Only a hint: FreeSpace counts the FAT itself.
        public long FsInfoFreeHint { get; }

        // Checks the boot sector and FSInfo; on failure fs is null and message says why.
        public static FsError Mount(IBlockDevice device, out FatFileSystem? fs, out string message, int cacheBlocks = DefaultCacheBlocks)
        {
            fs = null;
            message = "";
            try
            {
                if (device.SectorCount < 1)
                    throw new FatFault(FsError.Corrupt, "the device is empty");
                var cache = new BlockCache(device, cacheBlocks);
                FatGeometry g = FatGeometry.Parse(cache.Get(0), device.SectorCount);
                bool hasInfo = false;
                long freeHint = -1;
                uint nextHint = 0;
                if (g.FsInfoSector >= 1 && g.FsInfoSector < g.ReservedSectors)
                {
                    byte[] info = cache.Get(g.FsInfoSector);
                    if (LittleEndian.U32(info, 0) == FsInfoLead && LittleEndian.U32(info, 484) == FsInfoStruct
                        && LittleEndian.U32(info, 508) == FsInfoTrail)
                    {
                        hasInfo = true;
                        uint free = LittleEndian.U32(info, 488);
                        if (free <= g.ClusterCount) freeHint = free;
                        nextHint = LittleEndian.U32(info, 492);
                    }
                }
                var mounted = new FatFileSystem(cache, g, hasInfo, freeHint);
                mounted._fat.UseNextFreeHint(nextHint);
                // The root must at least be a readable chain.
                mounted._fat.Chain(g.RootCluster);
                fs = mounted;
                return FsError.None;
            }
            catch (FatFault f)
            {
                message = f.Message;
                return f.Error;
            }
            catch (Exception e)
            {
                message = "mount failed: " + e.Message;
                return FsError.Corrupt;
            }
        }

        // Writes FSInfo (if the FAT changed) and every dirty block to the device.
        public FsError Sync()
        {
            try
            {
                if (_hasFsInfo && _fat.Changed)
                {
                    long free = _fat.FreeCount();
                    byte[] info = _cache.Get(_g.FsInfoSector);
                    LittleEndian.Put32(info, 488, (uint)free);
                    LittleEndian.Put32(info, 492, _fat.NextFreeHint);
                    _cache.MarkDirty(_g.FsInfoSector);
                }
                _cache.Flush();
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        public FsError FreeSpace(out long freeBytes)
        {
            freeBytes = 0;
            try
            {
                EnsureReferences();
                freeBytes = _fat.FreeCount() * _g.ClusterBytes;
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        private FsError Ok()
        {
            LastErrorMessage = "";
            return FsError.None;
        }

        private FsError Fail(FatFault f)
        {
            // A refusal changes nothing; these may have stopped a change
            // half-way.
            if (f.Error == FsError.IoError || f.Error == FsError.Corrupt || f.Error == FsError.NoSpace)
                ForgetAll();
            LastErrorMessage = f.Message;
            return f.Error;
        }

        private FsError Unexpected(Exception e)
        {
            ForgetAll();
            LastErrorMessage = "internal error: " + e.Message;
            return FsError.Corrupt;
        }

        private FatNode RootNode()
        {
            var root = new FatNode("/", FatNode.AttrDirectory, _g.RootCluster, 0);
            root.IsRoot = true;
            root.ShortName = "/";
            return root;
        }

        // The directory cluster a node's entries live in; the root is never 0.
        private uint DirectoryCluster(FatNode dir)
        {
            if (!dir.IsDirectory)
                throw new FatFault(FsError.NotADirectory, dir.Name + " is not a directory");
            if (dir.IsRoot || dir.FirstCluster == 0)
                return dir.IsRoot ? _g.RootCluster : throw new FatFault(FsError.Corrupt, "directory " + dir.Name + " has no cluster");
            return dir.FirstCluster;
        }

    }
}
