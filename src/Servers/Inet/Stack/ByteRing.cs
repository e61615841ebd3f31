using System;

namespace Minix3.Cosmos.Servers.Inet.Stack
{
    // A fixed-capacity byte queue: the send and receive buffers of a TCP
    // connection. Peek reads at an offset from the head without consuming,
    // which is how unacknowledged data is retransmitted. The storage is
    // allocated on the first write and can be released when empty, so
    // half-open connections (a SYN flood) and TIME-WAIT ones (hundreds
    // after a burst of short connections) cost only their bookkeeping.
    internal sealed class ByteRing
    {
        private byte[]? _data;
        private int _capacity;
        private int _head;
        private int _count;

        public ByteRing(int capacity) { _capacity = capacity; }

        public int Count => _count;
        public int Capacity => _capacity;
        public int Free => _capacity - _count;
        public bool Allocated => _data != null;

        public void Resize(int capacity)
        {
            if (capacity < _count)
                capacity = _count;
            if (_data != null)
            {
                var data = new byte[capacity];
                Peek(0, new Span<byte>(data, 0, _count));
                _data = data;
                _head = 0;
            }
            _capacity = capacity;
        }

        // Drops the storage if nothing is queued; the next write allocates again.
        public void Release()
        {
            if (_count == 0)
            {
                _data = null;
                _head = 0;
            }
        }

        public int Write(ReadOnlySpan<byte> src)
        {
            int n = Math.Min(src.Length, Free);
            if (n == 0)
                return 0;
            if (_data == null)
                _data = new byte[_capacity];
            int tail = (_head + _count) % _capacity;
            int first = Math.Min(n, _capacity - tail);
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
            if (n == 0 || _data == null)
                return;
            int start = (_head + offset) % _capacity;
            int first = Math.Min(n, _capacity - start);
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
            if (n <= 0)
                return;
            _head = (_head + n) % _capacity;
            _count -= n;
            if (_count == 0)
                _head = 0;
        }
    }
}
