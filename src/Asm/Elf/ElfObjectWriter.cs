using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Minix3.Cosmos.Asm.Elf;

/// <summary>
/// Writes an <see cref="AssembledObject"/> as an ELF64 little-endian relocatable object
/// (ET_REL, EM_X86_64) that ld.lld links. Section indices are fixed; see <see cref="SectionIndex"/>.
/// </summary>
public static class ElfObjectWriter
{
    /// <summary>Section header indices of the written object.</summary>
    public enum SectionIndex : ushort
    {
        Null = 0,
        Text = 1,
        RelaText = 2,
        Bss = 3,
        NoteGnuStack = 4,
        SymTab = 5,
        StrTab = 6,
        ShStrTab = 7,
        Count = 8,
    }

    private const int ElfHeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const int RelaSize = 24;

    private const uint ShtProgBits = 1, ShtSymTab = 2, ShtStrTab = 3, ShtRela = 4, ShtNoBits = 8;
    private const ulong ShfWrite = 1, ShfAlloc = 2, ShfExecInstr = 4, ShfInfoLink = 0x40;
    private const byte StbLocal = 0, StbGlobal = 1;
    private const byte SttNoType = 0, SttObject = 1, SttFunc = 2, SttSection = 3;

    private readonly record struct SectionHeader(uint Name, uint Type, ulong Flags, ulong Offset, ulong Size,
        uint Link, uint Info, ulong Align, ulong EntrySize);

    public static void Write(AssembledObject obj, string path) => File.WriteAllBytes(path, Write(obj));

    public static byte[] Write(AssembledObject obj)
    {
        var symbols = OrderSymbols(obj, out int firstGlobal);
        var index = new Dictionary<Symbol, int>();
        var strtab = new StringTable();
        var symtab = new MemoryStream();
        using (var w = new BinaryWriter(symtab, Encoding.ASCII, leaveOpen: true))
        {
            WriteSymbol(w, 0, 0, 0, 0, 0);
            WriteSymbol(w, 0, SttSection, (ushort)SectionIndex.Text, 0, 0);
            WriteSymbol(w, 0, SttSection, (ushort)SectionIndex.Bss, 0, 0);
            foreach (var s in symbols)
            {
                index[s] = (int)(symtab.Length / SymbolSize);
                byte bind = s.Binding == SymbolBinding.Global ? StbGlobal : StbLocal;
                byte type = s.Section == SymbolSection.External ? SttNoType : s.Kind switch
                {
                    SymbolKind.Function => SttFunc,
                    SymbolKind.Data => SttObject,
                    _ => SttNoType,
                };
                ushort shndx = s.Section switch
                {
                    SymbolSection.Text => (ushort)SectionIndex.Text,
                    SymbolSection.Bss => (ushort)SectionIndex.Bss,
                    _ => 0, // SHN_UNDEF
                };
                ulong value = s.Section == SymbolSection.External ? 0 : (ulong)s.Offset;
                ulong size = s.Section == SymbolSection.External ? 0 : (ulong)s.Size;
                WriteSymbol(w, strtab.Add(s.Name), (byte)((bind << 4) | type), shndx, value, size);
            }
        }

        var rela = new MemoryStream();
        using (var w = new BinaryWriter(rela, Encoding.ASCII, leaveOpen: true))
        {
            foreach (var r in obj.Relocations)
            {
                w.Write((ulong)r.Offset);
                w.Write(((ulong)index[r.Symbol] << 32) | (uint)r.Type);
                w.Write(r.Addend);
            }
        }

        var shstrtab = new StringTable();
        var names = new uint[(int)SectionIndex.Count];
        names[(int)SectionIndex.Text] = shstrtab.Add(obj.TextName);
        names[(int)SectionIndex.RelaText] = shstrtab.Add(".rela" + obj.TextName);
        names[(int)SectionIndex.Bss] = shstrtab.Add(obj.BssName);
        names[(int)SectionIndex.NoteGnuStack] = shstrtab.Add(".note.GNU-stack");
        names[(int)SectionIndex.SymTab] = shstrtab.Add(".symtab");
        names[(int)SectionIndex.StrTab] = shstrtab.Add(".strtab");
        names[(int)SectionIndex.ShStrTab] = shstrtab.Add(".shstrtab");

        var file = new MemoryStream();
        using var output = new BinaryWriter(file, Encoding.ASCII);
        output.Write(new byte[ElfHeaderSize]); // filled in at the end, once offsets are known
        ulong Place(byte[] data, int align)
        {
            Pad(output, align);
            ulong at = (ulong)file.Position;
            output.Write(data);
            return at;
        }

        var headers = new SectionHeader[(int)SectionIndex.Count];
        ulong textAt = Place(obj.Text, obj.TextAlignment);
        headers[(int)SectionIndex.Text] = new(names[1], ShtProgBits, ShfAlloc | ShfExecInstr, textAt,
            (ulong)obj.Text.Length, 0, 0, (ulong)obj.TextAlignment, 0);
        ulong relaAt = Place(rela.ToArray(), 8);
        headers[(int)SectionIndex.RelaText] = new(names[2], ShtRela, ShfInfoLink, relaAt, (ulong)rela.Length,
            (uint)SectionIndex.SymTab, (uint)SectionIndex.Text, 8, RelaSize);
        headers[(int)SectionIndex.Bss] = new(names[3], ShtNoBits, ShfAlloc | ShfWrite, relaAt, (ulong)obj.BssSize,
            0, 0, (ulong)obj.BssAlignment, 0);
        // An empty .note.GNU-stack says "no executable stack needed"; without it lld warns.
        headers[(int)SectionIndex.NoteGnuStack] = new(names[4], ShtProgBits, 0, relaAt, 0, 0, 0, 1, 0);
        ulong symAt = Place(symtab.ToArray(), 8);
        headers[(int)SectionIndex.SymTab] = new(names[5], ShtSymTab, 0, symAt, (ulong)symtab.Length,
            (uint)SectionIndex.StrTab, (uint)(firstGlobal + 3), 8, SymbolSize);
        ulong strAt = Place(strtab.ToArray(), 1);
        headers[(int)SectionIndex.StrTab] = new(names[6], ShtStrTab, 0, strAt, (ulong)strtab.Length, 0, 0, 1, 0);
        byte[] shstrBytes = shstrtab.ToArray();
        ulong shstrAt = Place(shstrBytes, 1);
        headers[(int)SectionIndex.ShStrTab] = new(names[7], ShtStrTab, 0, shstrAt, (ulong)shstrBytes.Length, 0, 0, 1, 0);

        Pad(output, 8);
        ulong sectionHeadersAt = (ulong)file.Position;
        foreach (var h in headers)
            WriteSectionHeader(output, h);

        file.Position = 0;
        WriteElfHeader(output, sectionHeadersAt);
        output.Flush();
        return file.ToArray();
    }

    /// <summary>ELF requires all local symbols before the globals. Externals nobody references
    /// are left out, so a stray <c>Extern</c> cannot become an undefined-symbol link error.</summary>
    private static List<Symbol> OrderSymbols(AssembledObject obj, out int firstGlobal)
    {
        var referenced = obj.Relocations.Select(r => r.Symbol).ToHashSet();
        var kept = obj.Symbols.Where(s => s.Section != SymbolSection.External || referenced.Contains(s)).ToList();
        var locals = kept.Where(s => s.Binding == SymbolBinding.Local).ToList();
        firstGlobal = locals.Count;
        locals.AddRange(kept.Where(s => s.Binding == SymbolBinding.Global));
        return locals;
    }

    private static void WriteElfHeader(BinaryWriter w, ulong sectionHeadersAt)
    {
        // e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_NONE, padding.
        w.Write(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        w.Write((ushort)1);   // e_type ET_REL
        w.Write((ushort)62);  // e_machine EM_X86_64
        w.Write(1u);          // e_version
        w.Write(0UL);         // e_entry
        w.Write(0UL);         // e_phoff: no program headers in an object
        w.Write(sectionHeadersAt);
        w.Write(0u);          // e_flags
        w.Write((ushort)ElfHeaderSize);
        w.Write((ushort)0);   // e_phentsize
        w.Write((ushort)0);   // e_phnum
        w.Write((ushort)SectionHeaderSize);
        w.Write((ushort)SectionIndex.Count);
        w.Write((ushort)SectionIndex.ShStrTab);
    }

    private static void WriteSectionHeader(BinaryWriter w, SectionHeader h)
    {
        w.Write(h.Name);
        w.Write(h.Type);
        w.Write(h.Flags);
        w.Write(0UL); // sh_addr: objects are not placed yet
        w.Write(h.Offset);
        w.Write(h.Size);
        w.Write(h.Link);
        w.Write(h.Info);
        w.Write(h.Align);
        w.Write(h.EntrySize);
    }

    private static void WriteSymbol(BinaryWriter w, uint name, byte info, ushort shndx, ulong value, ulong size)
    {
        w.Write(name);
        w.Write(info);
        w.Write((byte)0); // st_other: STV_DEFAULT
        w.Write(shndx);
        w.Write(value);
        w.Write(size);
    }

    private static void Pad(BinaryWriter w, int align)
    {
        while (w.BaseStream.Position % align != 0)
            w.Write((byte)0);
    }

    /// <summary>An ELF string table: NUL-separated names, starting with the empty name.</summary>
    private sealed class StringTable
    {
        private readonly MemoryStream _bytes = new();
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);

        public StringTable() => _bytes.WriteByte(0);

        public long Length => _bytes.Length;

        public uint Add(string name)
        {
            if (_offsets.TryGetValue(name, out uint at))
                return at;
            at = (uint)_bytes.Length;
            _bytes.Write(Encoding.ASCII.GetBytes(name));
            _bytes.WriteByte(0);
            _offsets.Add(name, at);
            return at;
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
