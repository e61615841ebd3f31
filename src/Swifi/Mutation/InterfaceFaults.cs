using System;
using System.Collections.Generic;
using System.Linq;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// interface: a parameter of an outgoing message or kernel call goes wrong.
// The entry points are the IPC wrappers of src/Lib/Sys/Ipc.cs that send
// (Ipc.Send, SendRec, SendAsync, Notify, KernelCall: ilc names them
// ..._Lib_Sys_Ipc__SendRec and so on) and the trap stub sys_trap they end
// in (ilc inlines some wrappers, Devices.IrqControl calls sys_trap itself).
// Ipc.Receive is not outgoing: its own call of sys_trap is left alone.
// At each direct call of an entry point, the instructions before it in the
// same function (at most Window of them, and not past an earlier call,
// return or jump, after which the argument registers are not this call's)
// that set up the call are candidates:
//  - a write of an argument register (rdi, rsi, rdx, rcx, r8, r9 or a
//    sub-register) from an immediate (a bit of it flips: another trap,
//    endpoint, kernel call or size) or from a register (another register of
//    the size is read instead), or lea of one with a displacement (a bit of
//    it flips: the message pointer moves);
//  - a store to the stack frame (base rsp or rbp: the message buffer is a
//    local) from an immediate (a bit flips: a message type or field) or a
//    register (another is stored).
internal sealed class InterfaceSites : FaultSites
{
    private const int Window = 16;

    private static readonly string[] Entries =
        { "_Lib_Sys_Ipc__Send", "_Lib_Sys_Ipc__SendRec", "_Lib_Sys_Ipc__SendAsync", "_Lib_Sys_Ipc__Notify", "_Lib_Sys_Ipc__KernelCall" };

    private const string TrapStub = "sys_trap";
    private const string Receive = "_Lib_Sys_Ipc__Receive";

    private readonly List<(CodeView.Site Site, int Operand, string Callee)> _sites = new();

    public InterfaceSites(CodeView code) : base(code)
    {
        var sites = code.Sites;
        for (int call = 0; call < sites.Count; call++)
        {
            if (!IsEntryCall(code, sites[call], out string callee))
                continue;
            for (int k = call - 1; k >= 0 && k >= call - Window && sites[k].Function == sites[call].Function; k--)
            {
                if (EndsSetUp(sites[k].Instruction))
                    break;
                int operand = Argument(code, sites[k]);
                if (operand >= 0)
                    _sites.Add((sites[k], operand, callee));
            }
        }
    }

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        var (site, operand, callee) = Pick(_sites, random);
        Edit edit = site.Instruction.GetOpKind(operand) == OpKind.Memory
            ? Edits.FlipDisplacement(Code, site, random)
            : SourceSites.Change(Code, site, operand, random);
        return (site, edit with { Change = $"{edit.Change} (for {callee})" });
    }

    private static bool IsEntryCall(CodeView code, in CodeView.Site site, out string callee)
    {
        callee = "";
        Instruction i = site.Instruction;
        if (i.FlowControl != FlowControl.Call || i.Op0Kind != OpKind.NearBranch64
            || !code.TryFunctionAt(i.NearBranchTarget, out ElfCode.Function target))
            return false;
        bool entry = target.Name == TrapStub || Entries.Any(e => target.Name.EndsWith(e, StringComparison.Ordinal));
        bool inReceive = code.Functions[site.Function].Name.EndsWith(Receive, StringComparison.Ordinal);
        callee = CodeView.ShortName(target.Name);
        return entry && !inReceive;
    }

    private static bool EndsSetUp(in Instruction i) => i.FlowControl is FlowControl.Call or FlowControl.IndirectCall
        or FlowControl.Return or FlowControl.UnconditionalBranch or FlowControl.IndirectBranch or FlowControl.Interrupt;

    // The operand to corrupt (the source; for lea, the memory operand), or -1.
    private static int Argument(CodeView code, in CodeView.Site site)
    {
        Instruction i = site.Instruction;
        if (i.OpCount != 2)
            return -1;
        bool setsArgument = i.Op0Kind == OpKind.Register && Registers.IsArgument(i.Op0Register) && Writes(i, 0);
        bool storesToFrame = i.Op0Kind == OpKind.Memory && i.MemoryBase.GetFullRegister() is Register.RSP or Register.RBP
            && Writes(i, 0);
        if (setsArgument && i.Mnemonic == Mnemonic.Lea)
            return Edits.HasDisplacement(site) ? 1 : -1;
        if (!setsArgument && !storesToFrame)
            return -1;
        OpKind source = i.Op1Kind;
        if (IsImmediate(source))
            return Edits.HasImmediate(site) ? 1 : -1;
        return source == OpKind.Register && Registers.IsCandidate(i.Op1Register)
            && Edits.SwapRegister(code, site, 1, "src", null) is not null ? 1 : -1;
    }
}
