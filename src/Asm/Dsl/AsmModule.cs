using System;
using System.Collections.Generic;
using System.Linq;

namespace Minix3.Cosmos.Asm;

/// <summary>
/// One relocatable object: a text section, a bss section and their symbols. Build it with
/// <see cref="Text"/> and <see cref="Bss"/>, then <see cref="Assemble"/> it and hand the
/// result to <see cref="Elf.ElfObjectWriter"/>.
/// </summary>
public sealed class AsmModule
{
    /// <summary>Where the kernel's linker script puts <c>.text.asm</c>. Blocks are encoded at this
    /// address so disassembly shows real addresses; symbol references do not depend on it.</summary>
    public const ulong AssumedTextBase = 0x100000;

    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<Symbol> _order = new();

    public AsmModule(string textSectionName = ".text.asm", string bssSectionName = ".bss.asm")
    {
        Text = new TextSection(this, textSectionName);
        Bss = new BssSection(this, bssSectionName);
    }

    public TextSection Text { get; }

    public BssSection Bss { get; }

    /// <summary>All symbols in the order they were first named.</summary>
    public IReadOnlyList<Symbol> Symbols => _order;

    /// <summary>A symbol another object or the linker script defines (e.g. <c>kmain</c>).
    /// Returns the local definition instead if this module has one by that name.</summary>
    public Symbol Extern(string name) =>
        _symbols.TryGetValue(name, out var existing)
            ? existing
            : NewSymbol(name, SymbolSection.External, SymbolBinding.Global, SymbolKind.NoType);

    /// <summary>Finds or declares a text symbol; it is bound later with <see cref="CodeBlock.Bind"/>,
    /// so code can refer to a symbol before (or after) the code that defines it.</summary>
    public Symbol TextSymbol(string name, SymbolBinding binding = SymbolBinding.Local, SymbolKind kind = SymbolKind.NoType)
    {
        if (!_symbols.TryGetValue(name, out var symbol))
            return NewSymbol(name, SymbolSection.Text, binding, kind);
        if (symbol.Section != SymbolSection.Text || symbol.Binding != binding)
            throw new InvalidOperationException($"{name} is already declared as {symbol.Binding} {symbol.Section}.");
        return symbol;
    }

    internal Symbol NewSymbol(string name, SymbolSection section, SymbolBinding binding, SymbolKind kind)
    {
        if (_symbols.ContainsKey(name))
            throw new InvalidOperationException($"Symbol {name} is declared twice.");
        var symbol = new Symbol(name, section, binding, kind);
        _symbols.Add(name, symbol);
        _order.Add(symbol);
        return symbol;
    }

    /// <summary>Encodes every block, places every symbol and collects the relocations.</summary>
    public AssembledObject Assemble()
    {
        var unbound = _order.Where(s => s.Section == SymbolSection.Text && s.Block is null).ToList();
        if (unbound.Count > 0)
            throw new InvalidOperationException("Text symbols never bound: " + string.Join(", ", unbound));

        var relocations = new List<Relocation>();
        byte[] text = Text.Assemble(AssumedTextBase, relocations);
        TextSection.ComputeSizes(_order.Where(s => s.Section == SymbolSection.Text));
        return new AssembledObject(Text.Name, text, Text.Alignment, Bss.Name, Bss.Size, Bss.Alignment,
            _order.ToArray(), relocations.OrderBy(r => r.Offset).ToArray());
    }
}

/// <summary>The finished contents of an object, independent of the file format.</summary>
public sealed record AssembledObject(
    string TextName,
    byte[] Text,
    int TextAlignment,
    string BssName,
    long BssSize,
    int BssAlignment,
    IReadOnlyList<Symbol> Symbols,
    IReadOnlyList<Relocation> Relocations)
{
    /// <summary>Looks a symbol up by name.</summary>
    public Symbol this[string name] => Symbols.First(s => s.Name == name);
}
