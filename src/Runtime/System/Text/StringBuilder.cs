namespace System.Text
{
    // A mutable string: a growable char buffer. Appending an integer formats
    // it without an intermediate string.
    public sealed class StringBuilder
    {
        private char[] _chars;
        private int _length;

        public StringBuilder() { _chars = new char[16]; }

        public StringBuilder(string? value) : this()
        {
            Append(value);
        }

        public StringBuilder(int capacity) { _chars = new char[capacity < 1 ? 1 : capacity]; }

        public int Length
        {
            get => _length;
            set
            {
                if (value < 0)
                    throw new ArgumentOutOfRangeException();
                Ensure(value);
                for (int i = _length; i < value; i++)
                    _chars[i] = '\0';
                _length = value;
            }
        }

        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_length)
                    throw new IndexOutOfRangeException();
                return _chars[index];
            }
            set
            {
                if ((uint)index >= (uint)_length)
                    throw new IndexOutOfRangeException();
                _chars[index] = value;
            }
        }

        public StringBuilder Append(char value)
        {
            Ensure(_length + 1);
            _chars[_length++] = value;
            return this;
        }

        public StringBuilder Append(char value, int repeatCount)
        {
            for (int i = 0; i < repeatCount; i++)
                Append(value);
            return this;
        }

        public StringBuilder Append(string? value)
        {
            if (value == null)
                return this;
            Ensure(_length + value.Length);
            for (int i = 0; i < value.Length; i++)
                _chars[_length + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Append(ReadOnlySpan<char> value)
        {
            Ensure(_length + value.Length);
            for (int i = 0; i < value.Length; i++)
                _chars[_length + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Append(int value) => Append(value.ToString());
        public StringBuilder Append(long value) => Append(value.ToString());
        public StringBuilder Append(uint value) => Append(value.ToString());
        public StringBuilder Append(ulong value) => Append(value.ToString());
        public StringBuilder Append(bool value) => Append(value ? "True" : "False");
        public StringBuilder Append(object? value) => Append(value?.ToString());

        public StringBuilder AppendLine() => Append('\n');
        public StringBuilder AppendLine(string? value) => Append(value).Append('\n');

        public StringBuilder Insert(int index, string value)
        {
            if ((uint)index > (uint)_length)
                throw new ArgumentOutOfRangeException();
            Ensure(_length + value.Length);
            for (int i = _length - 1; i >= index; i--)
                _chars[i + value.Length] = _chars[i];
            for (int i = 0; i < value.Length; i++)
                _chars[index + i] = value[i];
            _length += value.Length;
            return this;
        }

        public StringBuilder Clear()
        {
            _length = 0;
            return this;
        }

        public override string ToString() => new string(_chars, 0, _length);

        private void Ensure(int capacity)
        {
            if (capacity <= _chars.Length)
                return;
            int size = _chars.Length * 2;
            if (size < capacity)
                size = capacity;
            var chars = new char[size];
            for (int i = 0; i < _length; i++)
                chars[i] = _chars[i];
            _chars = chars;
        }
    }
}
