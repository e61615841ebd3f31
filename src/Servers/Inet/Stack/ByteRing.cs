using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // A fixed-capacity byte queue: the send and receive buffers of a TCP
    // connection. Peek reads at an offset from the head without consuming,
    // which is how unacknowledged data is retransmitted.
    internal sealed class ByteRing
    {
        private byte[] _data;
        private int _head;
        private int _count;

        public ByteRing(int capacity) { _data = new byte[capacity]; }

        public int Count => _count;
        public int Capacity => _data.Length;
        public int Free => _data.Length - _count;

        // Only ever grows, and only while empty enough to copy cheaply.
        public void Resize(int capacity)
        {
            if (capacity < _count)
                capacity = _count;
            var data = new byte[capacity];
            Peek(0, new Span<byte>(data, 0, _count));
            _data = data;
            _head = 0;
        }

        public int Write(ReadOnlySpan<byte> src)
        {
            int n = Math.Min(src.Length, Free);
            int tail = (_head + _count) % _data.Length;
            int first = Math.Min(n, _data.Length - tail);
            src.Slice(0, first).CopyTo(new Span<byte>(_data, tail, first));
            if (n > first)
                src.Slice(first, n - first).CopyTo(new Span<byte>(_data, 0, n - first));
            _count += n;
            return n;
        }

        public void Peek(int offset, Span<byte> dst)
        {
            int n = dst.Length;
            if (offset < 0 || offset + n > _count)
                throw new ArgumentException("peek beyond ring");
            int start = (_head + offset) % _data.Length;
            int first = Math.Min(n, _data.Length - start);
            new Span<byte>(_data, start, first).CopyTo(dst);
            if (n > first)
                new Span<byte>(_data, 0, n - first).CopyTo(dst.Slice(first));
        }

        public int Read(Span<byte> dst)
        {
            int n = Math.Min(dst.Length, _count);
            Peek(0, dst.Slice(0, n));
            Consume(n);
            return n;
        }

        public void Consume(int n)
        {
            if (n > _count)
                n = _count;
            _head = (_head + n) % _data.Length;
            _count -= n;
            if (_count == 0)
                _head = 0;
        }
    }
}
