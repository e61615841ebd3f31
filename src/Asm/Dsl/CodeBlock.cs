using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Asm;

/// <summary>
/// A run of code or data of one bitness, assembled by its own Iced <see cref="Assembler"/>.
/// A text section is a sequence of blocks; a block starts on its own alignment, which is how
/// alignment and 16/32/64-bit mixing work (Iced cannot align inside a block, because branch
/// shortening moves everything after it).
/// </summary>
/// <remarks>
/// Plain instructions go straight to <see cref="A"/>. The methods here add what Iced lacks:
/// named symbols and references to them that the linker resolves. Iced labels are fine for
/// branches inside one block. Do not use label memory operands in 16/32-bit code: they encode
/// an absolute address computed from the assembly base, not a relocation.
/// </remarks>
public sealed class CodeBlock
{
    private enum Field
    {
        InstructionStart,
        Immediate,
        Displacement,
    }

    private readonly record struct Fixup(int Index, Field Field, RelocationType Type, Symbol Target, long Addend);

    private readonly AsmModule _module;
    private readonly List<Fixup> _fixups = new();
    private readonly List<Symbol> _bound = new();
    private Label _lastLabel;

    internal CodeBlock(AsmModule module, int bitness, int alignment, byte fill)
    {
        if (bitness is not (16 or 32 or 64))
            throw new ArgumentOutOfRangeException(nameof(bitness), "Bitness must be 16, 32 or 64.");
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), "Alignment must be a power of two.");
        _module = module;
        Bitness = bitness;
        Alignment = alignment;
        Fill = fill;
        A = new Assembler(bitness);
    }

    /// <summary>The Iced assembler for ordinary instructions.</summary>
    public Assembler A { get; }

    public int Bitness { get; }

    /// <summary>The block starts at a section offset that is a multiple of this.</summary>
    public int Alignment { get; }

    /// <summary>Byte used to pad up to this block's start (0xCC before code, 0 before data).</summary>
    public byte Fill { get; }

    /// <summary>Section offset of the block; valid after assembly.</summary>
    public long Offset { get; private set; } = -1;

    /// <summary>Encoded length; valid after assembly.</summary>
    public long Length { get; private set; }

    internal bool HasSymbols => _bound.Count > 0;

    /// <summary>Binds <paramref name="symbol"/> to the next instruction or data item and returns an
    /// Iced label at the same place, usable for branches inside this block.</summary>
    public Label Bind(Symbol symbol)
    {
        CheckBindable(symbol);
        // Iced allows one label per instruction: a second symbol at the same place shares it.
        if (!_lastLabel.IsEmpty && _lastLabel.InstructionIndex == A.Instructions.Count)
        {
            Attach(symbol, _lastLabel);
            return _lastLabel;
        }
        var label = A.CreateLabel(symbol.Name);
        return Bind(symbol, ref label);
    }

    /// <summary>Binds <paramref name="label"/> (created earlier for forward branches) here, and
    /// <paramref name="symbol"/> with it.</summary>
    public Label Bind(Symbol symbol, ref Label label)
    {
        CheckBindable(symbol);
        A.Label(ref label);
        _lastLabel = label; // a copy taken after binding keeps the instruction index
        Attach(symbol, label);
        return label;
    }

    private static void CheckBindable(Symbol symbol)
    {
        if (symbol.Section != SymbolSection.Text)
            throw new InvalidOperationException($"{symbol} is not a text symbol.");
        if (symbol.Block is not null)
            throw new InvalidOperationException($"{symbol} is already bound.");
    }

    private void Attach(Symbol symbol, Label label)
    {
        symbol.IcedLabel = label;
        symbol.Block = this;
        _bound.Add(symbol);
    }

    /// <summary>Declares (or finds) a text symbol and binds it here.</summary>
    public Symbol Define(string name, SymbolBinding binding, SymbolKind kind)
    {
        var symbol = _module.TextSymbol(name, binding, kind);
        Bind(symbol);
        return symbol;
    }

    /// <summary>Starts an exported function: the C# kernel calls it by this name.</summary>
    public Symbol Function(string name) => Define(name, SymbolBinding.Global, SymbolKind.Function);

    // ---- data directives -------------------------------------------------------------

    public void Db(params byte[] bytes)
    {
        if (bytes.Length > 0)
            A.db(bytes);
    }

    public void Dw(params ushort[] values)
    {
        foreach (var v in values)
            A.dw(v);
    }

    public void Dd(params uint[] values)
    {
        foreach (var v in values)
            A.dd(v);
    }

    public void Dq(params ulong[] values)
    {
        foreach (var v in values)
            A.dq(v);
    }

    /// <summary>Emits <paramref name="count"/> zero bytes.</summary>
    public void Zero(int count) => Db(new byte[count]);

    /// <summary>Emits the string's ASCII bytes, optionally followed by a NUL.</summary>
    public void Ascii(string text, bool nulTerminated = true)
    {
        var bytes = new byte[text.Length + (nulTerminated ? 1 : 0)];
        for (int i = 0; i < text.Length; i++)
            bytes[i] = checked((byte)text[i]);
        Db(bytes);
    }

    /// <summary>A 32-bit word holding the symbol's address (R_X86_64_32).</summary>
    public void Dd(Symbol target, long addend = 0)
    {
        AddFixup(Field.InstructionStart, RelocationType.Absolute32, target, addend);
        A.dd(0u);
    }

    /// <summary>A 64-bit word holding the symbol's address (R_X86_64_64).</summary>
    public void Dq(Symbol target, long addend = 0)
    {
        AddFixup(Field.InstructionStart, RelocationType.Absolute64, target, addend);
        A.dq(0UL);
    }

    // ---- instructions that refer to symbols ----------------------------------------------

    /// <summary><c>mov r32, imm32</c> with the symbol's address (R_X86_64_32; zero-extends in 64-bit code).</summary>
    public void MovAddress(AssemblerRegister32 register, Symbol target, long addend = 0) =>
        Emit(Instruction.Create(Code.Mov_r32_imm32, register.Value, 0u), Field.Immediate, RelocationType.Absolute32, target, addend);

    /// <summary><c>mov r64, imm64</c> with the symbol's address (R_X86_64_64).</summary>
    public void MovAddress(AssemblerRegister64 register, Symbol target, long addend = 0)
    {
        RequireBitness(64);
        Emit(Instruction.Create(Code.Mov_r64_imm64, register.Value, 0UL), Field.Immediate, RelocationType.Absolute64, target, addend);
    }

    /// <summary><c>lea r64, [rip+symbol]</c> (R_X86_64_PC32).</summary>
    public void LeaRipRelative(AssemblerRegister64 register, Symbol target, long addend = 0)
    {
        RequireBitness(64);
        var memory = new MemoryOperand(Register.RIP, 0L);
        Emit(Instruction.Create(Code.Lea_r64_m, register.Value, memory), Field.Displacement, RelocationType.PcRelative32, target, addend);
    }

    /// <summary>A near call to any symbol, for instance a C# function (PLT32 in 64-bit code).</summary>
    public void Call(Symbol target)
    {
        var (code, type) = Bitness switch
        {
            64 => (Code.Call_rel32_64, RelocationType.Plt32),
            32 => (Code.Call_rel32_32, RelocationType.PcRelative32),
            _ => throw new InvalidOperationException("Symbol calls need 32- or 64-bit code."),
        };
        Emit(Instruction.CreateBranch(code, 0), Field.Immediate, type, target, 0);
    }

    /// <summary>A near jump to any symbol, always rel32 so that the relocation fits.</summary>
    public void Jmp(Symbol target)
    {
        var (code, type) = Bitness switch
        {
            64 => (Code.Jmp_rel32_64, RelocationType.Plt32),
            32 => (Code.Jmp_rel32_32, RelocationType.PcRelative32),
            _ => throw new InvalidOperationException("Symbol jumps need 32- or 64-bit code."),
        };
        Emit(Instruction.CreateBranch(code, 0), Field.Immediate, type, target, 0);
    }

    /// <summary><c>jmp selector:offset32</c> from 32-bit code, e.g. into 64-bit code.</summary>
    public void JmpFar(ushort selector, Symbol target)
    {
        RequireBitness(32);
        Emit(Instruction.CreateBranch(Code.Jmp_ptr1632, selector, 0), Field.Immediate, RelocationType.Absolute32, target, 0);
    }

    private void RequireBitness(int bitness)
    {
        if (Bitness != bitness)
            throw new InvalidOperationException($"This form needs {bitness}-bit code; the block is {Bitness}-bit.");
    }

    private void Emit(Instruction instruction, Field field, RelocationType type, Symbol target, long addend)
    {
        AddFixup(field, type, target, addend);
        A.AddInstruction(instruction);
    }

    private void AddFixup(Field field, RelocationType type, Symbol target, long addend) =>
        _fixups.Add(new Fixup(A.Instructions.Count, field, type, target, addend));

    // ---- assembly ----------------------------------------------------------------------

    /// <summary>Encodes the block at <paramref name="rip"/> (its link-time address under the
    /// assumed base), places its symbols and turns its fixups into relocations.</summary>
    internal byte[] Assemble(ulong rip, long sectionOffset, List<Relocation> relocations)
    {
        var writer = new ByteCodeWriter();
        var result = A.Assemble(writer, rip,
            BlockEncoderOptions.ReturnConstantOffsets | BlockEncoderOptions.ReturnNewInstructionOffsets);
        var encoded = result.Result[0];
        Offset = sectionOffset;
        Length = writer.Bytes.Count;

        foreach (var symbol in _bound)
            symbol.Offset = sectionOffset + (long)(result.GetLabelRIP(symbol.IcedLabel) - rip);

        foreach (var fixup in _fixups)
        {
            long start = encoded.NewInstructionOffsets[fixup.Index];
            var constants = encoded.ConstantOffsets[fixup.Index];
            var (fieldOffset, fieldSize) = fixup.Field switch
            {
                Field.Immediate => (constants.ImmediateOffset, constants.ImmediateSize),
                Field.Displacement => (constants.DisplacementOffset, constants.DisplacementSize),
                _ => (0, fixup.Type == RelocationType.Absolute64 ? 8 : 4),
            };
            var relocation = new Relocation(sectionOffset + start + fieldOffset, fixup.Type, fixup.Target, fixup.Addend);
            // The block encoder may pick shorter encodings; the placeholders are chosen so it
            // cannot, and this check makes sure a relocation never overwrites a neighbour.
            if (fieldSize != relocation.Width)
                throw new InvalidOperationException(
                    $"Reference to {fixup.Target} in {A.Instructions[fixup.Index]} has a {fieldSize}-byte field, expected {relocation.Width}.");
            if (fixup.Type is RelocationType.PcRelative32 or RelocationType.Plt32)
            {
                // The CPU adds the displacement to the address of the next instruction, while
                // the linker computes S + A - P with P = the field itself: fold the distance in.
                int end = Math.Max(constants.DisplacementOffset + constants.DisplacementSize,
                    Math.Max(constants.ImmediateOffset + constants.ImmediateSize,
                        constants.ImmediateOffset2 + constants.ImmediateSize2));
                relocation = relocation with { Addend = fixup.Addend - (end - fieldOffset) };
            }
            relocations.Add(relocation);
        }
        return writer.Bytes.ToArray();
    }

    private sealed class ByteCodeWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
