namespace Minix3.Cosmos.Drivers.Char
{
    // A fixed-size FIFO of bytes between an interrupt handler (producer) and
    // read requests (consumer). It never grows: when full, new bytes are
    // dropped and counted, so a flood of input costs data, never memory or
    // a crash. Shared by the serial and keyboard drivers (linked as source).
    public sealed unsafe class ByteRing
    {
        private readonly byte[] _bytes;
        private int _head;   // next byte to take
        private int _count;

        public ByteRing(int capacity) => _bytes = new byte[capacity];

        public int Count => _count;
        public int Capacity => _bytes.Length;

        // Bytes lost because the ring was full when they arrived.
        public long Dropped { get; private set; }

        public void Put(byte value)
        {
            if (_count == _bytes.Length)
            {
                Dropped++;
                return;
            }
            _bytes[(_head + _count) % _bytes.Length] = value;
            _count++;
        }

        // Copies up to `max` bytes, oldest first, into `destination` without
        // removing them: the caller commits with Discard once the client's
        // copy succeeded, so a failed copy loses nothing.
        public int Peek(byte* destination, int max)
        {
            int taken = max < _count ? max : _count;
            for (int i = 0; i < taken; i++)
                destination[i] = _bytes[(_head + i) % _bytes.Length];
            return taken;
        }

        public void Discard(int count)
        {
            if (count > _count)
                count = _count;
            _head = (_head + count) % _bytes.Length;
            _count -= count;
        }
    }
}
