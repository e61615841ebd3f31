using System.Collections.Generic;
using System.Linq;
using Iced.Intel;
using Minix3.Cosmos.Boot.Uefi.MachineCode;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Boot.Uefi;

// The UEFI loader's machine-code page (src/Boot/Uefi/MachineCode): decoded
// back, its RIP-relative operands must land on the page's own GDT, GDTR and
// 32-bit part, and the 32-bit part must end in the Multiboot hand-over.
public class CodePageTests
{
    private static readonly byte[] Page = CodePage.Build();

    private static List<Instruction> Decode(int bitness, int offset, int length)
    {
        var decoder = Decoder.Create(bitness, new ByteArrayCodeReader(Page, offset, length));
        decoder.IP = (ulong)offset;
        var instructions = new List<Instruction>();
        while (decoder.IP < (ulong)(offset + length))
        {
            decoder.Decode(out Instruction instruction);
            instructions.Add(instruction);
            if (instruction.FlowControl is FlowControl.Return or FlowControl.IndirectBranch)
                break;
        }
        return instructions;
    }

    [Test]
    public void EnterKernelLoadsTheGdtInThePageAndReturnsFarToThe32BitPart()
    {
        var code = Decode(64, CodePage.EnterKernel, 0x60);
        Assert.That(code[0].Mnemonic, Is.EqualTo(Mnemonic.Cli));
        var lgdt = code.Single(i => i.Mnemonic == Mnemonic.Lgdt);
        Assert.That(lgdt.IsIPRelativeMemoryOperand, Is.True);
        ulong gdtr = lgdt.IPRelativeMemoryAddress;
        // GDTR: limit 23 (three descriptors), base written by the code just before.
        Assert.That(Page[gdtr] | Page[gdtr + 1] << 8, Is.EqualTo(23));
        var store = code.Single(i => i.Mnemonic == Mnemonic.Mov && i.Op0Kind == OpKind.Memory);
        Assert.That(store.IPRelativeMemoryAddress, Is.EqualTo(gdtr + 2));
        ulong gdt = code.First(i => i.Mnemonic == Mnemonic.Lea && i.Op0Register == Register.RAX).IPRelativeMemoryAddress;
        Assert.That(System.BitConverter.ToUInt64(Page, (int)gdt + 8), Is.EqualTo(0x00CF_9A00_0000_FFFFUL), "flat 32-bit code at selector 0x08");
        Assert.That(System.BitConverter.ToUInt64(Page, (int)gdt + 16), Is.EqualTo(0x00CF_9200_0000_FFFFUL), "flat 32-bit data at selector 0x10");
        Assert.That(code.Last().Code, Is.EqualTo(Code.Retfq));
        Assert.That(code.Single(i => i.Mnemonic == Mnemonic.Lea && i.Op0Register == Register.RBP).IPRelativeMemoryAddress, Is.EqualTo((ulong)CodePage.HandOver));
    }

    [Test]
    public void The32BitPartTurnsPagingAndLongModeOffMovesTheKernelAndJumpsWithTheMultibootMagic()
    {
        var enter = Decode(64, CodePage.EnterKernel, 0x60);
        ulong target = enter.Last(i => i.Mnemonic == Mnemonic.Lea && i.Op0Register == Register.RAX).IPRelativeMemoryAddress;
        var code = Decode(32, (int)target, 0x60);
        var mnemonics = code.Select(i => i.Mnemonic).ToList();
        Assert.That(code.Any(i => i.Mnemonic == Mnemonic.And && i.Op0Register == Register.EAX && i.Immediate32 == 0x7FFF_FFFF), Is.True, "CR0.PG cleared");
        Assert.That(mnemonics.IndexOf(Mnemonic.Wrmsr), Is.GreaterThan(mnemonics.IndexOf(Mnemonic.Rdmsr)));
        Assert.That(code.Any(i => i.Mnemonic == Mnemonic.And && i.Immediate32 == ~(1u << 8)), Is.True, "EFER.LME cleared");
        Assert.That(code.Any(i => i.HasRepPrefix && i.Mnemonic == Mnemonic.Movsb), Is.True);
        Assert.That(code.Any(i => i.Mnemonic == Mnemonic.Mov && i.Op0Register == Register.EAX && i.Immediate32 == 0x2BADB002), Is.True);
        Instruction jump = code.Last();
        Assert.That(jump.Mnemonic, Is.EqualTo(Mnemonic.Jmp));
        Assert.That(jump.MemoryBase, Is.EqualTo(Register.EBP));
        Assert.That((int)jump.MemoryDisplacement32, Is.EqualTo(CodePage.HandOverEntry));
    }

    [Test]
    public void PortStubsTakeTheMicrosoftAbiArguments()
    {
        var output = Decode(64, CodePage.PortOut, 0x10);
        Assert.That(output.Select(i => i.Mnemonic), Is.EqualTo(new[] { Mnemonic.Mov, Mnemonic.Mov, Mnemonic.Out, Mnemonic.Ret }));
        var input = Decode(64, CodePage.PortIn, 0x10);
        Assert.That(input.Select(i => i.Mnemonic), Is.EqualTo(new[] { Mnemonic.Mov, Mnemonic.In, Mnemonic.Movzx, Mnemonic.Ret }));
    }
}
