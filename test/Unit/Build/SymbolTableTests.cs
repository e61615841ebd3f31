using System;
using System.IO;
using System.Linq;
using System.Text;
using Minix3.Cosmos.Asm;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Build;
using NUnit.Framework;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Unit.Build;

public class SymbolTableTests
{
    // An ELF object with three functions at known offsets, made by our assembler.
    private static byte[] ObjectWithFunctions()
    {
        var module = new AsmModule();
        var first = module.Text.NewFunction("first");
        first.A.nop();
        first.A.ret();
        var second = module.Text.NewFunction("second");
        second.A.ret();
        var third = module.Text.NewFunction("third");
        third.A.mov(rax, 1);
        third.A.ret();
        string path = Path.GetTempFileName();
        try
        {
            ElfObjectWriter.Write(module.Assemble(), path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void ReadsFunctionSymbolsSortedByAddress()
    {
        var symbols = ElfImage.Read(ObjectWithFunctions(), "test.o").FunctionSymbols();
        // In a relocatable object the first function sits at section offset 0,
        // which the table skips (address 0 means "not placed").
        Assert.That(symbols.Select(s => s.Name), Is.EqualTo(new[] { "second", "third" }));
        Assert.That(symbols[0].Address, Is.LessThan(symbols[1].Address));
    }

    [Test]
    public void EncodesTheWireFormatTheKernelReads()
    {
        var symbols = new[]
        {
            new ElfImage.Symbol(0x100000, 16, "a"),
            new ElfImage.Symbol(0x100010, 8, "bc"),
        };
        byte[] table = SymbolTable.Encode(symbols);
        Assert.That(Encoding.ASCII.GetString(table, 0, 8), Is.EqualTo("M3SYMTB1"));
        Assert.That(BitConverter.ToUInt32(table, 8), Is.EqualTo(2u));
        Assert.That(BitConverter.ToUInt32(table, 12), Is.EqualTo(5u), "\"a\\0bc\\0\"");
        Assert.That(BitConverter.ToUInt64(table, 16 + 16), Is.EqualTo(0x100010UL));
        Assert.That(BitConverter.ToUInt32(table, 16 + 16 + 8), Is.EqualTo(8u));
        uint nameOffset = BitConverter.ToUInt32(table, 16 + 16 + 12);
        Assert.That(Encoding.ASCII.GetString(table, 16 + 32 + (int)nameOffset, 2), Is.EqualTo("bc"));
        Assert.That(table.Length, Is.EqualTo(16 + 32 + 5));
    }

    [Test]
    public void RejectsFilesThatAreNotElf()
    {
        var error = Assert.Throws<BuildToolException>(() => ElfImage.Read(new byte[100], "junk"));
        Assert.That(error!.Message, Does.Contain("not an ELF file"));
    }

    [Test]
    public void ReportsTruncatedFilesInsteadOfReadingPastTheEnd()
    {
        byte[] whole = ObjectWithFunctions();
        for (int length = 64; length < whole.Length; length += 97)
        {
            byte[] truncated = whole.AsSpan(0, length).ToArray();
            try
            {
                ElfImage.Read(truncated, "cut.o").FunctionSymbols();
            }
            catch (BuildToolException e)
            {
                Assert.That(e.Message, Does.Contain("truncated").Or.Contain("missing").Or.Contain("outside").Or.Contain("unterminated"));
                continue;
            }
            Assert.Fail($"a file cut at {length} of {whole.Length} bytes was accepted");
        }
    }
}
