using System;
using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Swifi.Mutation;

// branch: a conditional branch (Jcc, short or near) goes the other way: its
// condition is inverted (x86 condition codes come in pairs that differ in
// the opcode's low bit: je 74/0F 84 <-> jne 75/0F 85), or, when the coin
// says so, the branch is dropped (nops over it: never taken).
internal sealed class BranchSites : FaultSites
{
    private readonly List<CodeView.Site> _sites;

    public BranchSites(CodeView code) : base(code) =>
        _sites = code.Sites.Where(s => s.Instruction.IsJccShortOrNear).ToList();

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(_sites, random);
        if (random.Coin())
            return (site, Edits.Nops(Code, site, " (never taken)"));
        // The condition byte: 7x before a rel8, 0F 8x before a rel32; any prefix comes first.
        var instruction = site.Instruction;
        int opcode = instruction.Length - (instruction.IsJccShort ? 2 : 5);
        ulong address = instruction.IP + (ulong)opcode;
        byte[] flipped = { (byte)(Code.Bytes(address, 1)[0] ^ 1) };
        var inverted = instruction;
        inverted.NegateConditionCode();
        return (site, new Edit(Code.Replace(address, flipped),
            $"{Code.Format(instruction)} -> {inverted.Mnemonic.ToString().ToLowerInvariant()}"));
    }
}

// loop: a loop's back edge (a conditional branch to its own address or
// before it) becomes unconditional, so the loop never ends: a rel8 Jcc
// (7x d8) becomes jmp rel8 (EB d8, same target); a rel32 Jcc (0F 8x d32) is
// one byte longer than jmp rel32, so it becomes E9 d32' 90 with d32' the
// same target measured from the 5-byte jmp's end.
internal sealed class LoopSites : FaultSites
{
    private readonly List<CodeView.Site> _sites;

    public LoopSites(CodeView code) : base(code) =>
        _sites = code.Sites.Where(s => s.Instruction.IsJccShortOrNear && s.Instruction.NearBranchTarget <= s.Instruction.IP).ToList();

    public override bool Any => _sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(_sites, random);
        ulong ip = site.Instruction.IP, target = site.Instruction.NearBranchTarget;
        long near = (long)target - (long)(ip + 2);
        byte[] jump = new byte[site.Instruction.Length];
        jump.AsSpan().Fill(0x90);
        if (near is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            jump[0] = 0xEB;
            jump[1] = (byte)(sbyte)near;
        }
        else
        {
            jump[0] = 0xE9;
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(jump.AsSpan(1), checked((int)((long)target - (long)(ip + 5))));
        }
        return (site, new Edit(Code.Replace(ip, jump), $"{Code.Format(site.Instruction)} -> jmp 0x{target:x} (loop never ends)"));
    }
}
