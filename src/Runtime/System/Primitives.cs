namespace System
{
    // Non-integer primitives. See Integers.cs for why a primitive's field has
    // its own type.
    public readonly struct Boolean
    {
        private readonly bool m_value;

        public override string ToString() => m_value ? "True" : "False";
        public override int GetHashCode() => m_value ? 1 : 0;
        public override bool Equals(object? obj) => obj is bool other && other == m_value;
        public bool Equals(bool other) => other == m_value;
    }

    public readonly struct Char
    {
        private readonly char m_value;

        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;

        public override string ToString() => new string(m_value, 1);
        public override int GetHashCode() => m_value;
        public override bool Equals(object? obj) => obj is char other && other == m_value;
        public bool Equals(char other) => other == m_value;

        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsWhiteSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');
        public static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public readonly struct IntPtr
    {
        private readonly nint _value;

        public static readonly nint Zero;
        public static int Size => sizeof(long);

        public IntPtr(long value) { _value = (nint)value; }
        public unsafe IntPtr(void* value) { _value = (nint)value; }
        public long ToInt64() => _value;
        public unsafe void* ToPointer() => (void*)_value;
        public override string ToString() => Number.FormatSigned(_value, null, 0);
        public override int GetHashCode() => (int)_value ^ (int)((long)_value >> 32);
        public override bool Equals(object? obj) => obj is nint other && other == _value;
    }

    public readonly struct UIntPtr
    {
        private readonly nuint _value;

        public static readonly nuint Zero;
        public static int Size => sizeof(ulong);

        public UIntPtr(ulong value) { _value = (nuint)value; }
        public unsafe UIntPtr(void* value) { _value = (nuint)value; }
        public ulong ToUInt64() => _value;
        public unsafe void* ToPointer() => (void*)_value;
        public override string ToString() => Number.FormatUnsigned(_value, null);
        public override int GetHashCode() => (int)_value ^ (int)((ulong)_value >> 32);
        public override bool Equals(object? obj) => obj is nuint other && other == _value;
    }

    // Floating point values compile (SSE is enabled at boot) but have no
    // formatting: the corelib does not claim ToString for them.
    public readonly struct Single
    {
        private readonly float m_value;
    }

    public readonly struct Double
    {
        private readonly double m_value;
    }
}
