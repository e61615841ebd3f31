using System;
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
        cache.Get(6)[0] = 0xCD;
        cache.MarkDirty(6);
        Assert.That(device.Writes, Is.Zero, "write-back: nothing yet");
        for (int i = 20; i < 23; i++) cache.Get(i);    // evicts 5
        Assert.That(device.Writes, Is.EqualTo(1));
        Assert.That(device.Bytes[5 * 512], Is.EqualTo(0xAB));
        Assert.That(device.Bytes[6 * 512], Is.Zero);
        cache.Flush();
        Assert.That(device.Bytes[6 * 512], Is.EqualTo(0xCD));
        int writes = device.Writes;
        cache.Flush();
        Assert.That(device.Writes, Is.EqualTo(writes), "clean blocks are not written again");
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
