namespace Minix3.Cosmos.Lib.Driver
{
    // Frames received while the client had no receive posted: a bounded
    // FIFO of fixed slots (no allocation after construction). A frame that
    // finds it full is dropped and counted, never queued by growing or by
    // overwriting an older one: the client sees the oldest frames first and
    // a gap after them, as a real receive ring overflowing would give.
    public sealed unsafe class FrameQueue
    {
        private readonly byte[] _storage;
        private readonly int[] _lengths;
        private readonly int _slotBytes;
        private int _head;

        public FrameQueue(int slots, int slotBytes)
        {
            _storage = new byte[slots * slotBytes];
            _lengths = new int[slots];
            _slotBytes = slotBytes;
        }

        public int Capacity => _lengths.Length;
        public int Count { get; private set; }
        public uint Dropped { get; private set; }

        // False (and Dropped counts it) when full, or when the frame is
        // longer than a slot or empty.
        public bool Add(byte* frame, int length)
        {
            if (length <= 0 || length > _slotBytes || Count == _lengths.Length)
            {
                Dropped++;
                return false;
            }
            int slot = (_head + Count) % _lengths.Length;
            int offset = slot * _slotBytes;
            for (int i = 0; i < length; i++)
                _storage[offset + i] = frame[i];
            _lengths[slot] = length;
            Count++;
            return true;
        }

        // The oldest frame's length (0: none); its bytes are CopyFront's.
        public int FrontLength => Count == 0 ? 0 : _lengths[_head];

        // Copies the oldest frame into `into` (room for FrontLength bytes).
        public int CopyFront(byte* into)
        {
            int length = FrontLength, offset = _head * _slotBytes;
            for (int i = 0; i < length; i++)
                into[i] = _storage[offset + i];
            return length;
        }

        // Forgets the oldest frame (after it reached the client).
        public void RemoveFront()
        {
            if (Count == 0)
                return;
            _head = (_head + 1) % _lengths.Length;
            Count--;
        }
    }
}
