using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Iced.Intel;
using Minix3.Cosmos.Asm;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Asm.Kernel;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Asm;

/// <summary>The kernel object's contract with the C# kernel and the linker script.</summary>
[TestFixture]
public class KernelObjectTests
{
    private static readonly string[] Functions =
    {
        "_start", "asm_inb", "asm_inw", "asm_ind", "asm_outb", "asm_outw", "asm_outd",
        "asm_read_cr0", "asm_read_cr2", "asm_read_cr3", "asm_read_cr4", "asm_write_cr0", "asm_write_cr3",
        "asm_write_cr4", "asm_rdmsr", "asm_wrmsr", "asm_invlpg", "asm_lgdt", "asm_lidt", "asm_ltr",
        "asm_cli", "asm_sti", "asm_hlt", "asm_sti_hlt", "asm_pause", "asm_read_rflags", "asm_read_rbp",
        "asm_read_rsp", "asm_rdtsc", "asm_int3", "asm_linker_layout", "asm_isr_misaligned",
    };

    private AssembledObject _obj = null!;
    private ElfReader _elf = null!;

    [OneTimeSetUp]
    public void Build()
    {
        _obj = KernelObject.Build().Assemble();
        _elf = new ElfReader(ElfObjectWriter.Write(_obj));
    }

    private uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(_obj.Text.AsSpan((int)offset));

    private string Hex(string symbol) => $"0x{AsmModule.AssumedTextBase + (ulong)_obj[symbol].Offset:x}";

    private (RelocationType, string, long) Reloc(long offset)
    {
        var r = AsmTestHelpers.RelocationAt(_obj, offset);
        return (r.Type, r.Symbol.Name, r.Addend);
    }

    [Test]
    public void ExportsEveryContractFunction()
    {
        foreach (var name in Functions)
        {
            var s = _elf.Symbol(name);
            Assert.That((s.Bind, s.Type, s.SectionIndex), Is.EqualTo((1, 2, 1)), name);
            Assert.That(s.Size, Is.GreaterThan(0UL), name);
        }
        var table = _elf.Symbol("asm_isr_table");
        Assert.That((table.Bind, table.Type, table.Size), Is.EqualTo((1, 1, 2048UL)));
        Assert.That(_elf.Symbols.Where(s => s.Bind == 1 && s.SectionIndex != 0).Select(s => s.Name),
            Is.EquivalentTo(Functions.Append("asm_isr_table").Append("asm_isr_table_address")), "nothing else is exported");
    }

    [Test]
    public void NeedsExactlyTheKernelAndLinkerScriptSymbols()
    {
        var undefined = _elf.Symbols.Where(s => s.Index > 0 && s.SectionIndex == 0).Select(s => s.Name);
        Assert.That(undefined, Is.EquivalentTo(LinkerLayout.Symbols.Concat(new[] { "kmain", "kernel_interrupt", "__load_end" })));
    }

    [Test]
    public void Multiboot1HeaderIsFirstWithAddressFields()
    {
        Assert.That(U32(0), Is.EqualTo(0x1BADB002u));
        Assert.That(U32(4), Is.EqualTo(0x00010003u));
        Assert.That(unchecked(U32(0) + U32(4) + U32(8)), Is.EqualTo(0u), "checksum");
        Assert.That(Reloc(12), Is.EqualTo((RelocationType.Absolute32, "multiboot1_header", 0L)));
        Assert.That(_obj["multiboot1_header"].Offset, Is.EqualTo(0));
        Assert.That(Reloc(16), Is.EqualTo((RelocationType.Absolute32, "__image_start", 0L)));
        Assert.That(Reloc(20), Is.EqualTo((RelocationType.Absolute32, "__load_end", 0L)));
        Assert.That(Reloc(24), Is.EqualTo((RelocationType.Absolute32, "__bss_end", 0L)));
        Assert.That(Reloc(28), Is.EqualTo((RelocationType.Absolute32, "_start", 0L)));
    }

    [Test]
    public void IsrTableHas256RelocatedEntriesOnePerStub()
    {
        long table = _obj["asm_isr_table"].Offset;
        Assert.That(table % 8, Is.EqualTo(0));
        for (int vector = 0; vector < 256; vector++)
        {
            Assert.That(Reloc(table + 8 * vector), Is.EqualTo((RelocationType.Absolute64, $"asm_isr_stub_{vector}", 0L)));
            Assert.That(BitConverter.ToUInt64(_obj.Text, (int)table + 8 * vector), Is.EqualTo(0UL), "left to the linker");
        }
    }

    [Test]
    public void StubsPushAnErrorCodeOnlyWhenTheCpuDoesNot()
    {
        var errorCodeVectors = new[] { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };
        ulong common = AsmModule.AssumedTextBase + (ulong)_obj["asm_isr_common"].Offset;
        for (int vector = 0; vector < 256; vector++)
        {
            var code = AsmTestHelpers.Decode(_obj, $"asm_isr_stub_{vector}");
            var pushes = code.TakeWhile(i => i.Mnemonic == Mnemonic.Push).Select(i => (long)i.Immediate64).ToArray();
            var expected = errorCodeVectors.Contains(vector) ? new long[] { vector } : new long[] { 0, vector };
            Assert.That(pushes, Is.EqualTo(expected), $"vector {vector}");
            Assert.That(code.Last().Mnemonic, Is.EqualTo(Mnemonic.Jmp));
            Assert.That(code.Last().NearBranchTarget, Is.EqualTo(common), $"vector {vector}");
        }
        Assert.That(_obj["asm_isr_stub_13"].Size, Is.EqualTo(_obj["asm_isr_stub_15"].Size - 2), "no push 0 (6A 00)");
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_isr_stub_13"), Is.Not.EqualTo(
            AsmTestHelpers.Disassemble(_obj, "asm_isr_stub_15")));
    }

    [Test]
    public void CommonPathBuildsTheDocumentedFrame()
    {
        var code = AsmTestHelpers.Disassemble(_obj, "asm_isr_common");
        string[] order = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
        Assert.That(code.Take(15), Is.EqualTo(order.Select(r => "push " + r)));
        Assert.That(code.Skip(15).Take(2), Is.EqualTo(new[] { "test spl,0xf", "jne " + Hex("asm_isr_misaligned") }),
            "a misaligned frame traps before fxsave64 would fault");
        int call = code.FindIndex(s => s.StartsWith("call"));
        Assert.That(code.Skip(call - 4).Take(4), Is.EqualTo(new[] { "sub rsp,0x200", "fxsave64 [rsp]", "mov rdi,rsp", "cld" }));
        Assert.That(code.Skip(call + 1).Take(3), Is.EqualTo(new[] { "mov rsp,rax", "fxrstor64 [rsp]", "add rsp,0x200" }));
        Assert.That(code.Skip(call + 4).Take(15), Is.EqualTo(order.Reverse().Select(r => "pop " + r)));
        Assert.That(code.Skip(call + 19).Take(2), Is.EqualTo(new[] { "add rsp,0x10", "iretq" }));

        var callInstruction = AsmTestHelpers.Decode(_obj, "asm_isr_common")[call];
        long field = (long)(callInstruction.IP - AsmModule.AssumedTextBase) + 1;
        Assert.That(Reloc(field), Is.EqualTo((RelocationType.Plt32, "kernel_interrupt", -4L)));
        Assert.That(InterruptFrameLayout.Size % 16, Is.EqualTo(0));
        Assert.That(InterruptFrameLayout.Rip, Is.EqualTo(512 + 17 * 8));
    }

    [Test]
    public void SmallFunctionsDisassembleAsExpected()
    {
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_inb"), Is.EqualTo(new[] { "movzx edx,di", "xor eax,eax", "in al,dx", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_outw"), Is.EqualTo(new[] { "movzx edx,di", "mov eax,esi", "out dx,ax", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_rdmsr"), Is.EqualTo(new[] { "mov ecx,edi", "rdmsr", "shl rdx,0x20", "or rax,rdx", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_wrmsr"), Is.EqualTo(new[] { "mov ecx,edi", "mov eax,esi", "mov rdx,rsi", "shr rdx,0x20", "wrmsr", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_write_cr3"), Is.EqualTo(new[] { "mov cr3,rdi", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_sti_hlt"), Is.EqualTo(new[] { "sti", "hlt", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_read_rsp"), Is.EqualTo(new[] { "lea rax,[rsp+0x8]", "ret" }));
        Assert.That(AsmTestHelpers.Disassemble(_obj, "asm_ltr"), Is.EqualTo(new[] { "ltr di", "ret" }));
        var lgdt = AsmTestHelpers.Decode(_obj, "asm_lgdt");
        Assert.That(lgdt.Last().Code, Is.EqualTo(Code.Retfq), "64-bit far return pops 8-byte RIP and CS slots");
        Assert.That(lgdt.Select(AsmTestHelpers.Format).Take(4), Is.EqualTo(new[] { "lgdt [rdi]", "mov ds,edx", "mov es,edx", "mov ss,edx" }));
    }

    [Test]
    public void LinkerLayoutStoresEverySymbolInOrder()
    {
        var code = AsmTestHelpers.Decode(_obj, "asm_linker_layout");
        Assert.That(code.Count, Is.EqualTo(2 * LinkerLayout.Symbols.Length + 1));
        for (int i = 0; i < LinkerLayout.Symbols.Length; i++)
        {
            long field = (long)(code[2 * i].IP - AsmModule.AssumedTextBase) + 2;
            Assert.That(Reloc(field), Is.EqualTo((RelocationType.Absolute64, LinkerLayout.Symbols[i], 0L)));
            Assert.That(AsmTestHelpers.Format(code[2 * i + 1]), Is.EqualTo(i == 0 ? "mov [rdi],rax" : $"mov [rdi+0x{8 * i:x}],rax"));
        }
    }

    [Test]
    public void StartIs32BitCodeThatEntersLongMode()
    {
        var code = AsmTestHelpers.Decode(_obj, "_start", 32);
        var text = code.Select(AsmTestHelpers.Format).ToList();
        Assert.That(text.Take(4), Is.EqualTo(new[] { "cli", "cld", "mov esi,eax", "mov ebp,ebx" }));
        Assert.That(text, Does.Contain("or eax,0x620"), "CR4: PAE | OSFXSR | OSXMMEXCPT");
        Assert.That(text, Does.Contain("and eax,0xfffffffb"), "CR0: clear EM");
        Assert.That(text, Does.Contain("or eax,0x80010023"), "CR0: PG | WP | NE | MP | PE");
        Assert.That(text, Does.Contain("mov ecx,0xc0000080"));
        Assert.That(text.IndexOf("mov cr3,eax"), Is.LessThan(text.IndexOf("mov cr0,eax")), "page tables before paging");

        var far = code.Single(i => i.Code == Code.Jmp_ptr1632);
        Assert.That(far.FarBranchSelector, Is.EqualTo(0x08));
        long field = (long)(far.IP - AsmModule.AssumedTextBase) + 1;
        Assert.That(Reloc(field), Is.EqualTo((RelocationType.Absolute32, "asm_long_mode_entry", 0L)));
    }

    [Test]
    public void LongModeEntryCallsKmainOnAnAlignedStack()
    {
        var text = AsmTestHelpers.Disassemble(_obj, "asm_long_mode_entry");
        int call = text.FindIndex(s => s.StartsWith("call"));
        Assert.That(text.Take(call).Skip(call - 4), Is.EqualTo(new[] { "mov rsp,0x0", "mov edi,esi", "mov esi,ebp", "xor ebp,ebp" }));
        var mov = AsmTestHelpers.Decode(_obj, "asm_long_mode_entry")[call - 4];
        long field = (long)(mov.IP - AsmModule.AssumedTextBase) + 2;
        Assert.That(Reloc(field), Is.EqualTo((RelocationType.Absolute64, "asm_boot_stack", (long)BootMemory.StackSize)));
        Assert.That(_obj["asm_boot_stack"].Offset % 16, Is.EqualTo(0));
        Assert.That((BootMemory.StackSize) % 16, Is.EqualTo(0));
    }

    [Test]
    public void BootPageTablesAndGdt()
    {
        foreach (var name in new[] { "asm_boot_pml4", "asm_boot_pdpt", "asm_boot_page_directories" })
            Assert.That(_obj[name].Offset % 4096, Is.EqualTo(0), name);
        Assert.That(_obj.BssAlignment, Is.EqualTo(4096));
        Assert.That(_obj["asm_bss_end"].Offset, Is.EqualTo(_obj.BssSize), "the end marker really is the end");

        long gdt = _obj["asm_boot_gdt"].Offset;
        var descriptors = Enumerable.Range(0, 3).Select(i => BitConverter.ToUInt64(_obj.Text, (int)gdt + 8 * i));
        Assert.That(descriptors, Is.EqualTo(new[] { 0UL, 0x00AF9B000000FFFFUL, 0x00CF93000000FFFFUL }));
        long gdtr = _obj["asm_boot_gdtr"].Offset;
        Assert.That(BitConverter.ToUInt16(_obj.Text, (int)gdtr), Is.EqualTo(23));
        Assert.That(Reloc(gdtr + 2), Is.EqualTo((RelocationType.Absolute64, "asm_boot_gdt", 0L)));
    }
}
