using System;
using Iced.Intel;

namespace Minix3.Cosmos.Asm;

/// <summary>Whether the linker may resolve references from other objects to a symbol.</summary>
public enum SymbolBinding
{
    /// <summary>Visible only inside this object (still written to .symtab so gdb can name it).</summary>
    Local,
    /// <summary>Exported: the C# kernel and the linker script refer to it by name.</summary>
    Global,
}

/// <summary>ELF symbol type, used by debuggers and disassemblers only.</summary>
public enum SymbolKind
{
    NoType,
    Function,
    Data,
}

/// <summary>Where a symbol lives. External symbols are defined by another object or the linker script.</summary>
public enum SymbolSection
{
    External,
    Text,
    Bss,
}

/// <summary>
/// A name for an address. Symbols in the text section are bound to a position inside a
/// <see cref="CodeBlock"/>; symbols in the bss section get their offset when reserved;
/// external symbols only have a name. Every reference to a symbol from another block,
/// and every reference to a bss or external symbol, becomes an ELF relocation, so the
/// object does not depend on where the linker puts its sections.
/// </summary>
public sealed class Symbol
{
    // Iced's Label is a struct whose InstructionIndex is filled in by Assembler.Label(ref ...):
    // it must be bound through this field, never through a copy, or GetLabelRIP fails.
    internal Label IcedLabel;

    internal Symbol(string name, SymbolSection section, SymbolBinding binding, SymbolKind kind)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("A symbol needs a name.", nameof(name));
        Name = name;
        Section = section;
        Binding = binding;
        Kind = kind;
    }

    public string Name { get; }

    public SymbolSection Section { get; }

    public SymbolBinding Binding { get; }

    public SymbolKind Kind { get; }

    /// <summary>The block that defines a text symbol, once bound.</summary>
    internal CodeBlock? Block { get; set; }

    /// <summary>True once the symbol has a place (bss symbols are placed when reserved).</summary>
    public bool IsDefined => Section == SymbolSection.Bss || (Section == SymbolSection.Text && Block is not null);

    /// <summary>Offset from the start of its section; valid after the module is assembled.</summary>
    public long Offset { get; internal set; } = -1;

    /// <summary>Size written to .symtab (explicit for bss, computed for text).</summary>
    public long Size { get; internal set; }

    public override string ToString() => Name;
}
