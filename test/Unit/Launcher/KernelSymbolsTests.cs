using System;
using System.IO;
using System.Linq;
using Minix3.Cosmos.Asm;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Launcher;
using NUnit.Framework;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Unit.Launcher;

public class KernelSymbolsTests
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
    public void NamesAnAddressByTheFunctionHoldingIt()
    {
        var symbols = new KernelSymbols(new[]
        {
            new ElfImage.Symbol(0x100010, 8, "bc"),
            new ElfImage.Symbol(0x100000, 16, "a"),
            new ElfImage.Symbol(0x100020, 0, "unsized"),
        });
        Assert.That(symbols.Name(0x100004), Is.EqualTo("a+0x0004"));
        Assert.That(symbols.Name(0x100010), Is.EqualTo("bc+0x0000"));
        Assert.That(symbols.Name(0x100018), Is.EqualTo("?"), "past bc's size");
        Assert.That(symbols.Name(0x0FFFFF), Is.EqualTo("?"), "below every symbol");
        Assert.That(symbols.Name(0x123456), Is.EqualTo("unsized+0x23436"), "a symbol without a size reaches to the next");
    }

    [Test]
    public void NamesOnlyTheKernelsBacktraceLines()
    {
        var symbols = new KernelSymbols(new[] { new ElfImage.Symbol(0x100000, 0x100, "kmain") });
        string log = "KERNEL PANIC: x\n  backtrace:\n    0x0000000000100010\n    0x0000000000200000\n" +
            "[ping] 0x0000000000100010\n    0x0000000000100010 already named\n";
        Assert.That(symbols.Annotate(log), Is.EqualTo("KERNEL PANIC: x\n  backtrace:\n    0x0000000000100010 kmain+0x0010\n    0x0000000000200000 ?\n" +
            "[ping] 0x0000000000100010\n    0x0000000000100010 already named\n"));
    }

    [Test]
    public void RejectsFilesThatAreNotElf()
    {
        var error = Assert.Throws<LauncherException>(() => ElfImage.Read(new byte[100], "junk"));
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
            catch (LauncherException e)
            {
                Assert.That(e.Message, Does.Contain("truncated").Or.Contain("missing").Or.Contain("outside").Or.Contain("unterminated"));
                continue;
            }
            Assert.Fail($"a file cut at {length} of {whole.Length} bytes was accepted");
        }
    }
}
