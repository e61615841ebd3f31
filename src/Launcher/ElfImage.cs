using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Launcher;

// A reader for the parts of an ELF64 little-endian file the host needs: the
// section headers and the symbol table (kernel backtraces are named from it,
// KernelSymbols). Every offset is checked against the
// file size, so a truncated or corrupt image gives a clear error.
public sealed class ElfImage
{
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const uint SectionTypeSymbolTable = 2;
    private const byte SymbolTypeNone = 0;
    private const byte SymbolTypeFunction = 2;

    private readonly byte[] _data;
    private readonly string _path;

    private ElfImage(byte[] data, string path)
    {
        _data = data;
        _path = path;
    }

    public static ElfImage Read(byte[] data, string path)
    {
        var image = new ElfImage(data, path);
        if (data.Length < 64 || data[0] != 0x7F || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new LauncherException(path + ": not an ELF file");
        if (data[4] != 2 || data[5] != 1)
            throw new LauncherException(path + ": not a 64-bit little-endian ELF file");
        return image;
    }

    public readonly record struct Symbol(ulong Address, ulong Size, string Name, bool Global = false);

    // Code symbols with a nonzero address, as the linker placed them, sorted
    // by address, one per address.
    public List<Symbol> FunctionSymbols()
    {
        var result = new List<Symbol>();
        ulong sectionTable = U64(0x28);
        int count = U16(0x3C);
        int entrySize = U16(0x3A);
        if (count > 0 && entrySize != SectionHeaderSize)
            throw new LauncherException(_path + ": unexpected section header size");
        for (int i = 0; i < count; i++)
        {
            int header = Checked(sectionTable + (ulong)(i * SectionHeaderSize), SectionHeaderSize);
            if (U32(header + 4) != SectionTypeSymbolTable)
                continue;
            int link = (int)U32(header + 40);
            if (link >= count)
                throw new LauncherException(_path + ": symbol table links to a missing string table");
            int stringsHeader = Checked(sectionTable + (ulong)(link * SectionHeaderSize), SectionHeaderSize);
            ulong stringsOffset = U64(stringsHeader + 24);
            ulong stringsSize = U64(stringsHeader + 32);
            Checked(stringsOffset, stringsSize);
            ulong symbolsOffset = U64(header + 24);
            ulong symbolsSize = U64(header + 32);
            Checked(symbolsOffset, symbolsSize);
            for (ulong s = 0; s + SymbolSize <= symbolsSize; s += SymbolSize)
            {
                int symbol = (int)(symbolsOffset + s);
                byte type = (byte)(_data[symbol + 4] & 0xF);
                ulong address = U64(symbol + 8);
                ulong size = U64(symbol + 16);
                // Functions, and sized untyped symbols (labels in the assembly stubs).
                bool isCode = type == SymbolTypeFunction || (type == SymbolTypeNone && size != 0);
                if (!isCode || address == 0)
                    continue;
                uint nameOffset = U32(symbol);
                if (nameOffset >= stringsSize)
                    throw new LauncherException(_path + ": symbol name outside the string table");
                bool global = (_data[symbol + 4] >> 4) != 0;
                result.Add(new Symbol(address, size, CString((int)(stringsOffset + nameOffset)), global));
            }
        }
        // One name per address: an exported name (kmain, RhpThrowEx) says more
        // than the compiler's mangled alias for the same code.
        result.Sort((a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : b.Global.CompareTo(a.Global));
        var unique = new List<Symbol>(result.Count);
        foreach (Symbol symbol in result)
        {
            if (unique.Count == 0 || unique[^1].Address != symbol.Address)
                unique.Add(symbol);
        }
        return unique;
    }

    private int Checked(ulong offset, ulong length)
    {
        if (offset > (ulong)_data.Length || length > (ulong)_data.Length - offset)
            throw new LauncherException(_path + ": truncated ELF file");
        return (int)offset;
    }

    private string CString(int offset)
    {
        int end = Array.IndexOf(_data, (byte)0, offset);
        if (end < 0)
            throw new LauncherException(_path + ": unterminated symbol name");
        return Encoding.ASCII.GetString(_data, offset, end - offset);
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(Checked((ulong)offset, 2)));
    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(Checked((ulong)offset, 4)));
    private ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(Checked((ulong)offset, 8)));
}
