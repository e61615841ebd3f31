namespace Minix3.Cosmos.Swifi.Mutation;

// text: one random bit of one random byte of a random instruction flips (the
// opcode, a register, a displacement: whatever the byte encodes; the next
// instructions may decode differently from there on, as in MINIX swifi).
internal sealed class TextSites : FaultSites
{
    public TextSites(CodeView code) : base(code) { }

    public override bool Any => Code.Sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(Code.Sites, random);
        int index = random.Below(site.Instruction.Length);
        int bit = random.Below(8);
        ulong address = site.Instruction.IP + (ulong)index;
        byte before = Code.Bytes(address, 1)[0];
        byte after = (byte)(before ^ (1 << bit));
        return (site, new Edit(Code.Replace(address, new[] { after }),
            $"{Code.Format(site.Instruction)}: byte {index} 0x{before:x2} -> 0x{after:x2}"));
    }
}

// nop: a random instruction becomes one-byte nops, as many as its length.
internal sealed class NopSites : FaultSites
{
    public NopSites(CodeView code) : base(code) { }

    public override bool Any => Code.Sites.Count > 0;

    public override (CodeView.Site, Edit) Make(FaultRandom random)
    {
        CodeView.Site site = Pick(Code.Sites, random);
        return (site, Edits.Nops(Code, site, ""));
    }
}
