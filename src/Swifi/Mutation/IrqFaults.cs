using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// irq: an interrupt is lost. The kernel masks a driver's line when it
// delivers the interrupt and unmasks it when the driver calls IrqCtl Enable
// (src/Kernel/KernelCalls/IrqCtl.cs); drivers do that through
// Devices.IrqControl (src/Lib/Sys/KernelCalls.cs). The fault nops out one
// direct call of ..._Lib_Sys_Devices__IrqControl. While the patch is in
// place, the next interrupt the driver handles leaves its line masked for
// good: the device's later interrupts never arrive, and the driver sees no
// more received frames or characters until something else (a timeout, RS's
// heartbeat, a restart, which brings the pristine code) gets it going.
// Calls whose status the code goes on to test are the start-up enable,
// which a running instance never runs again: when a driver has calls that
// ignore the status (the re-enables after each interrupt) only those are
// sites. Drivers without IrqControl calls (memory, ramdisk, hello; ata
// polls) have no site.
internal sealed class IrqSites : FaultSites
{
    private const string IrqControl = "_Lib_Sys_Devices__IrqControl";
    private const int LookAhead = 6;

    private readonly List<CodeView.Site> _sites = new();

    public IrqSites(CodeView code) : base(code)
    {
        var all = new List<CodeView.Site>();
        var ignored = new List<CodeView.Site>();
        var sites = code.Sites;
        for (int k = 0; k < sites.Count; k++)
        {
            Instruction i = sites[k].Instruction;
            if (i.FlowControl != FlowControl.Call || i.Op0Kind != OpKind.NearBranch64
                || !code.TryFunctionAt(i.NearBranchTarget, out ElfCode.Function target)
                || !target.Name.EndsWith(IrqControl, StringComparison.Ordinal))
                continue;
            all.Add(sites[k]);
            if (!StatusTested(sites, k))
                ignored.Add(sites[k]);
        }
        _sites = ignored.Count > 0 ? ignored : all;
    }

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(_sites, random);
        return (site, Edits.Nops(Code, site, " (the line stays masked)"));
    }

    // Whether an instruction after the call reads eax (the status) before
    // the next branch or call or a write of rax.
    private static bool StatusTested(IReadOnlyList<CodeView.Site> sites, int call)
    {
        for (int k = call + 1; k < sites.Count && k <= call + LookAhead && sites[k].Function == sites[call].Function; k++)
        {
            InstructionInfo info = Info.GetInfo(sites[k].Instruction);
            foreach (UsedRegister used in info.GetUsedRegisters())
            {
                if (used.Register.GetFullRegister() != Register.RAX)
                    continue;
                if (used.Access is OpAccess.Read or OpAccess.ReadWrite or OpAccess.CondRead or OpAccess.ReadCondWrite)
                    return true;
                if (used.Access is OpAccess.Write)
                    return false;
            }
            if (sites[k].Instruction.FlowControl != FlowControl.Next)
                return false;
        }
        return false;
    }
}
