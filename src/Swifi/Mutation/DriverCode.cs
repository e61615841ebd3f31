using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Minix3.Cosmos.Unit")]
[assembly: InternalsVisibleTo("Minix3.Cosmos.Boot")]

namespace Minix3.Cosmos.Swifi.Mutation;

// The fault generator for one component: its ELF (the very file packed in
// the boot image) decoded on the host, and the faults of a campaign made
// from it as byte patches for Reincarnation.Mutate. A fault is a pure
// function of (seed, label, id, type), so a campaign can stop and resume by
// id. Patches only ever cover bytes of one instruction or whole
// instructions, 1..16 of them, and carry the ELF's bytes as Original.
public sealed class DriverCode
{
    private readonly CodeView _code;
    private readonly Dictionary<FaultType, FaultSites> _sites;
    private readonly FaultType[] _supported;

    private DriverCode(CodeView code, string label)
    {
        _code = code;
        Label = label;
        _sites = new Dictionary<FaultType, FaultSites>
        {
            [FaultType.Text] = new TextSites(code),
            [FaultType.Nop] = new NopSites(code),
            [FaultType.Destination] = new DestinationSites(code),
            [FaultType.Source] = new SourceSites(code),
            [FaultType.Branch] = new BranchSites(code),
            [FaultType.Pointer] = new PointerSites(code),
            [FaultType.Loop] = new LoopSites(code),
            [FaultType.Interface] = new InterfaceSites(code),
            [FaultType.Irq] = new IrqSites(code),
        };
        _supported = FaultTypes.Concrete.Where(t => _sites[t].Any).ToArray();
    }

    // Reads and decodes the ELF; InvalidDataException (file name and what is
    // wrong) for a file that is not an x86-64 ELF with .text and FUNC symbols.
    public static DriverCode Load(string elfPath, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return new DriverCode(new CodeView(ElfCode.Read(elfPath)), label);
    }

    public string Label { get; }

    // The instructions faults may land in (padding excluded).
    public int InstructionCount => _code.Sites.Count;

    internal CodeView Code => _code;

    public bool Supports(FaultType type) =>
        type == FaultType.Random ? _supported.Length > 0 : _sites.TryGetValue(type, out FaultSites? sites) && sites.Any;

    public Fault Make(long id, FaultType type, ulong seed)
    {
        if (!Supports(type))
            throw new ArgumentException($"{Label} has no site for {FaultTypes.Name(type)} faults", nameof(type));
        var random = new FaultRandom(seed, Label, id, type);
        FaultType applied = type == FaultType.Random ? _supported[random.Below(_supported.Length)] : type;
        (CodeView.Site site, Edit edit) = _sites[applied].Make(random);
        string description = $"{_code.Where(site)}: {edit.Change}".Replace(';', ',').Replace('\n', ' ').Replace('\r', ' ');
        return new Fault(id, Label, type, applied, edit.Patch, description);
    }
}
