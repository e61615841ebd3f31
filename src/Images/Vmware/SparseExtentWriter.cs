using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Images.Vmware;

// A monolithicSparse .vmdk from a raw disk image: one file holding, in
// 512-byte sectors,
//   0        the sparse extent header (below)
//   1-20     the embedded descriptor (VmdkDescriptor), zero-padded
//   21       the redundant grain directory, then its grain tables
//   next     the grain directory, then its grain tables
//   overhead the grains (64 KiB each), from the first whole grain on
// A grain table maps 512 grains (32 MiB) to the sector each starts at;
// 0 means never written, which reads as zeros, so all-zero grains are left
// out. Every table is allocated (VMware expects each directory entry set).
// The redundant copy is VMware's own habit; both point at the same grains.
// The content id is a hash of the grains written: the same raw image gives
// the same file.
public static class SparseExtentWriter
{
    public const int SectorSize = 512;
    public const int GrainSectors = 128;
    public const int TableEntries = 512;
    public const int DescriptorOffset = 1, DescriptorSectors = 20;
    private const uint Magic = 0x564D444B; // "KDMV"
    private const uint ValidNewLineTest = 1, RedundantTables = 2;
    private const int GrainBytes = GrainSectors * SectorSize;

    public static void Write(string rawPath, string vmdkPath, string? extentFileName = null)
    {
        using var raw = new FileStream(rawPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var vmdk = new FileStream(vmdkPath, FileMode.Create, FileAccess.ReadWrite);
        Write(raw, vmdk, extentFileName ?? Path.GetFileName(vmdkPath));
    }

    // The output must seek: grains go first, then the tables that point at
    // them, the header and the descriptor (which holds the content id).
    public static void Write(Stream raw, Stream vmdk, string extentFileName)
    {
        if (raw.Length % SectorSize != 0)
            throw new InvalidDataException($"a raw disk image is whole 512-byte sectors; this one has {raw.Length} bytes");
        long capacity = raw.Length / SectorSize;
        long grains = (capacity + GrainSectors - 1) / GrainSectors;
        long tables = Math.Max(1, (grains + TableEntries - 1) / TableEntries);
        long directorySectors = (tables * 4 + SectorSize - 1) / SectorSize;
        long tableSectors = TableEntries * 4 / SectorSize;
        long redundantDirectory = DescriptorOffset + DescriptorSectors;
        long directory = redundantDirectory + directorySectors + tables * tableSectors;
        long end = directory + directorySectors + tables * tableSectors;
        long overhead = (end + GrainSectors - 1) / GrainSectors * GrainSectors;

        var grainTable = new uint[tables * TableEntries];
        uint hash = 2166136261;
        var grain = new byte[GrainBytes];
        long next = overhead;
        vmdk.Position = 0;
        vmdk.Write(new byte[overhead * SectorSize]);
        for (long g = 0; g < grains; g++)
        {
            int read = raw.ReadAtLeast(grain, (int)Math.Min(GrainBytes, raw.Length - g * GrainBytes));
            grain.AsSpan(read).Clear();
            if (grain.AsSpan().IndexOfAnyExcept((byte)0) < 0)
                continue;
            if (next > uint.MaxValue - GrainSectors)
                throw new InvalidDataException("the disk is too large for a sparse extent's 32-bit sector offsets");
            hash = Fnv1a(hash, BitConverter.GetBytes(g));
            hash = Fnv1a(hash, grain);
            grainTable[g] = (uint)next;
            vmdk.Write(grain);
            next += GrainSectors;
        }
        vmdk.SetLength(next * SectorSize);

        vmdk.Position = 0;
        vmdk.Write(Header(capacity, redundantDirectory, directory, overhead));
        byte[] descriptor = Encoding.ASCII.GetBytes(VmdkDescriptor.Format(hash == uint.MaxValue ? 0 : hash, capacity, extentFileName));
        if (descriptor.Length > DescriptorSectors * SectorSize)
            throw new InvalidDataException("the .vmdk descriptor does not fit its sectors");
        vmdk.Write(descriptor);
        WriteTables(vmdk, redundantDirectory, directorySectors, tables, grainTable);
        WriteTables(vmdk, directory, directorySectors, tables, grainTable);
        vmdk.Flush();
    }

    // A grain directory (one entry per table: the table's sector) and the tables after it.
    private static void WriteTables(Stream vmdk, long at, long directorySectors, long tables, uint[] grainTable)
    {
        long firstTable = at + directorySectors;
        var bytes = new byte[(directorySectors + tables * (TableEntries * 4 / SectorSize)) * SectorSize];
        for (long t = 0; t < tables; t++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)(t * 4)), (uint)(firstTable + t * (TableEntries * 4 / SectorSize)));
        for (long e = 0; e < grainTable.Length; e++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)(directorySectors * SectorSize + e * 4)), grainTable[e]);
        vmdk.Position = at * SectorSize;
        vmdk.Write(bytes);
    }

    // The SparseExtentHeader, little-endian, packed:
    //   0 magic  4 version 1  8 flags  12 capacity  20 grain size
    //  28 descriptor offset  36 descriptor size  44 grain table entries
    //  48 redundant directory  56 directory  64 overhead (all in sectors)
    //  72 unclean shutdown  73-76 '\n' ' ' '\r' '\n' (a file that went
    //  through a text-mode copy is caught by these)  77 compression (none)
    private static byte[] Header(long capacity, long redundantDirectory, long directory, long overhead)
    {
        var header = new byte[SectorSize];
        Span<byte> h = header;
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], ValidNewLineTest | RedundantTables);
        BinaryPrimitives.WriteInt64LittleEndian(h[12..], capacity);
        BinaryPrimitives.WriteInt64LittleEndian(h[20..], GrainSectors);
        BinaryPrimitives.WriteInt64LittleEndian(h[28..], DescriptorOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[36..], DescriptorSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], TableEntries);
        BinaryPrimitives.WriteInt64LittleEndian(h[48..], redundantDirectory);
        BinaryPrimitives.WriteInt64LittleEndian(h[56..], directory);
        BinaryPrimitives.WriteInt64LittleEndian(h[64..], overhead);
        h[72] = 0;
        h[73] = (byte)'\n';
        h[74] = (byte)' ';
        h[75] = (byte)'\r';
        h[76] = (byte)'\n';
        return header;
    }

    private static uint Fnv1a(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            hash = (hash ^ b) * 16777619;
        return hash;
    }
}
