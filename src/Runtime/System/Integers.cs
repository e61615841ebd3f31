// One struct per integer primitive (all eight have the same shape).
// A primitive's only field has the primitive's own type; ilc and Roslyn treat
// that as the value itself (allowed only in the system module).
// Formatting: decimal via ToString(), and "X"/"x"/"D" with an optional width
// via ToString(format). Other format strings fail at run time with a clear
// FormatException, because a format string is data, not an API.

namespace System
{
    public readonly struct SByte : IFormattable
    {
        private readonly sbyte m_value;

        public const sbyte MaxValue = unchecked((sbyte)0x7F);
        public const sbyte MinValue = unchecked((sbyte)-0x80);

        public override string ToString() => Number.FormatSigned((long)m_value, null, 0);
        public string ToString(string? format) => Number.FormatSigned((long)m_value, format, 0xFFUL);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is sbyte other && other == m_value;
        public bool Equals(sbyte other) => other == m_value;
    }

    public readonly struct Byte : IFormattable
    {
        private readonly byte m_value;

        public const byte MaxValue = unchecked((byte)0xFF);
        public const byte MinValue = 0;

        public override string ToString() => Number.FormatUnsigned((ulong)m_value, null);
        public string ToString(string? format) => Number.FormatUnsigned((ulong)m_value, format);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is byte other && other == m_value;
        public bool Equals(byte other) => other == m_value;
    }

    public readonly struct Int16 : IFormattable
    {
        private readonly short m_value;

        public const short MaxValue = unchecked((short)0x7FFF);
        public const short MinValue = unchecked((short)-0x8000);

        public override string ToString() => Number.FormatSigned((long)m_value, null, 0);
        public string ToString(string? format) => Number.FormatSigned((long)m_value, format, 0xFFFFUL);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is short other && other == m_value;
        public bool Equals(short other) => other == m_value;
    }

    public readonly struct UInt16 : IFormattable
    {
        private readonly ushort m_value;

        public const ushort MaxValue = unchecked((ushort)0xFFFF);
        public const ushort MinValue = 0;

        public override string ToString() => Number.FormatUnsigned((ulong)m_value, null);
        public string ToString(string? format) => Number.FormatUnsigned((ulong)m_value, format);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is ushort other && other == m_value;
        public bool Equals(ushort other) => other == m_value;
    }

    public readonly struct Int32 : IFormattable
    {
        private readonly int m_value;

        public const int MaxValue = unchecked((int)0x7FFFFFFF);
        public const int MinValue = unchecked((int)-0x80000000);

        public override string ToString() => Number.FormatSigned((long)m_value, null, 0);
        public string ToString(string? format) => Number.FormatSigned((long)m_value, format, 0xFFFFFFFFUL);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is int other && other == m_value;
        public bool Equals(int other) => other == m_value;
    }

    public readonly struct UInt32 : IFormattable
    {
        private readonly uint m_value;

        public const uint MaxValue = unchecked((uint)0xFFFFFFFF);
        public const uint MinValue = 0;

        public override string ToString() => Number.FormatUnsigned((ulong)m_value, null);
        public string ToString(string? format) => Number.FormatUnsigned((ulong)m_value, format);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value;
        public override bool Equals(object? obj) => obj is uint other && other == m_value;
        public bool Equals(uint other) => other == m_value;
    }

    public readonly struct Int64 : IFormattable
    {
        private readonly long m_value;

        public const long MaxValue = unchecked((long)0x7FFFFFFFFFFFFFFF);
        public const long MinValue = unchecked((long)-0x8000000000000000);

        public override string ToString() => Number.FormatSigned((long)m_value, null, 0);
        public string ToString(string? format) => Number.FormatSigned((long)m_value, format, 0xFFFFFFFFFFFFFFFFUL);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
        public override bool Equals(object? obj) => obj is long other && other == m_value;
        public bool Equals(long other) => other == m_value;
    }

    public readonly struct UInt64 : IFormattable
    {
        private readonly ulong m_value;

        public const ulong MaxValue = unchecked((ulong)0xFFFFFFFFFFFFFFFF);
        public const ulong MinValue = 0;

        public override string ToString() => Number.FormatUnsigned((ulong)m_value, null);
        public string ToString(string? format) => Number.FormatUnsigned((ulong)m_value, format);
        public string ToString(string? format, IFormatProvider? formatProvider) => ToString(format);
        public override int GetHashCode() => (int)m_value ^ (int)(m_value >> 32);
        public override bool Equals(object? obj) => obj is ulong other && other == m_value;
        public bool Equals(ulong other) => other == m_value;
    }

}
