// A string handed over by the boot loader, left where the loader put it.
using System;

namespace Minix3.Cosmos.Kernel.Boot.Multiboot;

/// <summary>
/// ASCII bytes at a physical address, without the terminating NUL. <see cref="Pointer"/>
/// is the same bytes seen through the direct map the parser was given. A string that
/// failed validation is empty (Length 0) and never points anywhere untrusted.
/// </summary>
public unsafe struct BootString
{
    public ulong Physical;
    public byte* Pointer;
    public int Length;

    public BootString(ulong physical, byte* pointer, int length)
    {
        Physical = physical;
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
