using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Minix3.Cosmos.Unit.Asm;

/// <summary>
/// An independent ELF64 little-endian reader for the tests, written from the ELF spec rather
/// than from the writer, so that a writer bug is not mirrored by a reader bug.
/// </summary>
internal sealed class ElfReader
{
    public sealed record Section(int Index, string Name, uint Type, ulong Flags, ulong Offset, ulong Size,
        uint Link, uint Info, ulong Align, ulong EntrySize);

    public sealed record Sym(int Index, string Name, byte Bind, byte Type, ushort SectionIndex, ulong Value, ulong Size);

    public sealed record Rela(ulong Offset, uint Type, int SymbolIndex, long Addend);

    private readonly byte[] _data;

    public ElfReader(byte[] data)
    {
        _data = data;
        if (data.Length < 64 || data[0] != 0x7F || data[1] != 'E' || data[2] != 'L' || data[3] != 'F')
            throw new FormatException("Not an ELF file.");
        if (data[4] != 2 || data[5] != 1)
            throw new FormatException("Not ELF64 little-endian.");
        Type = U16(16);
        Machine = U16(18);
        ulong shoff = U64(40);
        int shentsize = U16(58);
        int shnum = U16(60);
        int shstrndx = U16(62);
        var raw = new List<(uint name, Section s)>();
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)shoff + i * shentsize);
            raw.Add((U32(h), new Section(i, "", U32(h + 4), U64(h + 8), U64(h + 24), U64(h + 32),
                U32(h + 40), U32(h + 44), U64(h + 48), U64(h + 56))));
        }
        var names = raw[shstrndx].s;
        Sections = raw.Select(r => r.s with { Name = String(names, r.name) }).ToList();

        var symtab = Sections.Single(s => s.Type == 2);
        var strtab = Sections[(int)symtab.Link];
        SymTab = symtab;
        for (int i = 0; i < (int)(symtab.Size / 24); i++)
        {
            int at = checked((int)symtab.Offset + i * 24);
            Symbols.Add(new Sym(i, String(strtab, U32(at)), (byte)(_data[at + 4] >> 4), (byte)(_data[at + 4] & 0xF),
                U16(at + 6), U64(at + 8), U64(at + 16)));
        }
        foreach (var rela in Sections.Where(s => s.Type == 4))
        {
            for (int i = 0; i < (int)(rela.Size / 24); i++)
            {
                int at = checked((int)rela.Offset + i * 24);
                ulong info = U64(at + 8);
                Relocations.Add(new Rela(U64(at), (uint)info, (int)(info >> 32), (long)U64(at + 16)));
            }
        }
    }

    public ushort Type { get; }

    public ushort Machine { get; }

    public IReadOnlyList<Section> Sections { get; }

    public Section SymTab { get; }

    public List<Sym> Symbols { get; } = new();

    public List<Rela> Relocations { get; } = new();

    public Section this[string name] => Sections.Single(s => s.Name == name);

    public Sym Symbol(string name) => Symbols.Single(s => s.Name == name);

    public byte[] Contents(Section s) => _data.AsSpan((int)s.Offset, (int)s.Size).ToArray();

    private string String(Section table, uint offset)
    {
        int start = checked((int)(table.Offset + offset));
        int end = Array.IndexOf(_data, (byte)0, start);
        return Encoding.ASCII.GetString(_data, start, end - start);
    }

    private ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(at));

    private uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(at));

    private ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(at));
}
