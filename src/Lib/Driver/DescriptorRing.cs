namespace Minix3.Cosmos.Lib.Driver
{
    // Index arithmetic of a device's descriptor ring of Size entries (a
    // power of two or not): the driver fills entries at Tail and the device
    // finishes them in order from Head. Full at Size - 1 entries in use:
    // rings like the e1000's tell "empty" (head == tail) from "full" only
    // by keeping one entry back.
    public sealed class DescriptorRing
    {
        public DescriptorRing(int size) => Size = size;

        public int Size { get; }
        public int Head { get; private set; }   // oldest entry the device still owns
        public int Tail { get; private set; }   // next entry the driver fills
        public int InUse => (Tail - Head + Size) % Size;
        public bool IsFull => InUse == Size - 1;
        public bool IsEmpty => Head == Tail;

        public static int Next(int index, int size) => index + 1 == size ? 0 : index + 1;

        // The entry to fill, now the device's; -1 when full.
        public int Claim()
        {
            if (IsFull)
                return -1;
            int entry = Tail;
            Tail = Next(Tail, Size);
            return entry;
        }

        // The oldest entry, finished by the device; false when none is in use.
        public bool Release()
        {
            if (IsEmpty)
                return false;
            Head = Next(Head, Size);
            return true;
        }

        public void Reset()
        {
            Head = 0;
            Tail = 0;
        }
    }
}
