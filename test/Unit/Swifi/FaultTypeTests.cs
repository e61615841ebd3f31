using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Iced.Intel;
using Minix3.Cosmos.Swifi.Mutation;
using Minix3.Cosmos.Testing.Swifi;
using NUnit.Framework;

namespace Minix3.Cosmos.Unit.Swifi;

// Each fault type on the sample component (SampleDriver): the patched code
// decodes to what the type promises (src/Swifi/README.md, "Fault types").
public class FaultTypeTests
{
    private const ulong Seed = 0x5EED;
    private const int Faults = 200;

    private byte[] _elf = Array.Empty<byte>();
    private DriverCode _code = null!;
    private Dictionary<string, (ulong Start, ulong End)> _functions = new();

    [OneTimeSetUp]
    public void Load()
    {
        TestElf sample = SampleDriver.Build();
        _elf = sample.Build();
        string path = sample.Write(_elf);
        try
        {
            _code = DriverCode.Load(path, "sample");
        }
        finally
        {
            File.Delete(path);
        }
        _functions = _code.Code.Functions.ToDictionary(f => f.Name, f => (f.Address, f.Address + f.Size));
    }

    private IEnumerable<Fault> Made(FaultType type)
    {
        for (long id = 0; id < Faults; id++)
        {
            Fault fault = _code.Make(id, type, Seed);
            PatchChecks.AssertValid(_code, _elf, fault);
            Assert.That(fault.Type, Is.EqualTo(type));
            yield return fault;
        }
    }

    private string FunctionOf(ulong address) => _functions.Single(f => address >= f.Value.Start && address < f.Value.End).Key;

    [Test]
    public void NamesRoundTripAndConcreteLeavesOutRandom()
    {
        Assert.That(FaultTypes.Concrete, Has.Count.EqualTo(9).And.Not.Contains(FaultType.Random));
        Assert.That(FaultTypes.Concrete, Is.Ordered);
        foreach (FaultType t in Enum.GetValues<FaultType>())
        {
            Assert.That(FaultTypes.TryParse(FaultTypes.Name(t), out FaultType parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(t));
        }
        Assert.That(FaultTypes.Name(FaultType.Destination), Is.EqualTo("dst"));
        Assert.That(FaultTypes.Name(FaultType.Source), Is.EqualTo("src"));
        Assert.That(FaultTypes.TryParse("bogus", out _), Is.False);
    }

    [Test]
    public void PaddingIsNotCode()
    {
        Assert.That(_code.Code.Sites.Select(s => s.Instruction.Mnemonic), Has.None.EqualTo(Mnemonic.Int3).And.None.EqualTo(Mnemonic.Nop));
        Assert.That(_code.InstructionCount, Is.EqualTo(_code.Code.Sites.Count).And.GreaterThan(60));
    }

    [Test]
    public void TextFlipsOneBit()
    {
        foreach (Fault f in Made(FaultType.Text))
        {
            Assert.That(f.Patch.Original, Has.Length.EqualTo(1));
            int diff = f.Patch.Original[0] ^ f.Patch.Replacement[0];
            Assert.That(diff != 0 && (diff & (diff - 1)) == 0, f.Description);
        }
    }

    [Test]
    public void NopCoversOneWholeInstruction()
    {
        foreach (Fault f in Made(FaultType.Nop))
        {
            Instruction site = PatchChecks.SiteOf(_code, f);
            Assert.That(f.Patch.Address, Is.EqualTo(site.IP));
            Assert.That(f.Patch.Replacement, Has.Length.EqualTo(site.Length).And.All.EqualTo((byte)0x90));
        }
    }

    [Test]
    public void DestinationWritesAnotherRegisterOfTheSameSize()
    {
        foreach (Fault f in Made(FaultType.Destination))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            Assert.That(after.Mnemonic, Is.EqualTo(before.Mnemonic), f.Description);
            Assert.That(after.Op0Kind, Is.EqualTo(OpKind.Register));
            Assert.That(after.Op0Register, Is.Not.EqualTo(before.Op0Register), f.Description);
            Assert.That(after.Op0Register.GetSize(), Is.EqualTo(before.Op0Register.GetSize()));
            Assert.That(after.Op0Register.GetFullRegister(), Is.Not.EqualTo(Register.RSP));
            Assert.That(f.Patch.Replacement.Skip(after.Length), Has.All.EqualTo((byte)0x90));
        }
    }

    [Test]
    public void SourceReadsAnotherRegisterOrAnImmediateWithOneBitFlipped()
    {
        int registers = 0, immediates = 0;
        foreach (Fault f in Made(FaultType.Source))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            Assert.That(after.Mnemonic, Is.EqualTo(before.Mnemonic), f.Description);
            if (f.Description.Contains(": imm "))
            {
                ulong diff = before.GetImmediate(ImmediateOperand(before)) ^ after.GetImmediate(ImmediateOperand(after));
                Assert.That(diff, Is.Not.Zero, f.Description);
                immediates++;
            }
            else
            {
                var changed = Enumerable.Range(0, before.OpCount).Where(o => before.GetOpKind(o) == OpKind.Register
                    && before.GetOpRegister(o) != after.GetOpRegister(o)).ToArray();
                Assert.That(changed, Has.Length.EqualTo(1), f.Description);
                Assert.That(after.GetOpRegister(changed[0]).GetSize(), Is.EqualTo(before.GetOpRegister(changed[0]).GetSize()));
                registers++;
            }
        }
        Assert.That(registers, Is.Positive);
        Assert.That(immediates, Is.Positive);
    }

    private static int ImmediateOperand(in Instruction i)
    {
        for (int o = 0; o < i.OpCount; o++)
        {
            if (i.GetOpKind(o) is OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32 or OpKind.Immediate64
                or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 or OpKind.Immediate32to64)
                return o;
        }
        throw new AssertionException("no immediate in " + i);
    }

    [Test]
    public void BranchInvertsTheConditionOrDropsTheBranch()
    {
        int inverted = 0, dropped = 0;
        foreach (Fault f in Made(FaultType.Branch))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Assert.That(before.IsJccShortOrNear, f.Description);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            if (after.Mnemonic == Mnemonic.Nop)
            {
                Assert.That(f.Patch.Replacement, Has.Length.EqualTo(before.Length).And.All.EqualTo((byte)0x90));
                dropped++;
                continue;
            }
            Instruction negated = before;
            negated.NegateConditionCode();
            Assert.That(after.Code, Is.EqualTo(negated.Code), f.Description);
            Assert.That(after.NearBranchTarget, Is.EqualTo(before.NearBranchTarget));
            inverted++;
        }
        Assert.That(inverted, Is.Positive);
        Assert.That(dropped, Is.Positive);
    }

    [Test]
    public void LoopMakesTheBackEdgeAnUnconditionalJumpToTheSameTarget()
    {
        var kinds = new HashSet<Code>();
        foreach (Fault f in Made(FaultType.Loop))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Assert.That(before.IsJccShortOrNear && before.NearBranchTarget <= before.IP, f.Description);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            Assert.That(after.Mnemonic, Is.EqualTo(Mnemonic.Jmp), f.Description);
            Assert.That(after.NearBranchTarget, Is.EqualTo(before.NearBranchTarget));
            Assert.That(f.Patch.Replacement, Has.Length.EqualTo(before.Length));
            kinds.Add(before.Code);
        }
        // Both back edges of the sample: jl rel8 (Sum) and jne rel32 (Long).
        Assert.That(kinds, Is.EquivalentTo(new[] { Code.Jl_rel8_64, Code.Jne_rel32_64 }));
    }

    [Test]
    public void PointerCorruptsTheAddressOfAComputedPointer()
    {
        foreach (Fault f in Made(FaultType.Pointer))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            Assert.That(before.MemoryBase.GetFullRegister(), Is.Not.AnyOf(Register.RSP, Register.RBP, Register.RIP), f.Description);
            Assert.That(after.Mnemonic, Is.EqualTo(before.Mnemonic), f.Description);
            bool moved = after.MemoryBase != before.MemoryBase || after.MemoryIndex != before.MemoryIndex
                || after.MemoryDisplacement64 != before.MemoryDisplacement64;
            Assert.That(moved, f.Description);
        }
    }

    [Test]
    public void InterfaceCorruptsTheSetUpOfAnOutgoingCall()
    {
        var where = new HashSet<string>();
        foreach (Fault f in Made(FaultType.Interface))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Instruction after = PatchChecks.DecodePatched(_elf, f, before.IP);
            Assert.That(after.Mnemonic, Is.EqualTo(before.Mnemonic), f.Description);
            where.Add(FunctionOf(before.IP));
        }
        // Receive's sys_trap call is incoming; Start and Interrupt set up IrqControl, not an entry point.
        Assert.That(where, Is.EquivalentTo(new[] { SampleDriver.Send, SampleDriver.SendRec, SampleDriver.IrqControl }));
    }

    [Test]
    public void InterfaceCorruptsTheMessageTypeAndTheTrapNumber()
    {
        var descriptions = Made(FaultType.Interface).Select(f => f.Description).ToArray();
        Assert.That(descriptions, Has.Some.Contains("mov dword ptr [rsp+8],0x1234: imm 0x1234 ->").And.Some.Contains("(for Ipc__SendRec)"));
        Assert.That(descriptions, Has.Some.Contains("mov edi,3: imm 0x3 ->").And.Some.Contains("(for sys_trap)"));
    }

    [Test]
    public void IrqNopsOutTheReEnableNotTheStartUpEnable()
    {
        foreach (Fault f in Made(FaultType.Irq))
        {
            Instruction before = PatchChecks.SiteOf(_code, f);
            Assert.That(before.Mnemonic, Is.EqualTo(Mnemonic.Call));
            Assert.That(before.NearBranchTarget, Is.EqualTo(_functions[SampleDriver.IrqControl].Start));
            Assert.That(FunctionOf(before.IP), Is.EqualTo(SampleDriver.Interrupt));
            Assert.That(f.Patch.Replacement, Has.Length.EqualTo(5).And.All.EqualTo((byte)0x90));
        }
    }

    [Test]
    public void RandomAppliesSupportedConcreteTypes()
    {
        var applied = Made(FaultType.Random).Select(f => f.Applied).ToHashSet();
        Assert.That(applied, Has.None.EqualTo(FaultType.Random));
        Assert.That(applied, Has.Count.GreaterThan(4));
        Assert.That(applied.All(_code.Supports));
    }
}
