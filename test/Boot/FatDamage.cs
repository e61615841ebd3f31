using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Minix3.Cosmos.Testing;

namespace Minix3.Cosmos.Boot;

// Structural damage made by hand in a FAT32 image on the host, the kinds a
// stray write or a buggy implementation leaves: FAT links changed in every
// FAT copy (so the copies agree and only the structure is wrong), a
// directory entry's first cluster or size changed, a boot sector field
// changed. Where a file lies comes from mtools (mshowfat); the layout from
// the boot sector.
internal sealed class FatDamage
{
    private readonly string _image;
    private readonly int _reserved, _fats, _sectorsPerCluster;
    private readonly long _fatSectors, _firstData;

    public FatDamage(string image)
    {
        _image = image;
        byte[] boot = Read(0, 512);
        _sectorsPerCluster = boot[13];
        _reserved = BitConverter.ToUInt16(boot, 14);
        _fats = boot[16];
        _fatSectors = BitConverter.ToUInt32(boot, 36);
        _firstData = _reserved + _fats * _fatSectors;
    }

    // The file's clusters in chain order, as mshowfat prints them ("<10-15><20>").
    public List<uint> Clusters(string fatPath)
    {
        string shown = HostTool.MustRun("mshowfat", "mtools", "-i", _image, "::" + fatPath);
        var clusters = new List<uint>();
        foreach (Match range in Regex.Matches(shown, @"<(\d+)(?:-(\d+))?>"))
        {
            uint from = uint.Parse(range.Groups[1].Value);
            uint to = range.Groups[2].Success ? uint.Parse(range.Groups[2].Value) : from;
            for (uint c = from; c <= to; c++)
                clusters.Add(c);
        }
        if (clusters.Count == 0)
            throw new InvalidOperationException($"mshowfat shows no clusters for {fatPath}: {shown}");
        return clusters;
    }

    // FAT entry `cluster` := `next`, in every FAT copy.
    public void SetLink(uint cluster, uint next)
    {
        for (int copy = 0; copy < _fats; copy++)
            Write((_reserved + copy * _fatSectors) * 512 + cluster * 4L, BitConverter.GetBytes(next));
    }

    public void SetEntryCluster(string directory, string shortName, uint cluster)
    {
        long entry = EntryOffset(directory, shortName);
        Write(entry + 20, BitConverter.GetBytes((ushort)(cluster >> 16)));
        Write(entry + 26, BitConverter.GetBytes((ushort)cluster));
    }

    public void SetEntrySize(string directory, string shortName, uint size) => Write(EntryOffset(directory, shortName) + 28, BitConverter.GetBytes(size));

    public void SetBootByte(int offset, byte value) => Write(offset, new[] { value });

    // The short entry named `shortName` ("LOOP    BIN") in the directory's first cluster.
    private long EntryOffset(string directory, string shortName)
    {
        long start = (_firstData + (long)(Clusters(directory)[0] - 2) * _sectorsPerCluster) * 512;
        byte[] slots = Read(start, _sectorsPerCluster * 512);
        for (int at = 0; at < slots.Length; at += 32)
        {
            if (System.Text.Encoding.ASCII.GetString(slots, at, 11) == shortName)
                return start + at;
        }
        throw new InvalidOperationException($"no entry {shortName} in the first cluster of {directory}");
    }

    private byte[] Read(long offset, int length)
    {
        using var f = File.OpenRead(_image);
        f.Position = offset;
        var bytes = new byte[length];
        f.ReadExactly(bytes);
        return bytes;
    }

    private void Write(long offset, byte[] bytes)
    {
        using var f = new FileStream(_image, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        f.Write(bytes);
    }
}
