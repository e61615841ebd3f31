namespace System
{
    // Exceptions. `throw` reaches RhpThrowEx (src/Asm), which unwinds with
    // the compiler's tables (Internal/Runtime/Exceptions): catch by type,
    // filters, finally. Unhandled, an exception ends the component with its
    // kind and message (in the kernel: a panic with a backtrace).
    public class Exception
    {
        private readonly string _message;

        public Exception() : this("An exception was thrown.") { }

        public Exception(string? message) { _message = message ?? "An exception was thrown."; }

        public virtual string Message => _message;

        // The exception's kind for diagnostics; there is no reflection, so each
        // runtime-defined exception names itself.
        public virtual string Kind => "Exception";
    }

    public class SystemException : Exception
    {
        public SystemException(string? message) : base(message) { }
        public override string Kind => "SystemException";
    }

    public sealed class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
        public override string Kind => "IndexOutOfRangeException";
    }

    public sealed class NullReferenceException : SystemException
    {
        public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
        public override string Kind => "NullReferenceException";
    }

    public sealed class InvalidCastException : SystemException
    {
        public InvalidCastException() : base("Specified cast is not valid.") { }
        public override string Kind => "InvalidCastException";
    }

    public sealed class ArrayTypeMismatchException : SystemException
    {
        public ArrayTypeMismatchException() : base("Attempted to store an element of the wrong type in an array.") { }
        public override string Kind => "ArrayTypeMismatchException";
    }

    public sealed class OverflowException : SystemException
    {
        public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
        public override string Kind => "OverflowException";
    }

    public sealed class DivideByZeroException : SystemException
    {
        public DivideByZeroException() : base("Attempted to divide by zero.") { }
        public override string Kind => "DivideByZeroException";
    }

    public sealed class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() : base("Out of memory.") { }
        public override string Kind => "OutOfMemoryException";
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException(string? message) : base(message) { }
        public override string Kind => "ArgumentException";
    }

    public sealed class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() : base("Specified argument was out of the range of valid values.") { }
        public ArgumentOutOfRangeException(string? message) : base(message) { }
        public override string Kind => "ArgumentOutOfRangeException";
    }

    public sealed class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() : base("Value cannot be null.") { }
        public override string Kind => "ArgumentNullException";
    }

    public sealed class FormatException : SystemException
    {
        public FormatException(string? message) : base(message) { }
        public override string Kind => "FormatException";
    }

    public sealed class InvalidOperationException : SystemException
    {
        public InvalidOperationException(string? message) : base(message) { }
        public override string Kind => "InvalidOperationException";
    }

    public sealed class NotSupportedException : SystemException
    {
        public NotSupportedException(string? message) : base(message) { }
        public override string Kind => "NotSupportedException";
    }
}
