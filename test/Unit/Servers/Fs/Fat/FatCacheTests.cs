using System;
using System.Collections.Generic;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// The block cache (LRU, write-back), FAT mirroring, and device failures.
[TestFixture]
public sealed class FatCacheTests : FatTestBase
{
    [Test]
    public void HitsDoNotTouchTheDeviceAndTheOldestIsEvicted()
    {
        var device = new MemoryDevice(new byte[64 * 512]);
        var cache = new BlockCache(device, 4);
        for (int i = 0; i < 4; i++) cache.Get(i);
        cache.Get(0);                                  // 0 becomes the newest; 1 the oldest
        Assert.That(device.Reads, Is.EqualTo(4));
        cache.Get(10);                                 // evicts 1
        Assert.That(cache.Count, Is.EqualTo(4));
        cache.Get(0);
        Assert.That(device.Reads, Is.EqualTo(5), "0 is still cached");
        cache.Get(1);
        Assert.That(device.Reads, Is.EqualTo(6), "1 was evicted");
    }

    [Test]
    public void DirtyBlocksAreWrittenOnEvictionAndOnFlushOnly()
    {
        var device = new MemoryDevice(new byte[64 * 512]);
        var cache = new BlockCache(device, 4);
        cache.Get(5)[0] = 0xAB;
        cache.MarkDirty(5);
        cache.Get(7)[0] = 0xCD;
        cache.MarkDirty(7);
        Assert.That(device.Writes, Is.Zero, "write-back: nothing yet");
        for (int i = 20; i < 23; i++) cache.Get(i);    // evicts 5
        Assert.That(device.Writes, Is.EqualTo(1));
        Assert.That(device.Bytes[5 * 512], Is.EqualTo(0xAB));
        Assert.That(device.Bytes[7 * 512], Is.Zero);
        cache.Flush();
        Assert.That(device.Bytes[7 * 512], Is.EqualTo(0xCD));
        int writes = device.Writes;
        cache.Flush();
        Assert.That(device.Writes, Is.EqualTo(writes), "clean blocks are not written again");
    }

    // A long write dirties FAT sectors one after another: they go back
    // together, one device request for the run, when one is evicted.
    [Test]
    public void ConsecutiveDirtySectorsAreWrittenBackInOneRequest()
    {
        var device = new MemoryDevice(new byte[64 * 512]);
        var cache = new BlockCache(device, 8);
        for (int i = 3; i < 7; i++)
        {
            cache.Get(i)[0] = (byte)(0x10 + i);
            cache.MarkDirty(i);
        }
        for (int i = 20; i < 25; i++) cache.Get(i);    // evicts 3: the run 3..6 goes
        Assert.That(device.Writes, Is.EqualTo(4));
        Assert.That(device.WriteRequests, Is.EqualTo(1));
        for (int i = 3; i < 7; i++)
            Assert.That(device.Bytes[i * 512], Is.EqualTo(0x10 + i));
        cache.Flush();
        Assert.That(device.Writes, Is.EqualTo(4), "the run is clean after");
        device.FailWrites = true;
        cache.Get(4)[1] = 1;
        cache.MarkDirty(4);
        Assert.Throws<FatFault>(() => cache.Flush());
        device.FailWrites = false;
        cache.Flush();
        Assert.That(device.Bytes[4 * 512 + 1], Is.EqualTo(1), "a failed write-back stays dirty for the next");
    }

    [Test]
    public void EveryFatCopyGetsEveryChange()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            CreateWith(fs, "/A.BIN", Pattern(50_000, 60));
            Assert.That(fs.MakeDirectory("/d"), Is.EqualTo(FsError.None));
            Assert.That(fs.Unlink("/A.BIN"), Is.EqualTo(FsError.None));
            CreateWith(fs, "/d/B.BIN", Pattern(9_000, 61));
        }, cacheBlocks: 16);
        byte[] bytes = File.ReadAllBytes(image);
        int reserved = BitConverter.ToUInt16(bytes, 14);
        int fatSectors = (int)BitConverter.ToUInt32(bytes, 36);
        Assert.That(bytes[16], Is.EqualTo(2), "mkfs.fat makes two FATs");
        var first = bytes.AsSpan(reserved * 512, fatSectors * 512);
        var second = bytes.AsSpan((reserved + fatSectors) * 512, fatSectors * 512);
        Assert.That(first.SequenceEqual(second), Is.True);
        HostFatTools.AssertClean(image);
    }

    [Test]
    public void ATinyCacheKeepsTheVolumeConsistent()
    {
        // Four blocks: every operation runs with its sectors evicted under it.
        string image = NewImage();
        byte[] data = Pattern(40_000, 62);
        WithVolume(image, fs =>
        {
            Assert.That(fs.MakeDirectory("/a directory"), Is.EqualTo(FsError.None));
            for (int i = 0; i < 20; i++)
                CreateWith(fs, "/a directory/long file name " + i, Pattern(100 + i, i));
            CreateWith(fs, "/a directory/big one.bin", data);
            Assert.That(fs.Rename("/a directory/big one.bin", "/Big One.bin"), Is.EqualTo(FsError.None));
            Assert.That(fs.Unlink("/a directory/long file name 3"), Is.EqualTo(FsError.None));
            Assert.That(ReadAll(fs, "/Big One.bin"), Is.EqualTo(data));
        }, cacheBlocks: 4);
        HostFatTools.AssertClean(image);
        Assert.That(HostFatTools.GetFile(image, "/Big One.bin"), Is.EqualTo(data));
        Assert.That(HostFatTools.GetFile(image, "/a directory/long file name 19"), Is.EqualTo(Pattern(119, 19)));
    }

    [Test]
    public void DeviceFailuresAreIoErrors()
    {
        string image = NewImage();
        var device = new MemoryDevice(File.ReadAllBytes(image));
        device.FailReads = true;
        Assert.That(FatFileSystem.Mount(device, out _, out string message), Is.EqualTo(FsError.IoError));
        Assert.That(message, Does.Contain("read"));

        device.FailReads = false;
        Assert.That(FatFileSystem.Mount(device, out FatFileSystem? fs, out _), Is.EqualTo(FsError.None));
        Assert.That(fs!.Create("/F.BIN", out FatNode? node), Is.EqualTo(FsError.None));
        Assert.That(fs.Write(node!, 0, new byte[100], out _), Is.EqualTo(FsError.None));
        device.FailWrites = true;
        Assert.That(fs.Sync(), Is.EqualTo(FsError.IoError));
        device.FailWrites = false;
        Assert.That(fs.Sync(), Is.EqualTo(FsError.None), "dirty blocks stay dirty until written");
        File.WriteAllBytes(image, device.Bytes);
        HostFatTools.AssertClean(image);
    }
}

// Bulk reads past the cache: what they must still see, and what they leave.
[TestFixture]
public sealed class FatStreamingReadTests : FatTestBase
{
    [Test]
    public void ReadThroughTakesDirtySectorsFromTheCacheAndCachesNothing()
    {
        var device = new MemoryDevice(new byte[64 * 512]);
        device.Bytes[3 * 512] = 0x11;
        device.Bytes[4 * 512] = 0x22;
        var cache = new BlockCache(device, 8);
        cache.Get(4)[0] = 0x99;
        cache.MarkDirty(4);
        byte[] run = new byte[4 * 512];
        int reads = device.Reads;
        cache.ReadThrough(2, 4, new SpanSink(run), 0);
        Assert.That(run[1 * 512], Is.EqualTo(0x11), "sector 3 from the device");
        Assert.That(run[2 * 512], Is.EqualTo(0x99), "sector 4 is dirty: the cache's bytes, not the disk's");
        Assert.That(device.Reads - reads, Is.EqualTo(3), "the dirty sector was not read from the device");
        Assert.That(cache.Count, Is.EqualTo(1), "nothing read through was cached");

        cache.Flush();
        reads = device.Reads;
        cache.ReadThrough(2, 4, new SpanSink(run), 0);
        Assert.That(run[2 * 512], Is.EqualTo(0x99), "flushed: the disk has it now");
        Assert.That(device.Reads - reads, Is.EqualTo(4), "with nothing dirty the run goes to the device in one go");
    }

    // A sink that records the pieces it is handed (where, how long, the
    // first byte), and can refuse the n-th.
    private sealed class Recorder : IReadSink
    {
        public readonly List<(int At, int Length, byte First)> Pieces = new();
        public int RefuseAt = -1;
        public bool Put(int at, ReadOnlySpan<byte> bytes)
        {
            if (Pieces.Count == RefuseAt)
                return false;
            Pieces.Add((at, bytes.Length, bytes[0]));
            return true;
        }
    }

    // A device lending its buffer: one piece per run asked, never copied.
    private sealed class LendingDevice : MemoryDevice, IWindowedBlockDevice
    {
        public LendingDevice(byte[] bytes) : base(bytes) { }
        public int Lent;
        public bool ReadSectors(long lba, int count, IReadSink sink, int at)
        {
            Lent++;
            return sink.Put(at, new ReadOnlySpan<byte>(Bytes, (int)lba * 512, count * 512));
        }
    }

    [Test]
    public void ASinkGetsCleanRunsWholeAndDirtySectorsFromTheCache()
    {
        var device = new LendingDevice(new byte[64 * 512]);
        for (int s = 0; s < 64; s++)
            device.Bytes[s * 512] = (byte)s;
        var cache = new BlockCache(device, 8);
        cache.Get(5)[0] = 0x99;
        cache.MarkDirty(5);
        var sink = new Recorder();
        cache.ReadThrough(2, 8, sink, 100);
        Assert.That(sink.Pieces, Is.EqualTo(new[] { (100, 3 * 512, (byte)2), (100 + 3 * 512, 512, (byte)0x99), (100 + 4 * 512, 4 * 512, (byte)6) }));
        Assert.That(device.Lent, Is.EqualTo(2), "the runs either side of the dirty sector, lent by the device");
        Assert.That(device.Reads, Is.EqualTo(1), "only the dirty sector's first load went through ReadSector");

        var refusing = new Recorder { RefuseAt = 1 };
        Assert.Throws<FatFault>(() => cache.ReadThrough(2, 8, refusing, 0), "a refused piece ends the read");
        Assert.That(refusing.Pieces, Has.Count.EqualTo(1));
    }

    [Test]
    public void ABulkReadSeesWritesNotYetFlushed()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            byte[] original = Pattern(200_000, 70);
            FatNode node = CreateWith(fs, "/BIG.BIN", original);
            Assert.That(fs.Sync(), Is.EqualTo(FsError.None));
            byte[] patch = Pattern(3_000, 71);
            Assert.That(fs.Write(node, 70_000, patch, out _), Is.EqualTo(FsError.None));
            Array.Copy(patch, 0, original, 70_000, patch.Length);
            byte[] buffer = new byte[64 * 1024];
            var read = new System.Collections.Generic.List<byte>();
            for (long at = 0; at < original.Length; at += buffer.Length)
            {
                Assert.That(fs.Read(node, at, buffer, out int got), Is.EqualTo(FsError.None));
                read.AddRange(buffer.AsSpan(0, got).ToArray());
            }
            Assert.That(read.ToArray(), Is.EqualTo(original), "the patch, still in the write-back cache, is in the bulk read");
        }, cacheBlocks: 64);
    }

    [Test]
    public void TheGenerationMovesWithEveryChange()
    {
        string image = NewImage();
        WithVolume(image, fs =>
        {
            long before = fs.Generation;
            FatNode node = CreateWith(fs, "/G.BIN", Pattern(100, 72));
            long created = fs.Generation;
            Assert.That(created, Is.GreaterThan(before));
            Assert.That(fs.Read(node, 0, new byte[10], out _), Is.EqualTo(FsError.None));
            Assert.That(fs.Lookup("/G.BIN", out _), Is.EqualTo(FsError.None));
            Assert.That(fs.Generation, Is.EqualTo(created), "reads and lookups change nothing");
            Assert.That(fs.Rename("/G.BIN", "/H.BIN"), Is.EqualTo(FsError.None));
            Assert.That(fs.Generation, Is.GreaterThan(created));
        });
    }
}
