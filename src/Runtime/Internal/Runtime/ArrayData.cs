using System.Runtime.CompilerServices;

namespace System
{
    internal static class ArrayData
    {
        // A reference to element 0 (or to where it would be, for an empty array).
        internal static ref T FirstElement<T>(T[] array) =>
            ref Unsafe.As<byte, T>(ref Unsafe.As<Internal.Runtime.RawArrayData>(array).Data);
    }
}
