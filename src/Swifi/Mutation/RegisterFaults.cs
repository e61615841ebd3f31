using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// dst: an instruction whose first operand is a general-purpose register it
// writes puts its result in another register of the same size (same
// mnemonic, same sources): the intended register keeps a stale value and the
// other one is clobbered.
internal sealed class DestinationSites : FaultSites
{
    private readonly List<CodeView.Site> _sites = new();

    public DestinationSites(CodeView code) : base(code)
    {
        foreach (CodeView.Site site in code.Sites)
        {
            Instruction i = site.Instruction;
            if (i.OpCount > 0 && i.Op0Kind == OpKind.Register && Registers.IsCandidate(i.Op0Register)
                && Writes(i, 0) && Edits.SwapRegister(code, site, 0, "dst", null, ZeroIdiom(i)) is not null)
                _sites.Add(site);
        }
    }

    public override bool Any => _sites.Count > 0;

    // xor eax,eax and sub eax,eax read nothing (Iced: the source's access is
    // None): zeroing another register keeps the instruction a zeroing.
    private static bool ZeroIdiom(in Instruction i) =>
        i.OpCount == 2 && i.Op1Kind == OpKind.Register && i.Op1Register == i.Op0Register
            && Info.GetInfo(i).GetOpAccess(1) == OpAccess.None;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(_sites, random);
        return (site, Edits.SwapRegister(Code, site, 0, "dst", random, ZeroIdiom(site.Instruction))!.Value);
    }
}

// src: a source operand changes: a register the instruction only reads
// becomes another of its size, or one random bit of an immediate flips.
internal sealed class SourceSites : FaultSites
{
    private readonly List<(CodeView.Site Site, int Operand)> _sites = new();

    public SourceSites(CodeView code) : base(code)
    {
        foreach (CodeView.Site site in code.Sites)
        {
            for (int operand = 0; operand < site.Instruction.OpCount; operand++)
            {
                if (IsSource(code, site, operand))
                    _sites.Add((site, operand));
            }
        }
    }

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        (CodeView.Site site, int operand) = Pick(_sites, random);
        return (site, Change(Code, site, operand, random));
    }

    // A register the instruction reads and does not write, or an immediate
    // encoded in its bytes (not the implied 1 of shl eax,1).
    public static bool IsSource(CodeView code, in CodeView.Site site, int operand)
    {
        Instruction i = site.Instruction;
        OpKind kind = i.GetOpKind(operand);
        if (IsImmediate(kind))
            return Edits.HasImmediate(site);
        return kind == OpKind.Register && Registers.IsCandidate(i.GetOpRegister(operand))
            && Reads(i, operand) && !Writes(i, operand)
            && Edits.SwapRegister(code, site, operand, "src", null) is not null;
    }

    public static Edit Change(CodeView code, in CodeView.Site site, int operand, FaultRandom random) =>
        site.Instruction.GetOpKind(operand) == OpKind.Register
            ? Edits.SwapRegister(code, site, operand, "src", random)!.Value
            : Edits.FlipImmediate(code, site, random);
}
