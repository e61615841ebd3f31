using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Swifi.Mutation;

// The parts of a component's ELF the fault generator needs: the bytes and
// address of .text and the FUNC symbols with their sizes. Components are
// ELF64 little-endian x86-64 executables (ld.lld's output, .text at
// 0x8000000000). Every offset is checked against the file, so a truncated or
// foreign file gives an InvalidDataException naming the file and the fault.
internal sealed class ElfCode
{
    private const ushort MachineX86_64 = 62;
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const uint SectionSymbolTable = 2;
    private const uint SectionNoBits = 8;
    private const ulong FlagExecutable = 4;
    private const byte SymbolFunction = 2;

    public readonly record struct Function(string Name, ulong Address, ulong Size);

    public ulong TextAddress { get; }
    public byte[] Text { get; }
    public IReadOnlyList<Function> Functions { get; }

    private readonly byte[] _data;
    private readonly string _name;

    private ElfCode(byte[] data, string name)
    {
        _data = data;
        _name = name;
        if (data.Length < 64 || data[0] != 0x7F || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw Bad("not an ELF file");
        if (data[4] != 2 || data[5] != 1)
            throw Bad("not a 64-bit little-endian ELF file");
        if (U16(18) != MachineX86_64)
            throw Bad($"not an x86-64 ELF file (machine {U16(18)})");
        if (U16(58) != SectionHeaderSize)
            throw Bad("unexpected section header size");

        var sections = ReadSections();
        int text = sections.FindIndex(s => s.Name == ".text");
        if (text < 0)
            throw Bad("no .text section");
        Section t = sections[text];
        if (t.Type == SectionNoBits || (t.Flags & FlagExecutable) == 0 || t.Size == 0)
            throw Bad(".text is not executable code");
        TextAddress = t.Address;
        Text = _data.AsSpan(Checked(t.Offset, t.Size, ".text"), (int)t.Size).ToArray();
        Functions = ReadFunctions(sections, text);
    }

    public static ElfCode Read(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})", e);
        }
        return new ElfCode(data, path);
    }

    private readonly record struct Section(string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link);

    private List<Section> ReadSections()
    {
        ulong table = U64(40);
        int count = U16(60);
        int names = U16(62);
        if (count == 0 || names >= count)
            throw Bad("no section name table");
        Checked(table, (ulong)count * SectionHeaderSize, "section headers");
        int namesHeader = (int)table + names * SectionHeaderSize;
        ulong namesOffset = U64(namesHeader + 24), namesSize = U64(namesHeader + 32);
        Checked(namesOffset, namesSize, "section names");
        var sections = new List<Section>(count);
        for (int i = 0; i < count; i++)
        {
            int h = (int)table + i * SectionHeaderSize;
            uint name = U32(h);
            sections.Add(new Section(
                name < namesSize ? CString(namesOffset + name, namesOffset + namesSize) : "",
                U32(h + 4), U64(h + 8), U64(h + 16), U64(h + 24), U64(h + 32), U32(h + 40)));
        }
        return sections;
    }

    // FUNC symbols defined in .text with a size, one per address (aliases such
    // as component_start for Startup__Start keep the first name seen).
    private List<Function> ReadFunctions(List<Section> sections, int text)
    {
        var byAddress = new SortedDictionary<ulong, Function>();
        foreach (Section symtab in sections)
        {
            if (symtab.Type != SectionSymbolTable)
                continue;
            if (symtab.Link >= sections.Count)
                throw Bad("symbol table links to a missing string table");
            Section strings = sections[(int)symtab.Link];
            Checked(strings.Offset, strings.Size, "symbol names");
            int start = Checked(symtab.Offset, symtab.Size, ".symtab");
            for (ulong s = 0; s + SymbolSize <= symtab.Size; s += SymbolSize)
            {
                int e = start + (int)s;
                ulong address = U64(e + 8), size = U64(e + 16);
                if ((_data[e + 4] & 0xF) != SymbolFunction || U16(e + 6) != text || size == 0)
                    continue;
                if (address < TextAddress || address - TextAddress >= (ulong)Text.Length)
                    continue;
                uint name = U32(e);
                if (name >= strings.Size)
                    throw Bad("symbol name outside the string table");
                ulong limit = Math.Min(size, (ulong)Text.Length - (address - TextAddress));
                byAddress.TryAdd(address, new Function(CString(strings.Offset + name, strings.Offset + strings.Size), address, limit));
            }
        }
        if (byAddress.Count == 0)
            throw Bad("no FUNC symbols with sizes in .text (stripped?)");
        return new List<Function>(byAddress.Values);
    }

    private InvalidDataException Bad(string what) => new(_name + ": " + what);

    private int Checked(ulong offset, ulong length, string what)
    {
        if (offset > (ulong)_data.Length || length > (ulong)_data.Length - offset)
            throw Bad($"truncated ELF file ({what} past the end of the file)");
        return (int)offset;
    }

    private string CString(ulong offset, ulong limit)
    {
        int end = Array.IndexOf(_data, (byte)0, (int)offset, (int)(limit - offset));
        if (end < 0)
            throw Bad("unterminated symbol name");
        return Encoding.ASCII.GetString(_data, (int)offset, end - (int)offset);
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(Checked((ulong)offset, 2, "header"), 2));
    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(Checked((ulong)offset, 4, "header"), 4));
    private ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(Checked((ulong)offset, 8, "header"), 8));
}
