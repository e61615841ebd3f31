using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // File contents: read, write (extending, allocating clusters, zero-filling
    // any gap) and truncate. Bytes past a file's size are never shown without
    // first being zeroed, so stale data in reused clusters cannot leak.
    public sealed partial class FatFileSystem
    {
        public const long MaxFileSize = 0xFFFFFFFFL;

        // Reads and writes at least this long stream past the block cache
        // (whole sectors only): they are file data in bulk.
        private const int StreamingRead = 8 * 1024;

        // Reads up to destination.Length bytes at offset; 0 bytes at or past the end.
        public FsError Read(FatNode file, long offset, Span<byte> destination, out int read)
        {
            // Through a buffer of the same size, so one read path serves
            // both: the span may live on the stack, a sink may not hold it.
            byte[] bytes = new byte[destination.Length];
            FsError error = Read(file, offset, bytes.Length, new SpanSink(bytes), out read);
            bytes.AsSpan(0, read).CopyTo(destination);
            return error;
        }

        // Reads up to count bytes at offset, handing them to sink in pieces
        // (each piece once, in order) straight from the cache or the
        // device's buffers; read is what the sink took. A piece the sink
        // refuses ends the read with IoError (the sink knows why).
        public FsError Read(FatNode file, long offset, int count, IReadSink sink, out int read)
        {
            read = 0;
            try
            {
                CheckFile(file, offset);
                if (offset >= file.Size || count <= 0)
                    return Ok();
                count = (int)Math.Min(count, file.Size - offset);
                EnsureReferences();
                List<uint> chain = _fat.ChainForReading(file.FirstCluster, file.Name);
                CheckSize(file, chain);
                ReadOut(chain, offset, count, sink);
                read = count;
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // The sector holding a file's byte pos (its cluster's index in the
        // chain, and the byte's place in that cluster, too): what ReadOut
        // and WriteOut both walk the chain by.
        private long Locate(List<uint> chain, long pos, out int clusterIndex, out int inCluster)
        {
            long index = pos / _g.ClusterBytes;
            if (index >= chain.Count)
                throw new FatFault(FsError.Corrupt, "file is larger than its cluster chain (" + chain.Count.ToString() + " clusters)");
            clusterIndex = (int)index;
            inCluster = (int)(pos % _g.ClusterBytes);
            return _g.ClusterToSector(chain[clusterIndex]) + inCluster / BlockCache.SectorSize;
        }

        private void ReadOut(List<uint> chain, long offset, int total, IReadSink sink)
        {
            int done = 0;
            while (done < total)
            {
                long pos = offset + done;
                long lba = Locate(chain, pos, out int clusterIndex, out int inCluster);
                int inSector = inCluster % BlockCache.SectorSize;
                int n = Math.Min(BlockCache.SectorSize - inSector, total - done);
                if (n == BlockCache.SectorSize && total >= StreamingRead)
                {
                    // As many whole sectors as are contiguous on the disk.
                    int sectors = ContiguousSectors(chain, clusterIndex, inCluster, (total - done) / BlockCache.SectorSize);
                    n = sectors * BlockCache.SectorSize;
                    _cache.ReadThrough(lba, sectors, sink, done);
                }
                else if (!sink.Put(done, new ReadOnlySpan<byte>(_cache.Get(lba), inSector, n)))
                {
                    throw new FatFault(FsError.IoError, "the reader refused the bytes at " + pos.ToString());
                }
                done += n;
            }
        }

        // Writes all of source at offset, or nothing: on NoSpace the file keeps
        // its previous contents and size.
        public FsError Write(FatNode file, long offset, ReadOnlySpan<byte> source, out int written)
        {
            Generation++;
            written = 0;
            try
            {
                CheckFile(file, offset);
                if (source.Length == 0)
                    return Ok();
                long end = offset + source.Length;
                if (end > MaxFileSize)
                    throw new FatFault(FsError.FileTooLarge, "FAT files end at 4 GiB - 1");
                EnsureReferences();
                List<uint> chain = Grow(file, end);
                if (offset > file.Size)
                    ZeroFill(chain, file.Size, offset);
                WriteOut(chain, offset, source);
                if (end > file.Size)
                    file.Size = end;
                UpdateEntry(file);
                written = source.Length;
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        // Shrinks (freeing clusters) or extends (with zeros) a file to length.
        public FsError Truncate(FatNode file, long length)
        {
            Generation++;
            try
            {
                CheckFile(file, length);
                if (length > MaxFileSize)
                    throw new FatFault(FsError.FileTooLarge, "FAT files end at 4 GiB - 1");
                EnsureReferences();
                if (length > file.Size)
                {
                    List<uint> chain = Grow(file, length);
                    ZeroFill(chain, file.Size, length);
                }
                else if (length < file.Size)
                {
                    List<uint> chain = _fat.OwnedChain(file.FirstCluster, file.Name);
                    int keep = (int)((length + _g.ClusterBytes - 1) / _g.ClusterBytes);
                    if (keep < chain.Count)
                    {
                        if (keep == 0)
                            file.FirstCluster = 0;
                        else
                            _fat.Set(chain[keep - 1], FatTable.EndOfChain);
                        for (int i = keep; i < chain.Count; i++)
                            _fat.Set(chain[i], 0);
                        _fat.AdjustFree(chain.Count - keep);
                    }
                }
                file.Size = length;
                UpdateEntry(file);
                return Ok();
            }
            catch (FatFault f) { return Fail(f); }
            catch (Exception e) { return Unexpected(e); }
        }

        private static void CheckFile(FatNode file, long offset)
        {
            if (file.IsDirectory)
                throw new FatFault(FsError.IsADirectory, file.Name + " is a directory");
            if (offset < 0)
                throw new FatFault(FsError.BadOffset, "negative offset " + offset.ToString());
        }

        // The file's chain with enough clusters for `size` bytes; new clusters
        // are allocated all at once before anything is linked (all or nothing).
        // The remembered chain is extended in place (FatTable.AppendTo), so
        // the next piece of a sequential write finds it without a walk.
        private List<uint> Grow(FatNode file, long size)
        {
            List<uint> chain = _fat.ChainForReading(file.FirstCluster, file.Name);
            CheckSize(file, chain);
            long needed = (size + _g.ClusterBytes - 1) / _g.ClusterBytes;
            if (needed <= chain.Count)
                return chain;
            List<uint> added = _fat.AllocateChain((int)(needed - chain.Count));
            if (chain.Count == 0)
            {
                file.FirstCluster = added[0];
                UpdateEntry(file);
                for (int i = 0; i < added.Count; i++)
                    chain.Add(added[i]);
                _fat.Remember(file.FirstCluster, chain);
            }
            else
            {
                _fat.AppendTo(chain, added);
            }
            return chain;
        }

        // A size the chain cannot hold (an entry claiming more than was ever
        // allocated, or a chain cut short) makes the whole file suspect.
        private void CheckSize(FatNode file, List<uint> chain)
        {
            if (file.Size > (long)chain.Count * _g.ClusterBytes)
                throw new FatFault(FsError.Corrupt, file.Name + ": size " + file.Size.ToString() + " is larger than its cluster chain ("
                    + chain.Count.ToString() + " clusters)");
        }

        private void ZeroFill(List<uint> chain, long from, long to)
        {
            var zeros = new byte[BlockCache.SectorSize];
            while (from < to)
            {
                int n = (int)Math.Min(zeros.Length, to - from);
                WriteOut(chain, from, new ReadOnlySpan<byte>(zeros, 0, n));
                from += n;
            }
        }

        // Whole sectors from inCluster of chain[index] that lie one after
        // another on the disk (following clusters that are consecutive), at
        // most `limit` and at least 1.
        private int ContiguousSectors(List<uint> chain, int index, int inCluster, int limit)
        {
            int sectors = (_g.ClusterBytes - inCluster) / BlockCache.SectorSize;
            while (sectors < limit && index + 1 < chain.Count && chain[index + 1] == chain[index] + 1)
            {
                index++;
                sectors += _g.ClusterBytes / BlockCache.SectorSize;
            }
            return sectors < limit ? sectors : limit;
        }

        // Copies source to the chain's bytes at offset, through the cache
        // sector by sector, or straight to the disk in bulk.
        private void WriteOut(List<uint> chain, long offset, ReadOnlySpan<byte> source)
        {
            int total = source.Length;
            int done = 0;
            while (done < total)
            {
                long pos = offset + done;
                long lba = Locate(chain, pos, out int clusterIndex, out int inCluster);
                int inSector = inCluster % BlockCache.SectorSize;
                int n = Math.Min(BlockCache.SectorSize - inSector, total - done);
                if (n == BlockCache.SectorSize && total >= StreamingRead)
                {
                    // Bulk data goes to the disk at once, a contiguous run
                    // per device request, as bulk reads come from it: one
                    // request per sector (the cache evicting them one by
                    // one) made writing cost many times reading.
                    int sectors = ContiguousSectors(chain, clusterIndex, inCluster, (total - done) / BlockCache.SectorSize);
                    n = sectors * BlockCache.SectorSize;
                    _cache.WriteThrough(lba, sectors, source.Slice(done, n));
                }
                else
                {
                    // A whole-sector overwrite needs no read first.
                    byte[] sector = n == BlockCache.SectorSize ? _cache.GetForOverwrite(lba) : _cache.Get(lba);
                    source.Slice(done, n).CopyTo(new Span<byte>(sector, inSector, n));
                    _cache.MarkDirty(lba);
                }
                done += n;
            }
        }
    }
}
