using System;
using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Asm;

/// <summary>The object's single code-and-read-only-data section (SHF_ALLOC | SHF_EXECINSTR),
/// built as a sequence of <see cref="CodeBlock"/>s laid out one after the other.</summary>
public sealed class TextSection
{
    private readonly AsmModule _module;
    private readonly List<CodeBlock> _blocks = new();

    internal TextSection(AsmModule module, string name)
    {
        _module = module;
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<CodeBlock> Blocks => _blocks;

    /// <summary>Section alignment: the largest block alignment, at least 16.</summary>
    public int Alignment => _blocks.Select(b => b.Alignment).Append(16).Max();

    /// <summary>Starts a new block. Code blocks usually pad with 0xCC (int3) so that a stray
    /// fall-through traps instead of running padding; data blocks pad with zeros.</summary>
    public CodeBlock NewBlock(int bitness, int alignment = 1, byte fill = 0)
    {
        var block = new CodeBlock(_module, bitness, alignment, fill);
        _blocks.Add(block);
        return block;
    }

    /// <summary>A 16-byte aligned 64-bit block holding one exported function.</summary>
    public CodeBlock NewFunction(string name)
    {
        var block = NewBlock(64, 16, 0xCC);
        block.Function(name);
        return block;
    }

    internal byte[] Assemble(ulong baseAddress, List<Relocation> relocations)
    {
        var bytes = new List<byte>();
        foreach (var block in _blocks)
        {
            if (block.A.Instructions.Count == 0)
            {
                // Iced only reports a label with nothing after it when it encodes something.
                if (block.HasSymbols)
                    throw new InvalidOperationException("A symbol is bound at the end of a block; emit something after it.");
                continue;
            }
            while (bytes.Count % block.Alignment != 0)
                bytes.Add(block.Fill);
            long offset = bytes.Count;
            bytes.AddRange(block.Assemble(baseAddress + (ulong)offset, offset, relocations));
        }
        return bytes.ToArray();
    }

    /// <summary>Gives each text symbol the distance to the next symbol or the end of its block,
    /// so that disassemblers and gdb show sensible function extents.</summary>
    internal static void ComputeSizes(IEnumerable<Symbol> textSymbols)
    {
        var ordered = textSymbols.OrderBy(s => s.Offset).ToList();
        for (int i = 0; i < ordered.Count; i++)
        {
            var symbol = ordered[i];
            var block = symbol.Block ?? throw new InvalidOperationException($"{symbol} is not bound.");
            long end = block.Offset + block.Length;
            for (int j = i + 1; j < ordered.Count; j++)
            {
                if (ordered[j].Offset > symbol.Offset)
                {
                    end = Math.Min(end, ordered[j].Offset);
                    break;
                }
            }
            symbol.Size = end - symbol.Offset;
        }
    }
}
