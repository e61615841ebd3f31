using System;
using System.Collections.Generic;

namespace Minix3.Cosmos.Asm;

/// <summary>The object's zero-initialised, writable section (SHT_NOBITS). It has no bytes in
/// the file, and the linker places it, so all references to it are relocations.</summary>
public sealed class BssSection
{
    private readonly AsmModule _module;
    private readonly List<Symbol> _symbols = new();

    internal BssSection(AsmModule module, string name)
    {
        _module = module;
        Name = name;
    }

    public string Name { get; }

    public long Size { get; private set; }

    public int Alignment { get; private set; } = 16;

    public IReadOnlyList<Symbol> Symbols => _symbols;

    /// <summary>Reserves <paramref name="size"/> bytes at the given alignment.</summary>
    public Symbol Reserve(string name, long size, int alignment,
        SymbolBinding binding = SymbolBinding.Local, SymbolKind kind = SymbolKind.Data)
    {
        if (size < 0)
            throw new ArgumentOutOfRangeException(nameof(size));
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), "Alignment must be a power of two.");
        var symbol = _module.NewSymbol(name, SymbolSection.Bss, binding, kind);
        long offset = (Size + alignment - 1) & ~(long)(alignment - 1);
        symbol.Offset = offset;
        symbol.Size = size;
        Size = offset + size;
        Alignment = Math.Max(Alignment, alignment);
        _symbols.Add(symbol);
        return symbol;
    }
}
