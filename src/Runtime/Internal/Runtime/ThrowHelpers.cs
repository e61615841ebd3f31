using System;
using Minix3.Cosmos.Runtime;

namespace Internal.TypeSystem
{
    // ilc passes one of these to the "invalid program" helpers below; only
    // the fact of the failure matters to us.
    internal enum ExceptionStringID
    {
    }
}

namespace Internal.Runtime.CompilerHelpers
{
    using Internal.TypeSystem;

    // ilc calls these from generated code. The first group backs the runtime
    // checks every C# program relies on and raises the matching exception.
    // The second group replaces method bodies that ilc could not compile
    // (an assembly referring to something that does not exist, which cannot
    // happen when everything is compiled against this corelib); they end the
    // component with a message instead of running nonsense.
    internal static class ThrowHelpers
    {
        private static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        private static void ThrowNullReferenceException() => throw new NullReferenceException();
        private static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        private static void ThrowOverflowException() => throw new OverflowException();
        private static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        private static void ThrowInvalidCastException() => throw new InvalidCastException();
        private static void ThrowArgumentException() => throw new ArgumentException(null);
        private static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        private static void ThrowPlatformNotSupportedException() => throw new NotSupportedException("Not supported on this platform.");
        private static void ThrowNotSupportedException() => throw new NotSupportedException(null);
        private static void ThrowNotImplementedException() => throw new NotSupportedException("Not implemented.");

        private static void ThrowBodyRemoved() => Removed("a method body was removed by the compiler");
        private static void ThrowFeatureBodyRemoved() => Removed("a method body for a disabled feature was called");
        private static void ThrowInstanceBodyRemoved() => Removed("an instance method of a never-constructed type was called");
        private static void ThrowUnavailableType() => Removed("a type unavailable to the compiler was used");
        private static void ThrowNotSupportedInlineArrayEqualsGetHashCode() => Removed("Equals/GetHashCode on an inline array");
        private static void ThrowBadImageFormatException(ExceptionStringID id) => Removed("bad image format");
        private static void ThrowTypeLoadException(ExceptionStringID id, string className, string typeName) => Removed(string.Concat("type load failed: ", typeName));
        private static void ThrowTypeLoadExceptionWithArgument(ExceptionStringID id, string className, string typeName, string messageArg) => Removed(string.Concat("type load failed: ", typeName));
        private static void ThrowMissingMethodException(ExceptionStringID id, string methodName) => Removed(string.Concat("missing method: ", methodName));
        private static void ThrowMissingFieldException(ExceptionStringID id, string fieldName) => Removed(string.Concat("missing field: ", fieldName));
        private static void ThrowFileNotFoundException(ExceptionStringID id, string fileName) => Removed(string.Concat("missing assembly: ", fileName));
        private static void ThrowInvalidProgramException(ExceptionStringID id) => Removed("invalid program");
        private static void ThrowInvalidProgramExceptionWithArgument(ExceptionStringID id, string methodName) => Removed(string.Concat("invalid program in ", methodName));
        private static void ThrowMarshalDirectiveException(ExceptionStringID id) => Removed("unsupported marshalling");
        private static void ThrowAmbiguousMatchException(ExceptionStringID id) => Removed("ambiguous match");

        private static void Removed(string what) => RuntimeEnvironment.Fail(string.Concat("compiler-generated failure: ", what));
    }
}
