namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        // Roslyn calls this for array initializers; ilc replaces the call with
        // a copy of the field's constant data.
        [Intrinsic]
        public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);

        // Roslyn uses this for ReadOnlySpan<T> over constant data of T wider
        // than a byte; ilc expands it to a span over the data in place.
        [Intrinsic]
        public static extern ReadOnlySpan<T> CreateSpan<T>(RuntimeFieldHandle fldHandle);

        [Intrinsic]
        public static extern bool IsReferenceOrContainsReferences<T>();

        // True for types whose equality is the equality of their bits.
        [Intrinsic]
        internal static extern bool IsBitwiseEquatable<T>();

        public static int OffsetToStringData => 12;

        // The heap does not move objects, so an object's address is a stable
        // identity hash.
        public static unsafe int GetHashCode(object? o)
        {
            if (o == null)
                return 0;
            long address = *(nint*)Unsafe.AsPointer(ref o);
            return (int)address ^ (int)(address >> 32);
        }
    }

    // Roslyn requires these constants to exist before it emits the features.
    public static class RuntimeFeature
    {
        public const string ByRefFields = nameof(ByRefFields);
        public const string UnmanagedSignatureCallingConvention = nameof(UnmanagedSignatureCallingConvention);
        public const string DefaultImplementationsOfInterfaces = nameof(DefaultImplementationsOfInterfaces);
        public const string NumericIntPtr = nameof(NumericIntPtr);
        public const string ByRefLikeGenerics = nameof(ByRefLikeGenerics);
    }
}
