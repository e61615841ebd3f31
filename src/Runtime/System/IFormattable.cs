namespace System
{
    // Formatting with a format string; there are no cultures, so providers
    // are accepted and ignored.
    public interface IFormatProvider
    {
    }

    public interface IFormattable
    {
        string ToString(string? format, IFormatProvider? formatProvider);
    }
}
