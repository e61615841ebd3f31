using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// pointer: the address an instruction computes for its memory operand goes
// wrong: one random bit of the displacement flips, or the base or index
// register becomes another 64-bit register, so the access (or lea's result)
// lands elsewhere. Only pointers the code computed count: operands based on
// rsp or rbp (the frame: locals and spills, whose corruption wrecks the
// frame itself, which text and dst already cover), rip-relative operands
// (statics at link-time addresses) and fs/gs operands (thread-local) are
// left alone, as are absolute addresses with neither base nor index.
internal sealed class PointerSites : FaultSites
{
    private readonly List<(CodeView.Site Site, bool Displacement, bool Base, bool Index)> _sites = new();

    public PointerSites(CodeView code) : base(code)
    {
        foreach (CodeView.Site site in code.Sites)
        {
            if (!HasComputedPointer(site.Instruction))
                continue;
            bool displacement = Edits.HasDisplacement(site);
            bool @base = site.Instruction.MemoryBase != Register.None && Edits.SwapAddressRegister(code, site, false, null) is not null;
            bool index = site.Instruction.MemoryIndex != Register.None && Edits.SwapAddressRegister(code, site, true, null) is not null;
            if (displacement || @base || index)
                _sites.Add((site, displacement, @base, index));
        }
    }

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        var (site, displacement, @base, index) = Pick(_sites, random);
        // Half the faults flip the displacement when there is one; the rest change a register.
        if (displacement && (!(@base || index) || random.Coin()))
            return (site, Edits.FlipDisplacement(Code, site, random));
        bool useIndex = index && (!@base || random.Coin());
        return (site, Edits.SwapAddressRegister(Code, site, useIndex, random)!.Value);
    }

    private static bool HasComputedPointer(in Instruction i)
    {
        bool memory = false;
        for (int operand = 0; operand < i.OpCount; operand++)
            memory |= i.GetOpKind(operand) == OpKind.Memory;
        if (!memory || i.SegmentPrefix is Register.FS or Register.GS || i.IsIPRelativeMemoryOperand)
            return false;
        Register @base = i.MemoryBase.GetFullRegister();
        if (@base is Register.RSP or Register.RBP)
            return false;
        return i.MemoryBase != Register.None || i.MemoryIndex != Register.None;
    }
}
