using System;
using System.Linq;
using Iced.Intel;
using Minix3.Cosmos.Asm;
using NUnit.Framework;
using static Iced.Intel.AssemblerRegisters;

namespace Minix3.Cosmos.Unit.Asm;

[TestFixture]
public class CodeBlockTests
{
    [Test]
    public void BlocksStartAlignedAndPadWithTheirFill()
    {
        var m = new AsmModule();
        var first = m.Text.NewBlock(64);
        first.Define("a", SymbolBinding.Local, SymbolKind.Data);
        first.Db(1, 2, 3);
        var second = m.Text.NewBlock(64, 16, 0xCC);
        second.Define("b", SymbolBinding.Local, SymbolKind.Function);
        second.A.ret();
        var obj = m.Assemble();

        Assert.That(obj["b"].Offset, Is.EqualTo(16));
        Assert.That(obj.Text.Take(3), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(obj.Text.Skip(3).Take(13).All(b => b == 0xCC), Is.True);
        Assert.That(obj["a"].Size, Is.EqualTo(3), "size stops at the block end, not at the padding");
        Assert.That(obj.TextAlignment, Is.EqualTo(16));
    }

    [Test]
    public void TwoSymbolsAtOnePlaceShareTheAddress()
    {
        var m = new AsmModule();
        var c = m.Text.NewBlock(64);
        c.A.nop();
        c.Define("first", SymbolBinding.Global, SymbolKind.Function);
        c.Define("alias", SymbolBinding.Global, SymbolKind.Function);
        c.A.ret();
        var obj = m.Assemble();
        Assert.That(obj["first"].Offset, Is.EqualTo(1));
        Assert.That(obj["alias"].Offset, Is.EqualTo(1));
        Assert.That(obj["first"].Size, Is.EqualTo(1), "aliases describe the same bytes");
        Assert.That(obj["alias"].Size, Is.EqualTo(1));
    }

    [Test]
    public void BindWithAForwardLabelLetsBranchesReachTheSymbol()
    {
        var m = new AsmModule();
        var c = m.Text.NewBlock(64);
        var a = c.A;
        var target = a.CreateLabel();
        a.jmp(target);
        a.nop();
        c.Bind(m.TextSymbol("target"), ref target);
        a.ret();
        var obj = m.Assemble();
        Assert.That(obj["target"].Offset, Is.EqualTo(3), "jmp short (2 bytes) + nop");
        Assert.That(obj.Text[0..2], Is.EqualTo(new byte[] { 0xEB, 0x01 }));
    }

    [Test]
    public void RipRelativeAndCallAddendsAccountForTheRestOfTheInstruction()
    {
        var m = new AsmModule();
        var data = m.Bss.Reserve("data", 16, 16);
        var c = m.Text.NewBlock(64);
        c.LeaRipRelative(rsi, data, 4); // 48 8D 35 disp32: field at 3, instruction ends at 7
        c.Call(m.Extern("elsewhere")); // E8 rel32: field at 8, ends at 12
        c.Jmp(m.Extern("elsewhere")); // E9 rel32: field at 13, ends at 17
        var obj = m.Assemble();
        Assert.That(obj.Relocations.Select(r => (r.Offset, r.Type, r.Symbol.Name, r.Addend)), Is.EqualTo(new[]
        {
            (3L, RelocationType.PcRelative32, "data", 0L),
            (8L, RelocationType.Plt32, "elsewhere", -4L),
            (13L, RelocationType.Plt32, "elsewhere", -4L),
        }));
    }

    [Test]
    public void ThirtyTwoBitFormsUseAbsolute32()
    {
        var m = new AsmModule();
        var target = m.TextSymbol("target64");
        var c = m.Text.NewBlock(32);
        c.MovAddress(eax, m.Extern("somewhere"), 12); // B8 imm32
        c.JmpFar(0x08, target);                       // EA offset32 selector16
        var d = m.Text.NewBlock(64, 16);
        d.Bind(target);
        d.A.ret();
        var obj = m.Assemble();
        Assert.That(obj.Relocations.Select(r => (r.Offset, r.Type, r.Symbol.Name, r.Addend)), Is.EqualTo(new[]
        {
            (1L, RelocationType.Absolute32, "somewhere", 12L),
            (6L, RelocationType.Absolute32, "target64", 0L),
        }));
        Assert.That(obj.Text[10..12], Is.EqualTo(new byte[] { 0x08, 0x00 }), "selector follows the offset");
        var far = AsmTestHelpers.Decode(obj, "target64");
        Assert.That(far.Single().Code, Is.EqualTo(Code.Retnq));
    }

    [Test]
    public void SixteenBitBlocksEncodeAsRealModeCode()
    {
        var m = new AsmModule();
        var c = m.Text.NewBlock(16);
        c.Define("real", SymbolBinding.Local, SymbolKind.Function);
        c.A.mov(ax, 0x1234);
        c.A.mov(eax, 1);
        c.A.ret();
        var obj = m.Assemble();
        Assert.That(obj.Text, Is.EqualTo(new byte[] { 0xB8, 0x34, 0x12, 0x66, 0xB8, 1, 0, 0, 0, 0xC3 }));
        Assert.That(AsmTestHelpers.Disassemble(obj, "real", 16), Is.EqualTo(new[] { "mov ax,0x1234", "mov eax,0x1", "ret" }));
    }

    [Test]
    public void DataDirectivesEmitLittleEndianValues()
    {
        var m = new AsmModule();
        var c = m.Text.NewBlock(64);
        c.Db(0xAB);
        c.Dw(0x1234);
        c.Dd(0x89ABCDEF);
        c.Dq(0x0102030405060708);
        c.Zero(2);
        c.Ascii("Hi");
        var obj = m.Assemble();
        Assert.That(obj.Text, Is.EqualTo(new byte[]
        {
            0xAB, 0x34, 0x12, 0xEF, 0xCD, 0xAB, 0x89, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, (byte)'H', (byte)'i', 0,
        }));
    }

    [Test]
    public void MisuseIsReported()
    {
        var m = new AsmModule();
        m.TextSymbol("never_bound");
        Assert.Throws<InvalidOperationException>(() => m.Assemble());

        var block32 = new AsmModule().Text.NewBlock(32);
        Assert.Throws<InvalidOperationException>(() => block32.MovAddress(rax, new AsmModule().Extern("x")));

        var twice = new AsmModule();
        var c = twice.Text.NewBlock(64);
        c.Define("x", SymbolBinding.Local, SymbolKind.NoType);
        c.A.nop();
        Assert.Throws<InvalidOperationException>(() => c.Define("x", SymbolBinding.Local, SymbolKind.NoType));
        Assert.Throws<InvalidOperationException>(() => twice.Bss.Reserve("x", 8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => twice.Text.NewBlock(64, alignment: 3));

        var dangling = new AsmModule();
        dangling.Text.NewBlock(64).Define("at_end", SymbolBinding.Local, SymbolKind.NoType);
        Assert.Throws<InvalidOperationException>(() => dangling.Assemble(), "empty block");
        var trailing = new AsmModule();
        var block = trailing.Text.NewBlock(64);
        block.A.nop();
        block.Define("after_nop", SymbolBinding.Local, SymbolKind.NoType);
        Assert.Throws<InvalidOperationException>(() => trailing.Assemble(), "label after the last instruction");
    }

    [Test]
    public void ExternOfADefinedNameIsTheDefinition()
    {
        var m = new AsmModule();
        var c = m.Text.NewFunction("defined_here");
        c.A.ret();
        Assert.That(m.Extern("defined_here"), Is.SameAs(m.TextSymbol("defined_here", SymbolBinding.Global)));
    }
}
