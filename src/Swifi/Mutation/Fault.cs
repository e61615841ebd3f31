using System;

namespace Minix3.Cosmos.Swifi.Mutation;

// One byte change in a component's code: Original.Length == Replacement.Length,
// 1..16 bytes (Reincarnation.Mutate's limit), inside one instruction or over a
// run of whole instructions; Address is the virtual address in the component,
// Original what its ELF holds there (so applying Original undoes the patch).
public sealed record Patch(ulong Address, byte[] Original, byte[] Replacement)
{
    public const int MaxLength = 16;

    public override string ToString() =>
        $"0x{Address:x}: {Convert.ToHexString(Original).ToLowerInvariant()} -> {Convert.ToHexString(Replacement).ToLowerInvariant()}";
}

// A fault of a campaign. Type is what was asked, Applied what was made (they
// differ only for Random). Description is one short line without ';' or a
// newline (campaign logs are ';'-separated): where, the instruction, the change.
public sealed record Fault(long Id, string Label, FaultType Type, FaultType Applied, Patch Patch, string Description);
