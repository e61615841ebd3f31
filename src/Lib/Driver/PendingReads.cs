using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Driver
{
    // One waiting read that a character driver has not answered yet: who
    // asked, for which minor, and the grant to fill. Plain data, so the
    // table below has no kernel dependency and can be tested on the host.
    public struct PendingRead
    {
        public Endpoint Caller;
        public int Minor;
        public GrantId Grant;
        public int Length;
    }

    // The waiting reads of one driver: a fixed table allocated once, so a
    // crowd of waiting clients costs them a Busy answer, never the driver's
    // memory. At most one read waits per minor (like a terminal line: two
    // readers of one line would race for the same bytes anyway).
    public sealed class PendingReads
    {
        public const int DefaultCapacity = 8;

        private readonly PendingRead[] _entries;
        private readonly bool[] _used;

        public PendingReads(int capacity = DefaultCapacity)
        {
            _entries = new PendingRead[capacity];
            _used = new bool[capacity];
        }

        public int Capacity => _entries.Length;

        public int Count
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _used.Length; i++)
                {
                    if (_used[i])
                        count++;
                }
                return count;
            }
        }

        // Remembers a read; Status.Busy when the minor already has one
        // waiting or the table is full.
        public int Add(Endpoint caller, int minor, GrantId grant, int length)
        {
            int free = -1;
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _entries[i].Minor == minor)
                    return Status.Busy;
                if (!_used[i] && free < 0)
                    free = i;
            }
            if (free < 0)
                return Status.Busy;
            _entries[free] = new PendingRead { Caller = caller, Minor = minor, Grant = grant, Length = length };
            _used[free] = true;
            return Status.Ok;
        }

        // The slot of `caller`'s waiting read on `minor`, or -1: only the
        // reader itself may cancel its read.
        public int Find(Endpoint caller, int minor)
        {
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _entries[i].Minor == minor && _entries[i].Caller.Value == caller.Value)
                    return i;
            }
            return -1;
        }

        // The slot of the read waiting on `minor`, whoever asked, or -1.
        public int OnMinor(int minor)
        {
            for (int i = 0; i < _used.Length; i++)
            {
                if (_used[i] && _entries[i].Minor == minor)
                    return i;
            }
            return -1;
        }

        // Slots are walked 0..Capacity-1 by the completer; IsUsed says which hold a read.
        public bool IsUsed(int slot) => _used[slot];

        public PendingRead this[int slot] => _entries[slot];

        public void Remove(int slot)
        {
            _used[slot] = false;
            _entries[slot] = default;
        }
    }
}
