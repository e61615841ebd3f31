// A string handed over by the boot loader, left where the loader put it.
using System;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// ASCII bytes the boot loader left, without the terminating NUL, seen through the direct
/// map the parser was given (their physical range is in LoaderData). A string that
/// failed validation is empty (Length 0) and never points anywhere untrusted.
/// </summary>
public unsafe struct BootString
{
    public byte* Pointer;
    public int Length;

    public BootString(byte* pointer, int length)
    {
        Pointer = pointer;
        Length = length;
    }

    public readonly bool IsEmpty => Length == 0;

    /// <summary>The bytes; valid while the loader's memory is kept reserved.</summary>
    public readonly ReadOnlySpan<byte> AsSpan()
    {
        return Length == 0 ? default : new ReadOnlySpan<byte>(Pointer, Length);
    }
}
