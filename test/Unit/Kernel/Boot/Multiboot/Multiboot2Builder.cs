// Builds a Multiboot 2 boot information structure byte by byte: the header,
// 8-byte-aligned tags, and (unless told otherwise) the end tag.
using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Unit.Kernel.Boot.Multiboot;

internal sealed class Multiboot2Builder
{
    private readonly List<byte> bytes = new List<byte>();

    public Multiboot2Builder()
    {
        Append32(0); // total_size, patched by Build
        Append32(0); // reserved
    }

    public Multiboot2Builder CommandLine(string text) => Tag(1, Encoding.ASCII.GetBytes(text + "\0"));

    public Multiboot2Builder LoaderName(string text) => Tag(2, Encoding.ASCII.GetBytes(text + "\0"));

    public Multiboot2Builder Module(uint start, uint end, string name)
    {
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(start));
        body.AddRange(BitConverter.GetBytes(end));
        body.AddRange(Encoding.ASCII.GetBytes(name + "\0"));
        return Tag(3, body.ToArray());
    }

    public Multiboot2Builder BasicMemory(uint lowerKiB, uint upperKiB)
    {
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(lowerKiB));
        body.AddRange(BitConverter.GetBytes(upperKiB));
        return Tag(4, body.ToArray());
    }

    /// <summary>A memory map tag; each entry is padded to <paramref name="entrySize"/>.</summary>
    public Multiboot2Builder MemoryMap(uint entrySize, params (ulong Base, ulong Length, uint Type)[] entries)
    {
        var body = new List<byte>();
        body.AddRange(BitConverter.GetBytes(entrySize));
        body.AddRange(BitConverter.GetBytes(0u)); // entry_version
        foreach (var e in entries)
        {
            var entry = new byte[Math.Max(entrySize, 24u)];
            BitConverter.GetBytes(e.Base).CopyTo(entry, 0);
            BitConverter.GetBytes(e.Length).CopyTo(entry, 8);
            BitConverter.GetBytes(e.Type).CopyTo(entry, 16);
            body.AddRange(entry.AsSpan(0, (int)entrySize).ToArray());
        }
        return Tag(6, body.ToArray());
    }

    /// <summary>Appends a tag; <paramref name="sizeOverride"/> lies about its size field.</summary>
    public Multiboot2Builder Tag(uint type, byte[] body, uint? sizeOverride = null)
    {
        Append32(type);
        Append32(sizeOverride ?? (uint)(8 + body.Length));
        bytes.AddRange(body);
        while (bytes.Count % 8 != 0)
            bytes.Add(0);
        return this;
    }

    /// <summary>The finished structure, with an end tag unless <paramref name="endTag"/> is false.</summary>
    public byte[] Build(bool endTag = true, uint? totalSizeOverride = null)
    {
        var result = new List<byte>(bytes);
        if (endTag)
        {
            result.AddRange(BitConverter.GetBytes(0u));
            result.AddRange(BitConverter.GetBytes(8u));
        }
        byte[] array = result.ToArray();
        BitConverter.GetBytes(totalSizeOverride ?? (uint)array.Length).CopyTo(array, 0);
        return array;
    }

    private void Append32(uint value) => bytes.AddRange(BitConverter.GetBytes(value));
}
