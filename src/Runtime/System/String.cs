using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System
{
    // Immutable UTF-16 string. The two fields are a contract with the compiler:
    // ilc lays literals out as { MethodTable*, int _stringLength, char[] } with
    // a terminating NUL after the last char, and allocates strings as arrays of
    // char whose component count is the length.
    //
    // Constructors are declared extern; ilc binds `new string(...)` to the
    // static Ctor method of the same signature (the NativeAOT convention).
    public sealed unsafe class String
    {
        private readonly int _stringLength;
        private char _firstChar;

        public static string Empty => "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                    throw new IndexOutOfRangeException();
                return Unsafe.Add(ref _firstChar, index);
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char* value, int startIndex, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char c, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value, int startIndex, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);

        private static string Ctor(char* value, int startIndex, int length)
        {
            if (length < 0 || startIndex < 0)
                throw new ArgumentOutOfRangeException();
            string result = FastAllocate(length);
            Buffer.Memmove((byte*)result.GetRawData(), (byte*)(value + startIndex), (nuint)length * 2);
            return result;
        }

        private static string Ctor(char c, int count)
        {
            if (count < 0)
                throw new ArgumentOutOfRangeException();
            string result = FastAllocate(count);
            char* data = result.GetRawData();
            for (int i = 0; i < count; i++)
                data[i] = c;
            return result;
        }

        private static string Ctor(char[] value)
        {
            fixed (char* p = value)
                return Ctor(p, 0, value.Length);
        }

        private static string Ctor(char[] value, int startIndex, int length)
        {
            if ((uint)startIndex > (uint)value.Length || (uint)length > (uint)(value.Length - startIndex))
                throw new ArgumentOutOfRangeException();
            fixed (char* p = value)
                return Ctor(p, startIndex, length);
        }

        private static string Ctor(ReadOnlySpan<char> value)
        {
            fixed (char* p = value)
                return Ctor(p, 0, value.Length);
        }

        // A fresh, zeroed string of the given length. The MethodTable comes
        // from a literal, which ilc has already laid out with the right one.
        internal static string FastAllocate(int length)
        {
            if (length == 0)
                return "";
            MethodTable* stringType = "".m_pEEType;
            return Unsafe.As<string>(Internal.Runtime.Allocator.NewArray(stringType, length));
        }

        internal char* GetRawData() => (char*)Unsafe.AsPointer(ref _firstChar);

        public ReadOnlySpan<char> AsSpan() => new ReadOnlySpan<char>(GetRawData(), _stringLength);

        public static implicit operator ReadOnlySpan<char>(string? value) =>
            value == null ? default : value.AsSpan();

        public static bool IsNullOrEmpty(string? value) => value == null || value.Length == 0;

        public static string Concat(string? a, string? b)
        {
            a ??= "";
            b ??= "";
            string result = FastAllocate(a.Length + b.Length);
            result.CopyIn(0, a);
            result.CopyIn(a.Length, b);
            return result;
        }

        public static string Concat(string? a, string? b, string? c) => Concat(Concat(a, b), c);

        public static string Concat(string? a, string? b, string? c, string? d) => Concat(Concat(a, b), Concat(c, d));

        public static string Concat(params string?[] values)
        {
            int total = 0;
            for (int i = 0; i < values.Length; i++)
                total += values[i]?.Length ?? 0;
            string result = FastAllocate(total);
            int position = 0;
            for (int i = 0; i < values.Length; i++)
            {
                string? part = values[i];
                if (part == null)
                    continue;
                result.CopyIn(position, part);
                position += part.Length;
            }
            return result;
        }

        // Only used on freshly allocated strings, before anyone else sees them.
        private void CopyIn(int position, string source)
        {
            Buffer.Memmove((byte*)(GetRawData() + position), (byte*)source.GetRawData(), (nuint)source.Length * 2);
        }

        public static bool Equals(string? a, string? b)
        {
            if ((object?)a == b)
                return true;
            if (a is null || b is null || a.Length != b.Length)
                return false;
            return CompareOrdinal(a, b) == 0;
        }

        public bool Equals(string? other) => Equals(this, other);

        public override bool Equals(object? obj) => obj is string other && Equals(this, other);

        public static bool operator ==(string? a, string? b) => Equals(a, b);

        public static bool operator !=(string? a, string? b) => !Equals(a, b);

        // Ordinal comparison by UTF-16 code unit; null sorts first.
        public static int CompareOrdinal(string? a, string? b)
        {
            if ((object?)a == b)
                return 0;
            if (a is null)
                return -1;
            if (b is null)
                return 1;
            int common = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < common; i++)
            {
                int difference = a.GetRawData()[i] - b.GetRawData()[i];
                if (difference != 0)
                    return difference;
            }
            return a.Length - b.Length;
        }

        // FNV-1a over the code units: stable across runs, good enough for tables.
        public override int GetHashCode()
        {
            uint hash = 2166136261;
            char* data = GetRawData();
            for (int i = 0; i < _stringLength; i++)
                hash = (hash ^ data[i]) * 16777619;
            return (int)hash;
        }

        public override string ToString() => this;

        public string Substring(int startIndex) => Substring(startIndex, _stringLength - startIndex);

        public string Substring(int startIndex, int length)
        {
            if (startIndex < 0 || length < 0 || startIndex > _stringLength - length)
                throw new ArgumentOutOfRangeException();
            if (startIndex == 0 && length == _stringLength)
                return this;
            return new string(GetRawData(), startIndex, length);
        }

        public int IndexOf(char value) => IndexOf(value, 0);

        public int IndexOf(char value, int startIndex)
        {
            if ((uint)startIndex > (uint)_stringLength)
                throw new ArgumentOutOfRangeException();
            char* data = GetRawData();
            for (int i = startIndex; i < _stringLength; i++)
            {
                if (data[i] == value)
                    return i;
            }
            return -1;
        }

        public bool StartsWith(string value) =>
            value.Length <= _stringLength && AsSpan().Slice(0, value.Length).SequenceEqual(value);

        public bool EndsWith(string value) =>
            value.Length <= _stringLength && AsSpan().Slice(_stringLength - value.Length).SequenceEqual(value);

        public bool Contains(char value) => IndexOf(value) >= 0;

        public ReadOnlySpan<char>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();
    }
}
