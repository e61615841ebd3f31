using System.Runtime.CompilerServices;

namespace System.Collections.Generic
{
    // Equality and hashing for generic collections. Types whose equality is
    // their bits (integers, chars, enums: the compiler knows which) compare
    // without boxing; everything else through its Equals/GetHashCode
    // overrides (a struct without overrides is boxed for Equals).
    public abstract class EqualityComparer<T>
    {
        public static EqualityComparer<T> Default => DefaultComparer<T>.Instance;

        public abstract bool Equals(T? x, T? y);
        public abstract int GetHashCode(T obj);
    }

    internal sealed class DefaultComparer<T> : EqualityComparer<T>
    {
        internal static readonly DefaultComparer<T> Instance = new DefaultComparer<T>();

        public override unsafe bool Equals(T? x, T? y)
        {
            if (RuntimeHelpers.IsBitwiseEquatable<T>())
            {
                byte* a = (byte*)Unsafe.AsPointer(ref x);
                byte* b = (byte*)Unsafe.AsPointer(ref y);
                for (int i = 0; i < Unsafe.SizeOf<T>(); i++)
                {
                    if (a[i] != b[i])
                        return false;
                }
                return true;
            }
            if (x == null)
                return y == null;
            return y != null && x.Equals(y);
        }

        public override int GetHashCode(T obj) => obj == null ? 0 : obj.GetHashCode();
    }

    public readonly struct KeyValuePair<TKey, TValue>
    {
        public KeyValuePair(TKey key, TValue value)
        {
            Key = key;
            Value = value;
        }

        public TKey Key { get; }
        public TValue Value { get; }
    }

    public sealed class KeyNotFoundException : SystemException
    {
        public KeyNotFoundException() : base("The given key was not present in the dictionary.") { }
        public override string Kind => "KeyNotFoundException";
    }
}
