using System;

namespace Minix3.Cosmos.Servers.Tty.Line
{
    // Output processing for the serial line (POSIX OPOST with ONLCR): a
    // "\n" goes out as "\r\n", as terminals on the other end expect. Bytes
    // gather in a bounded buffer handed to `send` when it fills and on
    // Flush, so one write to the serial driver carries many bytes.
    public sealed class SerialOutput : ITerminalOutput
    {
        private readonly byte[] _buffer;
        private readonly Action<byte[], int> _send;
        private int _count;
        private int _column;

        public SerialOutput(int capacity, Action<byte[], int> send)
        {
            _buffer = new byte[capacity < 2 ? 2 : capacity];
            _send = send;
        }

        public int Pending => _count;

        // Counted as a terminal would move: the width of the far end is not
        // known, so long lines are not wrapped here.
        public int Column => _column;

        public void Put(byte value)
        {
            if (value == ControlCharacters.LineFeed)
                Append(ControlCharacters.CarriageReturn);
            Append(value);
            _column = LineDiscipline.Advance(_column, value);
        }

        public void Flush()
        {
            if (_count == 0)
                return;
            int count = _count;
            _count = 0;
            _send(_buffer, count);
        }

        private void Append(byte value)
        {
            if (_count == _buffer.Length)
                Flush();
            _buffer[_count++] = value;
        }
    }
}
