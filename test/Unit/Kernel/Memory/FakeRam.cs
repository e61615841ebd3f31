// A block of host memory standing in for physical RAM: physical address p is
// byte p of the block, so the kernel code under test reaches it through a
// DirectMap whose offset is the block's host address.
using System;
using System.Runtime.InteropServices;
using Minix3.Cosmos.Kernel.Memory;

namespace Minix3.Cosmos.Unit.Kernel.Memory;

internal sealed unsafe class FakeRam : IDisposable
{
    /// <summary>Filler for fresh RAM, so code that forgets to zero shows up as garbage.</summary>
    public const byte Garbage = 0xCC;

    private byte* block;

    public FakeRam(ulong size, byte fill = Garbage)
    {
        Size = size;
        block = (byte*)NativeMemory.AlignedAlloc((nuint)size, 4096);
        NativeMemory.Fill(block, (nuint)size, fill);
    }

    public ulong Size { get; }

    public DirectMap Map => new DirectMap((ulong)block, Size);

    /// <summary>Host pointer to [physical, physical + length), which must lie inside the block.</summary>
    public byte* Pointer(ulong physical, ulong length = 1)
    {
        if (physical > Size || length > Size - physical)
            throw new ArgumentOutOfRangeException(nameof(physical), $"0x{physical:X}+0x{length:X} is outside fake RAM");
        return block + physical;
    }

    public ulong Read64(ulong physical) => *(ulong*)Pointer(physical, 8);

    public uint Read32(ulong physical) => *(uint*)Pointer(physical, 4);

    public void Write32(ulong physical, uint value) => *(uint*)Pointer(physical, 4) = value;

    public void Write64(ulong physical, ulong value) => *(ulong*)Pointer(physical, 8) = value;

    public void Write(ulong physical, ReadOnlySpan<byte> bytes) =>
        bytes.CopyTo(new Span<byte>(Pointer(physical, (ulong)bytes.Length), bytes.Length));

    public void Fill(ulong physical, ulong length, byte value) => NativeMemory.Fill(Pointer(physical, length), (nuint)length, value);

    /// <summary>True when every byte of [physical, +length) is zero.</summary>
    public bool IsZero(ulong physical, ulong length)
    {
        byte* start = Pointer(physical, length);
        for (ulong i = 0; i < length; i++)
        {
            if (start[i] != 0)
                return false;
        }
        return true;
    }

    public void Dispose()
    {
        if (block != null)
        {
            NativeMemory.AlignedFree(block);
            block = null;
        }
    }
}
