// Writes a Multiboot 1 info structure into fake RAM, the way a loader would:
// the fixed structure at one address, and the arrays and strings it points to
// laid out one after another from a second address.
using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Unit.Kernel.Memory;

namespace Minix3.Cosmos.Unit.Kernel.Boot.Multiboot;

internal sealed class Multiboot1Builder
{
    public const uint FlagMemory = 1u << 0;
    public const uint FlagCommandLine = 1u << 2;
    public const uint FlagModules = 1u << 3;
    public const uint FlagMemoryMap = 1u << 6;
    public const uint FlagLoaderName = 1u << 9;

    private readonly FakeRam ram;
    private readonly ulong info;
    private ulong cursor;
    private readonly List<byte> map = new List<byte>();
    private readonly List<(uint Start, uint End, uint Name)> modules = new List<(uint, uint, uint)>();

    public Multiboot1Builder(FakeRam ram, ulong info, ulong data)
    {
        this.ram = ram;
        this.info = info;
        cursor = data;
        ram.Fill(info, 116, 0);
    }

    public uint Flags { get; set; }

    public ulong Info => info;

    /// <summary>Writes a NUL-terminated string in the data area and returns its address.</summary>
    public uint String(string text)
    {
        ulong at = cursor;
        byte[] bytes = Encoding.ASCII.GetBytes(text + "\0");
        ram.Write(at, bytes);
        cursor = (cursor + (ulong)bytes.Length + 7) & ~7UL;
        return (uint)at;
    }

    public Multiboot1Builder Memory(uint lowerKiB, uint upperKiB)
    {
        Flags |= FlagMemory;
        ram.Write32(info + 4, lowerKiB);
        ram.Write32(info + 8, upperKiB);
        return this;
    }

    public Multiboot1Builder CommandLine(string text)
    {
        Flags |= FlagCommandLine;
        ram.Write32(info + 16, String(text));
        return this;
    }

    public Multiboot1Builder LoaderName(string text)
    {
        Flags |= FlagLoaderName;
        ram.Write32(info + 64, String(text));
        return this;
    }

    public Multiboot1Builder Module(uint start, uint end, string? name)
    {
        modules.Add((start, end, name == null ? 0 : String(name)));
        return this;
    }

    /// <summary>A map entry; <paramref name="size"/> is the entry's own size field (20 normally).</summary>
    public Multiboot1Builder Region(ulong baseAddress, ulong length, uint type, uint size = 20)
    {
        Append32(size);
        Append64(baseAddress);
        Append64(length);
        Append32(type);
        for (uint i = 20; i < size; i++)
            map.Add(0);
        return this;
    }

    /// <summary>Raw bytes at the end of the map (for malformed entries).</summary>
    public Multiboot1Builder RawMapBytes(params byte[] bytes)
    {
        map.AddRange(bytes);
        return this;
    }

    /// <summary>Writes the module array and memory map (if any were added) and the flags.</summary>
    public void Finish()
    {
        if (modules.Count > 0)
        {
            Flags |= FlagModules;
            ulong array = cursor;
            foreach (var m in modules)
            {
                ram.Write32(cursor, m.Start);
                ram.Write32(cursor + 4, m.End);
                ram.Write32(cursor + 8, m.Name);
                ram.Write32(cursor + 12, 0);
                cursor += 16;
            }
            ram.Write32(info + 20, (uint)modules.Count);
            ram.Write32(info + 24, (uint)array);
        }
        if (map.Count > 0)
        {
            Flags |= FlagMemoryMap;
            ulong array = cursor;
            ram.Write(array, map.ToArray());
            cursor += (ulong)map.Count;
            ram.Write32(info + 44, (uint)map.Count);
            ram.Write32(info + 48, (uint)array);
        }
        ram.Write32(info, Flags);
    }

    private void Append32(uint value)
    {
        for (int i = 0; i < 4; i++)
            map.Add((byte)(value >> (8 * i)));
    }

    private void Append64(ulong value)
    {
        for (int i = 0; i < 8; i++)
            map.Add((byte)(value >> (8 * i)));
    }
}
