using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// The places in a component's code where one fault type applies, found once
// when the code is loaded, and the making of one fault at a random one of
// them. A site is listed only if a fault can be made there, so Make never
// comes back empty when Any is true.
internal abstract class FaultSites
{
    protected FaultSites(CodeView code) => Code = code;

    protected CodeView Code { get; }

    public abstract bool Any { get; }

    public abstract (CodeView.Site Site, Edit Edit) Make(FaultRandom random);

    protected static T Pick<T>(IReadOnlyList<T> sites, FaultRandom random) => sites[random.Below(sites.Count)];

    protected static readonly InstructionInfoFactory Info = new();

    // Whether the instruction writes operand `operand` (a register), as Iced's
    // instruction info says (condition writes such as cmov count).
    protected static bool Writes(in Instruction instruction, int operand) =>
        Info.GetInfo(instruction).GetOpAccess(operand) is OpAccess.Write or OpAccess.ReadWrite
            or OpAccess.CondWrite or OpAccess.ReadCondWrite;

    protected static bool Reads(in Instruction instruction, int operand) =>
        Info.GetInfo(instruction).GetOpAccess(operand) is OpAccess.Read or OpAccess.CondRead;

    protected static bool IsImmediate(OpKind kind) => kind is OpKind.Immediate8 or OpKind.Immediate16
        or OpKind.Immediate32 or OpKind.Immediate64 or OpKind.Immediate8to16 or OpKind.Immediate8to32
        or OpKind.Immediate8to64 or OpKind.Immediate32to64;
}
