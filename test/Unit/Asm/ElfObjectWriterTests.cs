using System.IO;
using System.Linq;
using Minix3.Cosmos.Asm;
using Minix3.Cosmos.Asm.Elf;
using NUnit.Framework;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Unit.Asm;

[TestFixture]
public class ElfObjectWriterTests
{
    private AssembledObject _obj = null!;
    private ElfReader _elf = null!;

    /// <summary>f: mov rax, buffer+8 (R_64); call ext (PLT32); ret. table: dq f; dd buffer.</summary>
    private static AsmModule SampleModule()
    {
        var m = new AsmModule();
        var buffer = m.Bss.Reserve("buffer", 100, 64, SymbolBinding.Global);
        m.Bss.Reserve("scratch", 8, 8);
        var f = m.Text.NewFunction("f");
        f.MovAddress(rax, buffer, 8);
        f.Call(m.Extern("ext"));
        f.A.ret();
        var data = m.Text.NewBlock(64, 8);
        data.Define("table", SymbolBinding.Global, SymbolKind.Data);
        data.Dq(m.TextSymbol("f", SymbolBinding.Global));
        data.Dd(buffer);
        m.Extern("unused");
        return m;
    }

    [OneTimeSetUp]
    public void Build()
    {
        _obj = SampleModule().Assemble();
        _elf = new ElfReader(ElfObjectWriter.Write(_obj));
    }

    [Test]
    public void HeaderIsRelocatableX8664()
    {
        Assert.That(_elf.Type, Is.EqualTo(1), "ET_REL");
        Assert.That(_elf.Machine, Is.EqualTo(62), "EM_X86_64");
    }

    [Test]
    public void SectionsAreTheFixedSet()
    {
        Assert.That(_elf.Sections.Select(s => s.Name), Is.EqualTo(new[]
        {
            "", ".text.asm", ".rela.text.asm", ".bss.asm", ".note.GNU-stack", ".symtab", ".strtab", ".shstrtab",
        }));
        var text = _elf[".text.asm"];
        Assert.That(text.Type, Is.EqualTo(1u));
        Assert.That(text.Flags, Is.EqualTo(6UL), "SHF_ALLOC | SHF_EXECINSTR");
        Assert.That(_elf.Contents(text), Is.EqualTo(_obj.Text));

        var bss = _elf[".bss.asm"];
        Assert.That(bss.Type, Is.EqualTo(8u), "SHT_NOBITS");
        Assert.That(bss.Flags, Is.EqualTo(3UL), "SHF_WRITE | SHF_ALLOC");
        Assert.That(bss.Size, Is.EqualTo(112UL), "100 bytes, then 8 at offset 104");
        Assert.That(bss.Align, Is.EqualTo(64UL));

        var rela = _elf[".rela.text.asm"];
        Assert.That(rela.Type, Is.EqualTo(4u));
        Assert.That(rela.Link, Is.EqualTo((uint)_elf.SymTab.Index));
        Assert.That(rela.Info, Is.EqualTo((uint)text.Index));
        Assert.That(rela.EntrySize, Is.EqualTo(24UL));

        var note = _elf[".note.GNU-stack"];
        Assert.That(note.Size, Is.EqualTo(0UL));
        Assert.That(note.Flags, Is.EqualTo(0UL), "not executable");
    }

    [Test]
    public void LocalSymbolsComeBeforeGlobals()
    {
        int firstGlobal = (int)_elf.SymTab.Info;
        Assert.That(_elf.Symbols.Take(firstGlobal).All(s => s.Bind == 0), Is.True);
        Assert.That(_elf.Symbols.Skip(firstGlobal).All(s => s.Bind == 1), Is.True);
        Assert.That(_elf.Symbols[1].Type, Is.EqualTo(3), "section symbol for .text.asm");
    }

    [Test]
    public void SymbolsHaveSectionValueSizeAndType()
    {
        var f = _elf.Symbol("f");
        Assert.That((f.Bind, f.Type, f.SectionIndex, f.Value), Is.EqualTo((1, 2, 1, 0UL)));
        Assert.That(f.Size, Is.EqualTo(10UL + 5 + 1), "mov r64,imm64 + call rel32 + ret");

        var table = _elf.Symbol("table");
        Assert.That((table.Type, table.Value, table.Size), Is.EqualTo((1, 16UL, 12UL)), "8-aligned after f's padding");

        var buffer = _elf.Symbol("buffer");
        Assert.That((buffer.Bind, buffer.Type, buffer.SectionIndex, buffer.Value, buffer.Size),
            Is.EqualTo((1, 1, 3, 0UL, 100UL)));
        var scratch = _elf.Symbol("scratch");
        Assert.That((scratch.Bind, scratch.Value), Is.EqualTo((0, 104UL)));

        var ext = _elf.Symbol("ext");
        Assert.That((ext.Bind, ext.Type, ext.SectionIndex, ext.Value), Is.EqualTo((1, 0, 0, 0UL)));
        Assert.That(_elf.Symbols.Any(s => s.Name == "unused"), Is.False, "unreferenced externs are dropped");
    }

    [Test]
    public void RelocationsPointAtTheFieldsWithTheRightAddends()
    {
        string Target(ElfReader.Rela r) => _elf.Symbols[r.SymbolIndex].Name;
        var relocations = _elf.Relocations.Select(r => (r.Offset, r.Type, Target(r), r.Addend)).ToArray();
        Assert.That(relocations, Is.EqualTo(new[]
        {
            (2UL, 1u, "buffer", 8L),   // mov rax, imm64: REX.W B8 then the immediate
            (11UL, 4u, "ext", -4L),    // call rel32: S + A - P with P = field, next instruction 4 bytes on
            (16UL, 1u, "f", 0L),       // dq f
            (24UL, 10u, "buffer", 0L), // dd buffer
        }));
    }

    [Test]
    [Category("Link")]
    public void LldResolvesTheRelocations()
    {
        string? lld = AsmTestHelpers.FindOnPath("ld.lld");
        if (lld is null)
            Assert.Ignore("ld.lld is not on PATH.");
        string dir = Directory.CreateTempSubdirectory("asm-link-").FullName;
        string obj = Path.Combine(dir, "sample.o"), elf = Path.Combine(dir, "sample.elf");
        File.WriteAllBytes(obj, ElfObjectWriter.Write(_obj));
        File.WriteAllText(Path.Combine(dir, "link.ld"),
            "SECTIONS { . = 0x100000; .text : { *(.text.asm) } . = 0x200000; .bss : { *(.bss.asm) } }");
        var (status, output) = AsmTestHelpers.Run(lld!, new[]
        {
            "-T", Path.Combine(dir, "link.ld"), "--defsym", "ext=0x180000", "-e", "f",
            "--fatal-warnings", "-o", elf, obj,
        }, System.TimeSpan.FromSeconds(30));
        Assert.That(status, Is.EqualTo(0), output);

        var linked = new ElfReader(File.ReadAllBytes(elf));
        var text = linked.Contents(linked[".text"]);
        Assert.That(System.BitConverter.ToUInt64(text, 2), Is.EqualTo(0x200008UL), "buffer + 8");
        Assert.That(System.BitConverter.ToInt32(text, 11), Is.EqualTo(0x180000 - 0x10000F), "rel32 from the next instruction");
        Assert.That(System.BitConverter.ToUInt64(text, 16), Is.EqualTo(0x100000UL), "address of f");
        Assert.That(System.BitConverter.ToUInt32(text, 24), Is.EqualTo(0x200000u), "address of buffer");
    }
}
