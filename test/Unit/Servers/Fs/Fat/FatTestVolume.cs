using System;
using System.IO;
using Minix3.Cosmos.Servers.Fs.Fat;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Servers.Fs.Fat;

// IBlockDevice over a host image file, the way the FS server will see the
// disk driver: whole sectors by LBA. Counts transfers for the cache tests.
internal sealed class ImageFileDevice : IBlockDevice, IDisposable
{
    private readonly FileStream _file;

    public ImageFileDevice(string path) => _file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

    public long SectorCount => _file.Length / 512;
    public int Reads { get; private set; }
    public int Writes { get; private set; }

    public bool ReadSector(long lba, Span<byte> destination)
    {
        Reads++;
        _file.Position = lba * 512;
        _file.ReadExactly(destination.Slice(0, 512));
        return true;
    }

    public bool ReadSectors(long lba, int count, Span<byte> destination)
    {
        for (int i = 0; i < count; i++)
        {
            if (!ReadSector(lba + i, destination.Slice(i * 512, 512)))
                return false;
        }
        return true;
    }

    public bool WriteSector(long lba, ReadOnlySpan<byte> source)
    {
        Writes++;
        _file.Position = lba * 512;
        _file.Write(source.Slice(0, 512));
        return true;
    }

    public bool WriteSectors(long lba, int count, ReadOnlySpan<byte> source)
    {
        for (int i = 0; i < count; i++)
        {
            if (!WriteSector(lba + i, source.Slice(i * 512, 512)))
                return false;
        }
        return true;
    }

    public void Dispose() => _file.Dispose();
}

// Sectors in memory; counts transfers and can be told to fail.
internal class MemoryDevice : IBlockDevice
{
    public readonly byte[] Bytes;
    public int Reads, Writes, WriteRequests;
    public bool FailReads, FailWrites;

    public MemoryDevice(byte[] bytes) => Bytes = bytes;
    public long SectorCount => Bytes.Length / 512;

    public bool ReadSector(long lba, Span<byte> destination)
    {
        Reads++;
        if (FailReads) return false;
        Bytes.AsSpan((int)lba * 512, 512).CopyTo(destination);
        return true;
    }

    public bool ReadSectors(long lba, int count, Span<byte> destination)
    {
        for (int i = 0; i < count; i++)
        {
            if (!ReadSector(lba + i, destination.Slice(i * 512, 512)))
                return false;
        }
        return true;
    }

    public bool WriteSector(long lba, ReadOnlySpan<byte> source)
    {
        Writes++;
        WriteRequests++;
        if (FailWrites) return false;
        source.CopyTo(Bytes.AsSpan((int)lba * 512, 512));
        return true;
    }

    public bool WriteSectors(long lba, int count, ReadOnlySpan<byte> source)
    {
        WriteRequests++;
        Writes += count;
        if (FailWrites) return false;
        source.Slice(0, count * 512).CopyTo(Bytes.AsSpan((int)lba * 512, count * 512));
        return true;
    }
}

// Base of the FAT test fixtures: a scratch folder per test, images made by
// mkfs.fat, and mounting through the engine.
public abstract class FatTestBase
{
    protected string Dir = "";

    [SetUp]
    public void MakeScratch()
    {
        Dir = Path.Combine(Path.GetTempPath(), "minix3-fat-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    [TearDown]
    public void RemoveScratch()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    protected string NewImage(int mib = 64, string name = "disk.img")
    {
        string image = Path.Combine(Dir, name);
        HostFatTools.MakeFat32(image, mib);
        return image;
    }

    protected string HostFile(string name, byte[] contents)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, contents);
        return path;
    }

    protected static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    // Mounts the image, runs `body`, syncs and closes the device.
    internal static void WithVolume(string image, Action<FatFileSystem> body, int cacheBlocks = FatFileSystem.DefaultCacheBlocks)
    {
        using var device = new ImageFileDevice(image);
        FsError error = FatFileSystem.Mount(device, out FatFileSystem? fs, out string message, cacheBlocks);
        Assert.That(error, Is.EqualTo(FsError.None), message);
        body(fs!);
        Assert.That(fs!.Sync(), Is.EqualTo(FsError.None), fs.LastErrorMessage);
    }

    internal static FsError MountError(string image, out string message)
    {
        using var device = new ImageFileDevice(image);
        return FatFileSystem.Mount(device, out _, out message);
    }

    internal static byte[] ReadAll(FatFileSystem fs, string path)
    {
        Assert.That(fs.Open(path, out FatNode? node), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        var buffer = new byte[node!.Size];
        long at = 0;
        while (at < buffer.Length)
        {
            // Odd-sized reads cross sector and cluster boundaries.
            int chunk = (int)Math.Min(1000, buffer.Length - at);
            Assert.That(fs.Read(node, at, buffer.AsSpan((int)at, chunk), out int got), Is.EqualTo(FsError.None), fs.LastErrorMessage);
            Assert.That(got, Is.EqualTo(chunk));
            at += got;
        }
        return buffer;
    }

    internal static FatNode CreateWith(FatFileSystem fs, string path, byte[] contents)
    {
        Assert.That(fs.Create(path, out FatNode? node), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        Assert.That(fs.Write(node!, 0, contents, out int written), Is.EqualTo(FsError.None), fs.LastErrorMessage);
        Assert.That(written, Is.EqualTo(contents.Length));
        return node!;
    }
}
