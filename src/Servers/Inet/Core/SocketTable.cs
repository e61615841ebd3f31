using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Inet.Stack;

namespace Minix3.Cosmos.Servers.Inet.Core
{
    // One driver request as inet received it (DriverRequestMessage plus the
    // sender), copied out of the message so the handlers, and the host unit
    // tests, work on plain values. Source is who sent it (VFS, or a test
    // client talking to inet directly) and gets the reply; Client is the
    // user VFS calls for (0: unknown).
    public struct SocketRequest
    {
        public int Source;
        public int Type;            // DriverRequest.*
        public long Minor;
        public long Argument;       // Open: Access; Read/Write: Position; Ioctl: IoctlRequest
        public long Grant;
        public long Length;
        public long Flags;
        public long Client;
    }

    // The kinds of request a socket may hold back, one of each per minor
    // (DriverProtocol: "one waiting read per minor", likewise a write
    // waiting for room, a Connect or Accept ioctl, a Select with Wait).
    public enum HeldKind { Read = 0, Write = 1, Ioctl = 2, Select = 3 }

    // A socket behind a minor (>= SocketDevice.FirstSocketMinor): the
    // engine's handle, who opened it (Accept only fills sockets of the
    // caller's own), and the requests it holds.
    public sealed class SocketEntry
    {
        public const int HeldKinds = 4;

        public int Minor;
        public int Handle;
        public SocketKind Kind;
        public long Owner;
        // Bound, listening or connected once: no longer a fresh socket
        // Accept may put a connection behind.
        public bool Used;
        // SocketOptionName.NonBlocking: Connect and Accept answer at once.
        public bool NonBlocking;
        public readonly SocketRequest[] Held = new SocketRequest[HeldKinds];
        public readonly bool[] IsHeld = new bool[HeldKinds];

        public bool HoldsAny
        {
            get
            {
                for (int i = 0; i < HeldKinds; i++)
                    if (IsHeld[i])
                        return true;
                return false;
            }
        }
    }

    // Minor <-> socket. Clone minors count up from FirstSocketMinor and are
    // not reused until the counter wraps (an old minor VFS still names
    // after a close, or an inet restart, finds nothing: NoSuchDevice,
    // never somebody else's socket).
    public sealed class SocketTable
    {
        private readonly Dictionary<int, SocketEntry> _byMinor = new Dictionary<int, SocketEntry>();
        private readonly List<SocketEntry> _all = new List<SocketEntry>();
        private int _next = SocketDevice.FirstSocketMinor;

        public int Count => _all.Count;
        public SocketEntry At(int index) => _all[index];

        public SocketEntry Add(int handle, SocketKind kind, long owner)
        {
            while (_byMinor.ContainsKey(_next))
                Advance();
            var entry = new SocketEntry { Minor = _next, Handle = handle, Kind = kind, Owner = owner };
            Advance();
            _byMinor.Add(entry.Minor, entry);
            _all.Add(entry);
            return entry;
        }

        private void Advance() => _next = _next == int.MaxValue ? SocketDevice.FirstSocketMinor : _next + 1;

        public SocketEntry? Find(long minor)
        {
            if (minor < SocketDevice.FirstSocketMinor || minor > int.MaxValue)
                return null;
            return _byMinor.TryGetValue((int)minor, out SocketEntry? entry) ? entry : null;
        }

        public void Remove(SocketEntry entry)
        {
            _byMinor.Remove(entry.Minor);
            _all.Remove(entry);
        }

        // The held-request slot a request type uses (-1: it is never held).
        public static int KindOf(int requestType)
        {
            switch (requestType)
            {
                case DriverRequest.Read: return (int)HeldKind.Read;
                case DriverRequest.Write: return (int)HeldKind.Write;
                case DriverRequest.Ioctl: return (int)HeldKind.Ioctl;
                case DriverRequest.Select: return (int)HeldKind.Select;
                default: return -1;
            }
        }

        // Cancel's Flags (0 means the waiting read) to a held-request slot.
        public static int KindOfCancel(long flags) => flags == 0 ? (int)HeldKind.Read : flags > int.MaxValue ? -1 : KindOf((int)flags);

        // The engine's readiness (SocketReady) as Select's events.
        public static int SelectEventsOf(int ready) =>
            ((ready & SocketReady.Readable) != 0 ? SelectEvents.Readable : 0)
            | ((ready & SocketReady.Writable) != 0 ? SelectEvents.Writable : 0)
            | ((ready & SocketReady.Error) != 0 ? SelectEvents.Error : 0)
            | ((ready & SocketReady.HangUp) != 0 ? SelectEvents.HangUp : 0);

        // Whether a held request of this kind may complete now: the engine
        // shows the bit it waits for, or an error or hang-up that ends any
        // wait. A Connect waits for Writable, an Accept for Readable.
        public static bool MayComplete(int kind, long ioctl, int ready)
        {
            const int ends = SocketReady.Error | SocketReady.HangUp;
            switch ((HeldKind)kind)
            {
                case HeldKind.Read: return (ready & (SocketReady.Readable | ends)) != 0;
                case HeldKind.Write: return (ready & (SocketReady.Writable | ends)) != 0;
                case HeldKind.Ioctl:
                    return ioctl == SocketIoctl.Connect ? (ready & (SocketReady.Writable | ends)) != 0
                        : (ready & (SocketReady.Readable | ends)) != 0;
                default: return ready != 0;
            }
        }
    }
}
