using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using Iced.Intel;
using Minix3.Cosmos.Swifi.Mutation;
using NUnit.Framework;

namespace Minix3.Cosmos.Testing.Swifi;

// What every fault must be, whatever its type: a patch of 1..16 bytes inside
// .text whose Original is the file's bytes there, covering part of one
// decoded instruction or a run of whole ones; a one-line description.
internal static class PatchChecks
{
    public readonly record struct Text(ulong Address, int Offset, int Size);

    // .text of an ELF64 file, read independently of the generator.
    public static Text TextOf(byte[] elf)
    {
        int table = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(60));
        int names = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(62));
        int namesOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(table + names * 64 + 24));
        for (int i = 0; i < count; i++)
        {
            Span<byte> h = elf.AsSpan(table + i * 64, 64);
            int name = namesOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(h);
            if (Encoding.ASCII.GetString(elf, name, 6) == ".text\0")
                return new Text(BinaryPrimitives.ReadUInt64LittleEndian(h[16..]),
                    (int)BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(h[32..]));
        }
        throw new AssertionException("no .text in the file");
    }

    public static void AssertValid(DriverCode code, byte[] elf, Fault fault)
    {
        Text text = TextOf(elf);
        Patch patch = fault.Patch;
        string what = $"{fault.Label} #{fault.Id} {FaultTypes.Name(fault.Applied)} {patch} ({fault.Description})";
        Assert.That(patch.Original, Has.Length.InRange(1, Patch.MaxLength), what);
        Assert.That(patch.Replacement, Has.Length.EqualTo(patch.Original.Length), what);
        Assert.That(patch.Replacement, Is.Not.EqualTo(patch.Original), what + ": changes nothing");
        Assert.That(patch.Address, Is.GreaterThanOrEqualTo(text.Address), what + ": before .text");
        Assert.That(patch.Address + (ulong)patch.Original.Length, Is.LessThanOrEqualTo(text.Address + (ulong)text.Size), what + ": after .text");
        int offset = text.Offset + (int)(patch.Address - text.Address);
        Assert.That(patch.Original, Is.EqualTo(elf.AsSpan(offset, patch.Original.Length).ToArray()), what + ": Original is not the file's");
        Assert.That(fault.Description, Does.Not.Contain(";").And.Not.Contain("\n").And.Not.Empty, what);

        // Inside one instruction, or from an instruction's start to an instruction's end.
        var sites = code.Code.Sites;
        ulong end = patch.Address + (ulong)patch.Original.Length;
        var first = sites.LastOrDefault(s => s.Instruction.IP <= patch.Address);
        Assert.That(first.Instruction.IP + (ulong)first.Instruction.Length, Is.GreaterThan(patch.Address), what + ": not in an instruction");
        bool inside = end <= first.Instruction.NextIP;
        bool whole = first.Instruction.IP == patch.Address && sites.Any(s => s.Instruction.NextIP == end);
        Assert.That(inside || whole, what + ": crosses an instruction boundary");
    }

    // The original instruction the patch starts in.
    public static Instruction SiteOf(DriverCode code, Fault fault) =>
        code.Code.Sites.Last(s => s.Instruction.IP <= fault.Patch.Address).Instruction;

    // The instruction the patched code holds at `address` (the fault's site).
    public static Instruction DecodePatched(byte[] elf, Fault fault, ulong address)
    {
        Text text = TextOf(elf);
        byte[] code = elf.AsSpan(text.Offset, text.Size).ToArray();
        fault.Patch.Replacement.CopyTo(code, (int)(fault.Patch.Address - text.Address));
        return Decode(code, text.Address, address);
    }

    public static Instruction DecodeOriginal(byte[] elf, ulong address)
    {
        Text text = TextOf(elf);
        return Decode(elf.AsSpan(text.Offset, text.Size).ToArray(), text.Address, address);
    }

    private static Instruction Decode(byte[] code, ulong textAddress, ulong address)
    {
        int at = (int)(address - textAddress);
        var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code, at, code.Length - at), address);
        decoder.Decode(out Instruction instruction);
        return instruction;
    }
}
