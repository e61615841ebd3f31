using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Iced.Intel;

namespace Minix3.Cosmos.Unit.Swifi;

// A small x86-64 executable written by the test: functions assembled with
// Iced at the components' code address, with padding (int3, multi-byte nops)
// between them, in a minimal ELF64 (.text, .symtab, .strtab, .shstrtab; no
// program headers: the generator reads sections only).
internal sealed class TestElf
{
    public const ulong TextAddress = 0x8000000000;
    public const int TextOffset = 0x100;

    private readonly Dictionary<string, Label> _labels = new();
    private readonly List<(string Name, Label Start, Label End)> _functions = new();
    private string? _open;

    public Assembler A { get; } = new(64);

    // A function's label, usable before the function is written (forward calls).
    public Label this[string name]
    {
        get
        {
            if (!_labels.TryGetValue(name, out Label label))
                _labels[name] = label = A.CreateLabel(name);
            return label;
        }
    }

    public void Begin(string name)
    {
        Label start = this[name];
        A.Label(ref start);
        _labels[name] = start;
        _open = name;
    }

    // Ends the open function; `padding` bytes of int3 (or, with nops, one
    // multi-byte nop and 0x90s) follow it, outside its symbol.
    public void End(int padding = 3, bool nops = false)
    {
        Label end = A.CreateLabel();
        A.Label(ref end);
        _functions.Add((_open!, _labels[_open!], end));
        if (nops)
        {
            A.db(0x0F, 0x1F, 0x44, 0x00, 0x00);
            for (int i = 0; i < padding; i++)
                A.nop();
        }
        else
        {
            for (int i = 0; i < padding; i++)
                A.int3();
        }
    }

    public byte[] Build(ushort machine = 62, string textName = ".text")
    {
        var stream = new MemoryStream();
        var result = A.Assemble(new StreamCodeWriter(stream), TextAddress, BlockEncoderOptions.ReturnNewInstructionOffsets);
        byte[] text = stream.ToArray();

        var strtab = new Names();
        var symtab = new MemoryStream();
        symtab.Write(new byte[24]);
        foreach (var (name, start, end) in _functions)
        {
            ulong address = result.GetLabelRIP(start), size = result.GetLabelRIP(end) - address;
            var entry = new byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(entry, strtab.Add(name));
            entry[4] = 2; // STB_LOCAL, STT_FUNC
            BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(6), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), address);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), size);
            symtab.Write(entry);
        }
        var shstrtab = new Names();
        uint textName_ = shstrtab.Add(textName), symName = shstrtab.Add(".symtab"),
            strName = shstrtab.Add(".strtab"), shName = shstrtab.Add(".shstrtab");

        byte[] symbols = symtab.ToArray(), strings = strtab.ToArray(), sectionNames = shstrtab.ToArray();
        int symOffset = TextOffset + text.Length;
        int strOffset = symOffset + symbols.Length;
        int shstrOffset = strOffset + strings.Length;
        int headers = (shstrOffset + sectionNames.Length + 7) & ~7;
        var file = new byte[headers + 5 * 64];
        file[0] = 0x7F; file[1] = (byte)'E'; file[2] = (byte)'L'; file[3] = (byte)'F';
        file[4] = 2; file[5] = 1; file[6] = 1; // ELFCLASS64, little-endian, version 1
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(18), machine);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(24), TextAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(40), (ulong)headers);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(52), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(58), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(60), 5);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(62), 4);
        text.CopyTo(file, TextOffset);
        symbols.CopyTo(file, symOffset);
        strings.CopyTo(file, strOffset);
        sectionNames.CopyTo(file, shstrOffset);
        Section(file, headers, 1, textName_, 1, 6, TextAddress, TextOffset, text.Length, 0, 0, 16, 0);
        Section(file, headers, 2, symName, 2, 0, 0, symOffset, symbols.Length, 3, (uint)_functions.Count + 1, 8, 24);
        Section(file, headers, 3, strName, 3, 0, 0, strOffset, strings.Length, 0, 0, 1, 0);
        Section(file, headers, 4, shName, 3, 0, 0, shstrOffset, sectionNames.Length, 0, 0, 1, 0);
        return file;
    }

    public string Write(byte[] file)
    {
        string path = Path.Combine(Path.GetTempPath(), "swifi-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, file);
        return path;
    }

    private static void Section(byte[] file, int table, int index, uint name, uint type, ulong flags, ulong address,
        int offset, int size, uint link, uint info, ulong align, ulong entrySize)
    {
        Span<byte> h = file.AsSpan(table + index * 64, 64);
        BinaryPrimitives.WriteUInt32LittleEndian(h, name);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(h[8..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(h[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], info);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], align);
        BinaryPrimitives.WriteUInt64LittleEndian(h[56..], entrySize);
    }

    private sealed class Names
    {
        private readonly MemoryStream _bytes = new();

        public Names() => _bytes.WriteByte(0);

        public uint Add(string name)
        {
            uint offset = (uint)_bytes.Length;
            _bytes.Write(Encoding.ASCII.GetBytes(name));
            _bytes.WriteByte(0);
            return offset;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
