namespace Minix3.Cosmos.Asm;

/// <summary>The x86-64 ELF relocation types this assembler emits (values from the psABI).</summary>
public enum RelocationType : uint
{
    /// <summary>S + A, 64-bit: absolute data words and <c>mov r64, imm64</c>.</summary>
    Absolute64 = 1,
    /// <summary>S + A - P, 32-bit: RIP-relative displacements and 32-bit code branches.</summary>
    PcRelative32 = 2,
    /// <summary>L + A - P: <c>call</c>/<c>jmp rel32</c> in 64-bit code; a static link turns it into PC32.</summary>
    Plt32 = 4,
    /// <summary>S + A, zero-extended 32-bit: everything 32-bit code needs (the image lives below 4 GiB).</summary>
    Absolute32 = 10,
}

/// <summary>A resolved relocation: patch <see cref="Offset"/> in the text section with the value of
/// <see cref="Symbol"/> + <see cref="Addend"/> according to <see cref="Type"/>.</summary>
public readonly record struct Relocation(long Offset, RelocationType Type, Symbol Symbol, long Addend)
{
    /// <summary>How many bytes the linker writes.</summary>
    public int Width => Type == RelocationType.Absolute64 ? 8 : 4;
}
