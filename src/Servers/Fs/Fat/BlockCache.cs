using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Fixed-capacity, least-recently-used, write-back cache of 512-byte
    // sectors. Drivers are stateless by design, so the file server caches.
    // Dirty sectors reach the device when evicted or on Flush. A buffer
    // returned by Get is only valid until the next Get (it may be evicted),
    // so callers modify it and call MarkDirty before touching another sector.
    internal sealed class BlockCache
    {
        public const int SectorSize = 512;

        private sealed class Block
        {
            public long Lba;
            public readonly byte[] Data = new byte[SectorSize];
            public bool Dirty;
            public Block? Newer;
            public Block? Older;
        }

        private readonly IBlockDevice _device;
        private readonly int _capacity;
        private readonly Dictionary<long, Block> _blocks;
        private int _dirty;
        private Block? _newest;
        private Block? _oldest;

        public BlockCache(IBlockDevice device, int capacity)
        {
            _device = device;
            _capacity = capacity < 4 ? 4 : capacity;
            _blocks = new Dictionary<long, Block>(_capacity * 2);
        }

        public int Count => _blocks.Count;

        // The sector's contents, read from the device on a miss.
        public byte[] Get(long lba) => Fetch(lba, load: true).Data;

        // A run of whole sectors for a bulk read (a long file read would
        // otherwise evict the FAT and directory sectors everyone needs for
        // data nobody may read again), handed to sink at `at` of its read
        // instead of copied into a buffer: a dirty cached sector from the
        // cache (a clean one holds the disk's bytes, so the lookup is
        // skipped while nothing is dirty), runs of the others from the
        // device, from its own buffers when it can lend them. Nothing read
        // this way is cached.
        public void ReadThrough(long lba, int count, IReadSink sink, int at)
        {
            if (lba < 0 || count > _device.SectorCount - lba)
                throw new FatFault(FsError.Corrupt, "sectors " + lba.ToString() + "+" + count.ToString() + " run beyond the end of the device");
            int start = 0;
            for (int i = 0; i <= count; i++)
            {
                // Runs of sectors with no dirty cached copy go out at once.
                bool dirty = i < count && _dirty > 0 && _blocks.TryGetValue(lba + i, out Block? cached) && cached != null && cached.Dirty;
                if (i < count && !dirty)
                    continue;
                if (i > start && !DeviceRun(lba + start, i - start, sink, at + start * SectorSize))
                    throw new FatFault(FsError.IoError, "read of sectors " + (lba + start).ToString() + "+" + (i - start).ToString() + " failed");
                if (dirty && !sink.Put(at + i * SectorSize, _blocks[lba + i].Data))
                    throw new FatFault(FsError.IoError, "the reader refused sector " + (lba + i).ToString());
                start = i + 1;
            }
        }

        private byte[] _scratch = new byte[0];

        // A clean run: lent by a windowed device, else read whole into a
        // scratch buffer (devices in tests).
        private bool DeviceRun(long lba, int count, IReadSink sink, int at)
        {
            if (_device is IWindowedBlockDevice windowed)
                return windowed.ReadSectors(lba, count, sink, at);
            if (_scratch.Length < count * SectorSize)
                _scratch = new byte[count * SectorSize];
            Span<byte> run = _scratch.AsSpan(0, count * SectorSize);
            return _device.ReadSectors(lba, count, run) && sink.Put(at, run);
        }

        // Writes a run of whole sectors straight to the device. A cached
        // copy of any of them takes the new bytes and is clean after (the
        // disk holds them now).
        public void WriteThrough(long lba, int count, ReadOnlySpan<byte> source)
        {
            if (lba < 0 || count > _device.SectorCount - lba)
                throw new FatFault(FsError.Corrupt, "sectors " + lba.ToString() + "+" + count.ToString() + " run beyond the end of the device");
            if (!_device.WriteSectors(lba, count, source))
            {
                // The disk's bytes are unknown: cached copies are dropped
                // rather than kept clean and possibly wrong.
                for (int i = 0; i < count; i++)
                    Drop(lba + i);
                throw new FatFault(FsError.IoError, "write of sectors " + lba.ToString() + "+" + count.ToString() + " failed");
            }
            if (_blocks.Count == 0)
                return;
            for (int i = 0; i < count; i++)
            {
                if (_blocks.TryGetValue(lba + i, out Block? cached) && cached != null)
                {
                    source.Slice(i * SectorSize, SectorSize).CopyTo(cached.Data);
                    if (cached.Dirty)
                        _dirty--;
                    cached.Dirty = false;
                }
            }
        }

        private void Drop(long lba)
        {
            if (!_blocks.TryGetValue(lba, out Block? block) || block == null)
                return;
            if (block.Dirty)
                _dirty--;
            Unlink(block);
            _blocks.Remove(lba);
        }

        // A sector the caller is about to overwrite entirely: no device read.
        public byte[] GetForOverwrite(long lba) => Fetch(lba, load: false).Data;

        public void MarkDirty(long lba)
        {
            if (_blocks.TryGetValue(lba, out Block? block) && block != null)
            {
                if (!block.Dirty)
                    _dirty++;
                block.Dirty = true;
            }
            else
                throw new FatFault(FsError.IoError, "cache: sector " + lba.ToString() + " marked dirty after eviction");
        }

        // Writes every dirty sector to the device; the blocks stay cached.
        public void Flush()
        {
            for (Block? b = _oldest; b != null; b = b.Newer)
            {
                if (b.Dirty)
                    WriteBack(b);
            }
        }

        private Block Fetch(long lba, bool load)
        {
            if (lba < 0 || lba >= _device.SectorCount)
                throw new FatFault(FsError.Corrupt, "sector " + lba.ToString() + " is beyond the end of the device");
            if (_blocks.TryGetValue(lba, out Block? found) && found != null)
            {
                Unlink(found);
                PushNewest(found);
                return found;
            }
            Block block;
            if (_blocks.Count >= _capacity && _oldest != null)
            {
                // Reuse the least recently used block's buffer.
                block = _oldest;
                if (block.Dirty)
                    WriteBack(block);
                Unlink(block);
                _blocks.Remove(block.Lba);
            }
            else
            {
                block = new Block();
            }
            block.Lba = lba;
            block.Dirty = false;
            if (load)
            {
                if (!_device.ReadSector(lba, block.Data))
                    throw new FatFault(FsError.IoError, "read of sector " + lba.ToString() + " failed");
            }
            else
            {
                Array.Clear(block.Data);
            }
            _blocks.Add(lba, block);
            PushNewest(block);
            return block;
        }

        // Writes the block with the dirty cached sectors around it that
        // follow each other on the disk, in one device request (at most
        // MaxRun sectors): a file growing sector by sector dirties FAT
        // sectors in a row, and one request each made writing cost many
        // times reading. On failure every sector of the run stays dirty.
        private void WriteBack(Block block)
        {
            long first = block.Lba;
            while (block.Lba - first < MaxRun - 1 && IsDirty(first - 1))
                first--;
            int count = 1 + (int)(block.Lba - first);
            while (count < MaxRun && IsDirty(first + count))
                count++;
            if (count == 1)
            {
                if (!_device.WriteSector(block.Lba, block.Data))
                    throw new FatFault(FsError.IoError, "write of sector " + block.Lba.ToString() + " failed");
                block.Dirty = false;
                _dirty--;
                return;
            }
            _run ??= new byte[MaxRun * SectorSize];
            for (int i = 0; i < count; i++)
                _blocks[first + i].Data.AsSpan().CopyTo(_run.AsSpan(i * SectorSize, SectorSize));
            if (!_device.WriteSectors(first, count, _run.AsSpan(0, count * SectorSize)))
                throw new FatFault(FsError.IoError, "write of sectors " + first.ToString() + "+" + count.ToString() + " failed");
            for (int i = 0; i < count; i++)
            {
                _blocks[first + i].Dirty = false;
                _dirty--;
            }
        }

        // 60 KiB: with its array header the buffer fits one 64 KiB block of
        // the collected heap (a 64 KiB one would take two).
        private const int MaxRun = 120;
        private byte[]? _run;

        private bool IsDirty(long lba) => lba >= 0 && _blocks.TryGetValue(lba, out Block? b) && b != null && b.Dirty;

        private void Unlink(Block block)
        {
            if (block.Newer != null) block.Newer.Older = block.Older; else _newest = block.Older;
            if (block.Older != null) block.Older.Newer = block.Newer; else _oldest = block.Newer;
            block.Newer = null;
            block.Older = null;
        }

        private void PushNewest(Block block)
        {
            block.Older = _newest;
            block.Newer = null;
            if (_newest != null) _newest.Newer = block;
            _newest = block;
            if (_oldest == null) _oldest = block;
        }
    }
}
