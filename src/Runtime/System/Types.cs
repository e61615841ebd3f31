namespace System
{
    // Handles and Type exist because the compiler's type system requires them;
    // no reflection is offered on top of them.
    public struct RuntimeTypeHandle
    {
        private readonly nint _value;
        internal RuntimeTypeHandle(nint value) { _value = value; }
    }

    public struct RuntimeMethodHandle
    {
        private readonly nint _value;
        internal RuntimeMethodHandle(nint value) { _value = value; }
    }

    public struct RuntimeFieldHandle
    {
        private readonly nint _value;
        internal RuntimeFieldHandle(nint value) { _value = value; }
    }

    public abstract class Type { }

    internal sealed class RuntimeType : Type { }

    public struct Nullable<T> where T : struct
    {
        private readonly bool hasValue;
        internal T value;

        public Nullable(T value)
        {
            this.value = value;
            hasValue = true;
        }

        public bool HasValue => hasValue;

        public T Value
        {
            get
            {
                if (!hasValue)
                    throw new InvalidOperationException("Nullable object must have a value.");
                return value;
            }
        }

        public T GetValueOrDefault() => value;

        public T GetValueOrDefault(T defaultValue) => hasValue ? value : defaultValue;

        public static implicit operator T?(T value) => new T?(value);

        public static explicit operator T(T? value) => value!.Value;
    }

    public interface IDisposable
    {
        void Dispose();
    }

    public interface IEquatable<T>
    {
        bool Equals(T? other);
    }

    public interface IComparable<in T>
    {
        int CompareTo(T? other);
    }

    // ilc looks these up; AppContext switches are not supported.
    public static class AppContext { }
}

namespace System.Collections
{
    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }

    public interface IEnumerator
    {
        object? Current { get; }
        bool MoveNext();
        void Reset();
    }
}

namespace System.Collections.Generic
{
    public interface IEnumerable<out T> : IEnumerable
    {
        new IEnumerator<T> GetEnumerator();
    }

    public interface IEnumerator<out T> : IDisposable, IEnumerator
    {
        new T Current { get; }
    }
}
