using System;
using System.Collections.Generic;
using Iced.Intel;

namespace Minix3.Cosmos.Swifi.Mutation;

// What a fault does to one instruction, shared by the fault types. Each edit
// returns the patch and a few words on the change, or null when the
// instruction cannot take it. Bit flips touch the immediate or displacement
// bytes in place (Iced's ConstantOffsets say where they are), so the
// instruction keeps its length and boundaries; register changes re-encode the
// instruction with Iced's Encoder at its own address and are taken only when
// the new encoding is not longer, the rest filled with one-byte nops.
internal readonly record struct Edit(Patch Patch, string Change);

internal static class Edits
{
    public static Edit Nops(CodeView code, in CodeView.Site site, string why)
    {
        int length = site.Instruction.Length;
        var nops = new byte[length];
        nops.AsSpan().Fill(0x90);
        return new Edit(code.Replace(site.Instruction.IP, nops), $"{code.Format(site.Instruction)} -> nop x{length}{why}");
    }

    public static bool HasImmediate(in CodeView.Site site) => site.Offsets.HasImmediate;

    public static Edit FlipImmediate(CodeView code, in CodeView.Site site, FaultRandom random)
    {
        ulong address = site.Instruction.IP + site.Offsets.ImmediateOffset;
        byte[] bytes = code.Bytes(address, site.Offsets.ImmediateSize);
        ulong before = Unsigned(bytes);
        int bit = random.Below(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return new Edit(code.Replace(address, bytes), $"{code.Format(site.Instruction)}: imm 0x{before:x} -> 0x{Unsigned(bytes):x}");
    }

    public static bool HasDisplacement(in CodeView.Site site) => site.Offsets.HasDisplacement;

    public static Edit FlipDisplacement(CodeView code, in CodeView.Site site, FaultRandom random)
    {
        ulong address = site.Instruction.IP + site.Offsets.DisplacementOffset;
        byte[] bytes = code.Bytes(address, site.Offsets.DisplacementSize);
        long before = Signed(bytes);
        int bit = random.Below(bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return new Edit(code.Replace(address, bytes), $"{code.Format(site.Instruction)}: disp {Hex(before)} -> {Hex(Signed(bytes))}");
    }

    // Operand `operand` (a general-purpose register) becomes another register
    // of its size, the first one, from a random place in Registers' order,
    // that encodes in no more bytes. With `alike`, every register operand
    // naming the same register changes with it (xor eax,eax stays a zeroing).
    public static Edit? SwapRegister(CodeView code, in CodeView.Site site, int operand, string role, FaultRandom? random,
        bool alike = false)
    {
        Register old = site.Instruction.GetOpRegister(operand);
        Instruction changed = site.Instruction;
        foreach (Register other in Rotated(Registers.Others(old), random))
        {
            for (int o = 0; o < changed.OpCount; o++)
            {
                bool same = changed.GetOpKind(o) == OpKind.Register && site.Instruction.GetOpRegister(o) == old;
                if (o == operand || (alike && same))
                    changed.SetOpRegister(o, other);
            }
            if (Encode(changed, site.Instruction.Length) is { } bytes)
                return new Edit(code.Replace(site.Instruction.IP, bytes), $"{code.Format(site.Instruction)}: {role} {Name(old)} -> {Name(other)}");
        }
        return null;
    }

    // The base or index register of the memory operand becomes another.
    public static Edit? SwapAddressRegister(CodeView code, in CodeView.Site site, bool index, FaultRandom? random)
    {
        Register old = index ? site.Instruction.MemoryIndex : site.Instruction.MemoryBase;
        Instruction changed = site.Instruction;
        foreach (Register other in Rotated(Registers.Others(old), random))
        {
            if (index)
                changed.MemoryIndex = other;
            else
                changed.MemoryBase = other;
            if (Encode(changed, site.Instruction.Length) is { } bytes)
                return new Edit(code.Replace(site.Instruction.IP, bytes),
                    $"{code.Format(site.Instruction)}: {(index ? "index" : "base")} {Name(old)} -> {Name(other)}");
        }
        return null;
    }

    // The instruction's encoding at its own address, padded with nops to
    // `length`; null when Iced cannot encode it or it needs more bytes.
    public static byte[]? Encode(in Instruction instruction, int length)
    {
        var writer = new Writer();
        var encoder = Encoder.Create(64, writer);
        if (!encoder.TryEncode(instruction, instruction.IP, out uint size, out _) || size > length)
            return null;
        while (writer.Bytes.Count < length)
            writer.Bytes.Add(0x90);
        return writer.Bytes.ToArray();
    }

    // Without a random source: the fixed order (used to ask whether any
    // register fits at all); with one: the same order from a random start.
    private static IEnumerable<Register> Rotated(IEnumerable<Register> registers, FaultRandom? random)
    {
        var list = new List<Register>(registers);
        int start = random is null || list.Count == 0 ? 0 : random.Below(list.Count);
        for (int i = 0; i < list.Count; i++)
            yield return list[(start + i) % list.Count];
    }

    private static string Name(Register r) => r.ToString().ToLowerInvariant();

    private static ulong Unsigned(byte[] bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--)
            value = value << 8 | bytes[i];
        return value;
    }

    private static long Signed(byte[] bytes)
    {
        int shift = 64 - bytes.Length * 8;
        return (long)(Unsigned(bytes) << shift) >> shift;
    }

    private static string Hex(long value) => value < 0 ? $"-0x{-value:x}" : $"0x{value:x}";

    private sealed class Writer : CodeWriter
    {
        public readonly List<byte> Bytes = new();

        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
