using System.Text;

namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
    public sealed class InterpolatedStringHandlerAttribute : Attribute { }

    // What C# compiles $"..." to: literals and holes appended in order, the
    // string made at the end. Holes format through IFormattable (integers
    // honour "X8", "D3" ...) or ToString.
    [InterpolatedStringHandler]
    public ref struct DefaultInterpolatedStringHandler
    {
        private StringBuilder _builder;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _builder = new StringBuilder(literalLength + formattedCount * 11);
        }

        public void AppendLiteral(string value) => _builder.Append(value);

        public void AppendFormatted(string? value) => _builder.Append(value);

        public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

        public void AppendFormatted<T>(T value, string? format)
        {
            if (value is IFormattable formattable)
                _builder.Append(formattable.ToString(format, null));
            else if (value != null)
                _builder.Append(value.ToString());
        }

        public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

        // Positive alignment pads on the left, negative on the right.
        public void AppendFormatted<T>(T value, int alignment, string? format)
        {
            int start = _builder.Length;
            AppendFormatted(value, format);
            int written = _builder.Length - start;
            int width = alignment < 0 ? -alignment : alignment;
            if (written >= width)
                return;
            if (alignment < 0)
                _builder.Append(' ', width - written);
            else
                _builder.Insert(start, new string(' ', width - written));
        }

        public string ToStringAndClear()
        {
            string result = _builder.ToString();
            _builder.Clear();
            return result;
        }

        public override string ToString() => _builder.ToString();
    }
}
