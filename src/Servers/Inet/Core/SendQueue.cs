using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Inet.Core
{
    // The frames one Ethernet driver has yet to send (EthernetMessages.cs:
    // a Send is answered only once the device sent the frame). A frame
    // waits in the backlog until a send slot is free; in flight it keeps
    // its slot until the driver answers. Busy (every transmit slot of the
    // device in use) puts it back at the head and stops sending until
    // another Send is answered. A restarted driver knows nothing of what
    // was in flight: those frames go back to the head, oldest first, and
    // are sent again (one may go out twice; IP copes). The backlog is
    // bounded: beyond it frames are dropped and counted, as a full device
    // queue would.
    public sealed class SendQueue
    {
        public const int Slots = 8;
        public const int MaxBacklog = 256;

        private readonly List<byte[]> _backlog = new List<byte[]>();
        private readonly List<int> _backlogLength = new List<int>();
        private readonly long[] _id = new long[Slots];          // 0: the slot is free
        private readonly byte[]?[] _frame = new byte[]?[Slots];
        private readonly int[] _length = new int[Slots];
        private readonly long[] _startedMs = new long[Slots];
        private long _nextId = 1;

        public long Dropped;    // the backlog was full
        public long Failed;     // the driver answered with an error (not Busy)
        public long Sent;       // answered with the frame's length
        public bool Blocked { get; private set; }

        public int Backlog => _backlog.Count;

        public int InFlight
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Slots; i++)
                    if (_id[i] != 0)
                        n++;
                return n;
            }
        }

        // Takes the frame (the engine never touches the array again).
        public void Enqueue(byte[] frame, int length)
        {
            if (_backlog.Count >= MaxBacklog)
            {
                Dropped++;
                return;
            }
            _backlog.Add(frame);
            _backlogLength.Add(length);
        }

        // The next frame to hand to the driver and the slot it occupies,
        // or false when nothing may go now (nothing waits, no slot is free,
        // or the driver said Busy and nothing has been answered since).
        // `now`: the uptime it goes at (OldestStartMs).
        public bool TryStart(out int slot, out byte[] frame, out int length, out long id, long now = 0)
        {
            slot = -1;
            frame = null!;
            length = 0;
            id = 0;
            if (Blocked && InFlight == 0)
                Blocked = false;   // nothing in flight could unblock it
            if (Blocked || _backlog.Count == 0)
                return false;
            for (int i = 0; i < Slots; i++)
            {
                if (_id[i] != 0)
                    continue;
                slot = i;
                frame = _backlog[0];
                length = _backlogLength[0];
                _backlog.RemoveAt(0);
                _backlogLength.RemoveAt(0);
                id = _nextId++;
                _id[i] = id;
                _frame[i] = frame;
                _length[i] = length;
                _startedMs[i] = now;
                return true;
            }
            return false;
        }

        // When the oldest frame in flight went to the driver (long.MaxValue:
        // none in flight): a driver that holds one far longer than a send
        // takes lost it.
        public long OldestStartMs
        {
            get
            {
                long oldest = long.MaxValue;
                for (int i = 0; i < Slots; i++)
                    if (_id[i] != 0 && _startedMs[i] < oldest)
                        oldest = _startedMs[i];
                return oldest;
            }
        }

        // The driver's answer to the Send with this id; false when no
        // frame in flight has it (a stale or forged reply: ignored).
        public bool Answered(long id, long result)
        {
            int slot = SlotOf(id);
            if (slot < 0)
                return false;
            byte[] frame = _frame[slot]!;
            int length = _length[slot];
            Free(slot);
            if (result == Status.Busy)
            {
                _backlog.Insert(0, frame);
                _backlogLength.Insert(0, length);
                Blocked = true;
                return true;
            }
            Blocked = false;
            if (result == length)
                Sent++;
            else
                Failed++;
            return true;
        }

        // The driver was restarted: what it held goes back to the head of
        // the backlog in the order it was first sent. Returns how many.
        public int DriverRestarted()
        {
            int moved = 0;
            while (true)
            {
                int oldest = -1;
                for (int i = 0; i < Slots; i++)
                    if (_id[i] != 0 && (oldest < 0 || _id[i] < _id[oldest]))
                        oldest = i;
                if (oldest < 0)
                    break;
                _backlog.Insert(moved, _frame[oldest]!);
                _backlogLength.Insert(moved, _length[oldest]);
                Free(oldest);
                moved++;
            }
            Blocked = false;
            return moved;
        }

        private int SlotOf(long id)
        {
            if (id <= 0)
                return -1;
            for (int i = 0; i < Slots; i++)
                if (_id[i] == id)
                    return i;
            return -1;
        }

        private void Free(int slot)
        {
            _id[slot] = 0;
            _frame[slot] = null;
            _length[slot] = 0;
        }
    }
}
