using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    // Raw memory moves. ilc calls Memmove/BulkMoveWithWriteBarrier for struct
    // copies and block moves; SpanHelpers is called by generated code for
    // initblk/cpblk-style operations. No memcpy exists below us: long forward
    // copies are rep movs in a stub of our own, the rest 8-byte loops.
    public static unsafe class Buffer
    {
        public static void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
        {
            if (sourceBytesToCopy > destinationSizeInBytes)
                throw new ArgumentOutOfRangeException();
            Memmove((byte*)destination, (byte*)source, (nuint)sourceBytesToCopy);
        }

        internal static void Memmove(byte* destination, byte* source, nuint length)
        {
            if (destination == source || length == 0)
                return;
            if (destination < source || destination >= source + length)
            {
                // Short copies (struct moves, a message) stay in C#: no call.
                // Longer ones go to rep movs (RhpCopyForward, src/Asm/Runtime).
                if (length >= 64)
                {
                    CopyForward(destination, source, length);
                    return;
                }
                nuint i = 0;
                for (; i + 8 <= length; i += 8)
                    *(ulong*)(destination + i) = *(ulong*)(source + i);
                for (; i < length; i++)
                    destination[i] = source[i];
            }
            else
            {
                // Overlap with destination above source: copy backwards,
                // 8 bytes at a time while 8 remain.
                nuint i = length;
                for (; i >= 8; i -= 8)
                    *(ulong*)(destination + i - 8) = *(ulong*)(source + i - 8);
                for (; i > 0; i--)
                    destination[i - 1] = source[i - 1];
            }
        }

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "RhpCopyForward")]
        private static extern void CopyForward(byte* destination, byte* source, nuint length);

        internal static void Memmove<T>(ref T destination, ref T source, nuint elementCount)
        {
            Memmove((byte*)Unsafe.AsPointer(ref destination), (byte*)Unsafe.AsPointer(ref source),
                elementCount * (nuint)Unsafe.SizeOf<T>());
        }

        // References are copied like any other bits: the heap does not move
        // objects and has no remembered set yet (issue 4 adds the barrier).
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
        {
            Memmove((byte*)Unsafe.AsPointer(ref destination), (byte*)Unsafe.AsPointer(ref source), byteCount);
        }

        internal static void ZeroMemory(byte* destination, nuint length)
        {
            nuint i = 0;
            for (; i + 8 <= length; i += 8)
                *(ulong*)(destination + i) = 0;
            for (; i < length; i++)
                destination[i] = 0;
        }
    }

    internal static unsafe class SpanHelpers
    {
        internal static void Memmove(ref byte destination, ref byte source, nuint length) =>
            Buffer.Memmove((byte*)Unsafe.AsPointer(ref destination), (byte*)Unsafe.AsPointer(ref source), length);

        internal static void ClearWithoutReferences(ref byte start, nuint length) =>
            Buffer.ZeroMemory((byte*)Unsafe.AsPointer(ref start), length);

        internal static void Fill(ref byte start, nuint length, byte value)
        {
            byte* p = (byte*)Unsafe.AsPointer(ref start);
            for (nuint i = 0; i < length; i++)
                p[i] = value;
        }
    }
}
