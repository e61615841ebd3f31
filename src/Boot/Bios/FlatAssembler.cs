using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Boot.Bios;

/// <summary>
/// Code of one bitness at a fixed load address, as a flat binary (no relocations: a boot
/// loader is loaded where it was assembled for). Iced cannot use label memory operands or
/// label immediates in 16-bit code, so places are referred to by <see cref="Address"/>, which
/// answers from the previous pass; <see cref="Build"/> assembles until two passes agree.
/// Every instruction that takes such an address must have a size independent of its value
/// (mov r16/r32, imm; mov m, imm; cmp r16, imm16 with values past 0x7f; far jumps), so the
/// layout of pass 2 is the layout of pass 1.
/// </summary>
internal abstract class FlatAssembler
{
    private readonly Dictionary<string, Label> _labels = new();
    private readonly IReadOnlyDictionary<string, uint> _previous;
    private readonly List<(string Name, byte[] Bytes)> _strings = new();
    private int _stringsEmitted;

    protected FlatAssembler(int bitness, uint origin, IReadOnlyDictionary<string, uint> previous)
    {
        A = new Assembler(bitness);
        Origin = origin;
        _previous = previous;
    }

    protected Assembler A { get; }

    public uint Origin { get; }

    /// <summary>The address of a label, from the previous pass (the origin in the first).</summary>
    protected uint Address(string name) => _previous.TryGetValue(name, out uint value) ? value : Origin + 0x100;

    protected ushort Address16(string name) => checked((ushort)Address(name));

    protected Label L(string name)
    {
        if (!_labels.TryGetValue(name, out Label label))
        {
            label = A.CreateLabel(name);
            _labels[name] = label;
        }
        return label;
    }

    /// <summary>Binds a named label to the next instruction (one label per instruction).</summary>
    protected void Bind(string name)
    {
        Label label = L(name);
        A.Label(ref label);
        _labels[name] = label;
    }

    /// <summary>The address of a NUL-terminated ASCII string emitted by <see cref="EmitStrings"/>.</summary>
    protected ushort Text(string text)
    {
        string name = "text:" + text;
        if (!_strings.Exists(s => s.Name == name))
        {
            var bytes = new byte[text.Length + 1];
            for (int i = 0; i < text.Length; i++)
                bytes[i] = checked((byte)text[i]);
            _strings.Add((name, bytes));
        }
        return Address16(name);
    }

    /// <summary>Emits the strings asked for since the last call (never in a code path).</summary>
    protected void EmitStrings()
    {
        for (; _stringsEmitted < _strings.Count; _stringsEmitted++)
        {
            var (name, bytes) = _strings[_stringsEmitted];
            Bind(name);
            A.db(bytes);
        }
    }

    protected abstract void Emit();

    /// <summary>Assembles once; returns the bytes and the address of every label.</summary>
    public (byte[] Bytes, Dictionary<string, uint> Addresses) Assemble()
    {
        Emit();
        var writer = new ByteWriter();
        var result = A.Assemble(writer, Origin, BlockEncoderOptions.ReturnNewInstructionOffsets);
        var addresses = new Dictionary<string, uint>();
        foreach (var (name, label) in _labels)
        {
            if (label.InstructionIndex < 0)
                throw new InvalidOperationException($"label {name} is used but never bound");
            addresses[name] = checked((uint)result.GetLabelRIP(label));
        }
        return (writer.Bytes.ToArray(), addresses);
    }

    /// <summary>Runs <paramref name="pass"/> (which assembles everything from the previous
    /// pass's addresses) until its output stops changing.</summary>
    public static (byte[] Bytes, Dictionary<string, uint> Addresses) Build(
        Func<IReadOnlyDictionary<string, uint>, (byte[] Bytes, Dictionary<string, uint> Addresses)> pass)
    {
        var previous = new Dictionary<string, uint>();
        byte[]? last = null;
        for (int i = 0; i < 6; i++)
        {
            var (bytes, addresses) = pass(previous);
            if (last != null && bytes.AsSpan().SequenceEqual(last) && Same(previous, addresses))
                return (bytes, addresses);
            last = bytes;
            previous = addresses;
        }
        throw new InvalidOperationException("the loader's layout does not settle");
    }

    private static bool Same(Dictionary<string, uint> a, Dictionary<string, uint> b)
    {
        if (a.Count != b.Count)
            return false;
        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out uint w) || w != v)
                return false;
        }
        return true;
    }

    private sealed class ByteWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
