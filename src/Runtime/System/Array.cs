using System.Runtime.CompilerServices;

namespace System
{
    // Base of all arrays. Layout contract with the compiler: after the
    // MethodTable pointer comes the element count (and, on 64-bit, 4 bytes of
    // padding ilc accounts for in the array base size), then the elements.
    public abstract class Array
    {
        private readonly int _numComponents;

        public int Length => _numComponents;

        public static void Copy<T>(T[] source, int sourceIndex, T[] destination, int destinationIndex, int length)
        {
            new ReadOnlySpan<T>(source, sourceIndex, length).CopyTo(new Span<T>(destination, destinationIndex, length));
        }

        public static void Clear<T>(T[] array) => new Span<T>(array).Clear();

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        private static class EmptyArray<T>
        {
            internal static readonly T[] Value = new T[0];
        }
    }

    // ilc uses Array<T> as the canonical base of single-dimensional arrays.
    public class Array<T> : Array
    {
    }
}
