using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// A component's code as the fault generator sees it: the instructions Iced
// decodes from each FUNC symbol's range in .text, in address order. Padding
// is not code: int3 and nop instructions are dropped (between functions they
// are filler no path reaches; inside one, a nop mutated into another nop
// changes nothing). A range that begins inside an earlier one is an alias or
// an inner label and is not decoded twice; a range ends early at bytes Iced
// cannot decode (data after an assembly stub).
internal sealed class CodeView
{
    public readonly record struct Site(Instruction Instruction, ConstantOffsets Offsets, int Function);

    private readonly ElfCode _elf;
    private readonly List<Site> _sites = new();
    private readonly Dictionary<ulong, int> _functionAt = new();
    private readonly IntelFormatter _formatter;

    public CodeView(ElfCode elf)
    {
        _elf = elf;
        ulong covered = 0;
        for (int f = 0; f < elf.Functions.Count; f++)
        {
            ElfCode.Function function = elf.Functions[f];
            _functionAt[function.Address] = f;
            if (function.Address < covered)
                continue;
            covered = function.Address + function.Size;
            Decode(function, f);
        }
        _formatter = new IntelFormatter(new Names(this));
        _formatter.Options.HexPrefix = "0x";
        _formatter.Options.HexSuffix = null;
        _formatter.Options.UppercaseHex = false;
        _formatter.Options.MemorySizeOptions = MemorySizeOptions.Minimal;
        _formatter.Options.ShowBranchSize = false;
        _formatter.Options.BranchLeadingZeros = false;
    }

    public IReadOnlyList<Site> Sites => _sites;

    public IReadOnlyList<ElfCode.Function> Functions => _elf.Functions;

    public ulong TextAddress => _elf.TextAddress;

    public int TextLength => _elf.Text.Length;

    // The function a direct call or jump lands on, if it lands on a function's first byte.
    public bool TryFunctionAt(ulong address, out ElfCode.Function function)
    {
        bool found = _functionAt.TryGetValue(address, out int index);
        function = found ? _elf.Functions[index] : default;
        return found;
    }

    public byte[] Bytes(ulong address, int length) =>
        _elf.Text.AsSpan(checked((int)(address - _elf.TextAddress)), length).ToArray();

    public Patch Replace(ulong address, byte[] replacement) => new(address, Bytes(address, replacement.Length), replacement);

    public string Format(in Instruction instruction)
    {
        var output = new StringOutput();
        _formatter.Format(instruction, output);
        return output.ToStringAndReset();
    }

    // "E1000Driver__Interrupt+0x38": where a site is, for descriptions.
    public string Where(in Site site)
    {
        ElfCode.Function function = _elf.Functions[site.Function];
        return $"{ShortName(function.Name)}+0x{site.Instruction.IP - function.Address:x}";
    }

    // ilc names a method Assembly_Namespace_..._Type__Method (generic types
    // as List_1<Int32>, whose arguments may hold "__" too); the type and the
    // method say enough in a one-line description.
    public static string ShortName(string symbol)
    {
        int depth = 0, split = -1;
        for (int i = 1; i + 1 < symbol.Length && split < 0; i++)
        {
            depth += symbol[i] == '<' ? 1 : symbol[i] == '>' ? -1 : 0;
            if (depth == 0 && symbol[i] == '_' && symbol[i + 1] == '_')
                split = i;
        }
        if (split < 0)
            return symbol;
        int start = split - 1;
        for (depth = 0; start >= 0; start--)
        {
            depth += symbol[start] == '>' ? 1 : symbol[start] == '<' ? -1 : 0;
            // The underscore before a type's name; not the one of a generic arity (List_1).
            if (depth == 0 && symbol[start] == '_' && !char.IsDigit(symbol[start + 1]))
                break;
        }
        return symbol[(start + 1)..];
    }

    private void Decode(ElfCode.Function function, int index)
    {
        int offset = (int)(function.Address - _elf.TextAddress);
        var reader = new ByteArrayCodeReader(_elf.Text, offset, (int)function.Size);
        var decoder = Decoder.Create(64, reader, function.Address);
        ulong end = function.Address + function.Size;
        while (decoder.IP < end)
        {
            decoder.Decode(out Instruction instruction);
            if (instruction.IsInvalid || instruction.NextIP > end)
                break;
            if (instruction.Mnemonic is Mnemonic.Nop or Mnemonic.Int3)
                continue;
            _sites.Add(new Site(instruction, decoder.GetConstantOffsets(instruction), index));
        }
    }

    // Direct calls and jumps show the callee's short name.
    private sealed class Names : ISymbolResolver
    {
        private readonly CodeView _code;

        public Names(CodeView code) => _code = code;

        public bool TryGetSymbol(in Instruction instruction, int operand, int instructionOperand, ulong address,
            int addressSize, out SymbolResult symbol)
        {
            if (instructionOperand >= 0 && instruction.GetOpKind(instructionOperand) == OpKind.NearBranch64
                && _code.TryFunctionAt(address, out ElfCode.Function function))
            {
                symbol = new SymbolResult(address, ShortName(function.Name));
                return true;
            }
            symbol = default;
            return false;
        }
    }
}
