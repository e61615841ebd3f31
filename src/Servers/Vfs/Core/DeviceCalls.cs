using Minix3.Cosmos.Lib.Ipc;
using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // A user's read or write of a character device: sent to the driver
    // without waiting (SendAsync), answered when the driver's reply comes
    // back through VFS's main loop. Data goes through Buffer, VFS's own
    // memory granted to the driver (there are no indirect grants).
    public sealed class DeviceCall
    {
        public DeviceCall(int caller, DeviceEntry device, int type, long userGrant, int length)
        {
            Caller = caller;
            Device = device;
            Type = type;
            UserGrant = userGrant;
            Length = length;
            Buffer = new byte[length];
            Minor = device.Minor;
        }

        public int Caller { get; }
        public DeviceEntry Device { get; }
        public int Type { get; }            // DriverRequest.Read, Write, Ioctl or Open (a clone)
        // The minor the request names: the entry's, or a clone's own
        // (OpenFile.Minor).
        public int Minor { get; set; }
        // DriverRequest.Addressed and DontWait, from the user's TransferFlags.
        public long Flags { get; set; }
        // A cloning device's Open: the open file the answer's minor goes
        // into (installed in the caller's table then).
        public OpenFile? Opening { get; set; }
        // An Ioctl's request code (sent where a transfer sends its position).
        public long IoctlRequest { get; set; }
        public long UserGrant { get; }
        public int Length { get; }
        public byte[] Buffer { get; }
        // The open file the call came through: a seekable device's reads
        // and writes start at its position and move it (Advance).
        public OpenFile? File { get; set; }
        // The position sent to the driver, fixed when first sent so that a
        // call sent again to a restarted driver asks for the same bytes.
        public long Position { get; private set; }
        private bool _positioned;
        public bool InFlight { get; set; }
        // Uptime (ms) it was sent at: a driver that took a call on a device
        // that never waits for input and did not answer in time is complained about.
        public long SentAtMs { get; set; }
        public int DriverEndpoint { get; set; }
        public int GrantSlot { get; set; } = -1;
        // The caller is gone: the driver's answer is taken and dropped.
        public bool Abandoned { get; set; }
        // Queued because its driver died and no successor runs yet: the
        // alarm tick it began waiting at, or -1 (DeviceCalls.Overdue).
        public int WaitTick { get; set; } = -1;

        // The driver protocol's position word: the open file's position
        // when the call is first sent (0 for terminals, which have none).
        public long PositionToSend()
        {
            if (!_positioned)
            {
                Position = File != null && Device.Seekable ? File.Position : 0;
                _positioned = true;
            }
            return Position;
        }

        // The driver moved `result` bytes: a seekable device's file
        // position moves past them (as a file's does).
        public void Advance(long result)
        {
            if (File != null && Device.Seekable && result > 0 && Type != DriverRequest.Ioctl)
                File.Position = Position + result;
        }
    }

    // The device calls VFS holds. A driver's reply names the request type
    // and the minor (DriverProtocol.cs), so at most one call per driver,
    // minor and type is in flight; the others queue behind it in arrival
    // order. Per minor, because a terminal's waiting read may last for
    // ever: the console's must not hold back the serial line's.
    public sealed class DeviceCalls
    {
        private readonly List<DeviceCall> _calls = new List<DeviceCall>();

        public int Count => _calls.Count;

        public void Add(DeviceCall call) => _calls.Add(call);

        public void Remove(DeviceCall call) => _calls.Remove(call);

        // The call in flight that a reply from this endpoint answers.
        public DeviceCall? Match(int driverEndpoint, int type, int minor)
        {
            for (int i = 0; i < _calls.Count; i++)
            {
                DeviceCall call = _calls[i];
                if (call.InFlight && call.DriverEndpoint == driverEndpoint && call.Type == type && call.Minor == minor)
                    return call;
            }
            return null;
        }

        // The oldest queued call for this driver, minor and type, if none is
        // in flight (a call may be sent now); null otherwise.
        public DeviceCall? NextToSend(string driver, int minor, int type)
        {
            DeviceCall? first = null;
            for (int i = 0; i < _calls.Count; i++)
            {
                DeviceCall call = _calls[i];
                if (call.Device.Driver != driver || call.Minor != minor || call.Type != type)
                    continue;
                if (call.InFlight)
                    return null;
                if (first == null)
                    first = call;
            }
            return first;
        }

        // Every queued (driver, minor, type) that has calls waiting, once each.
        // Calls in flight to devices that never wait for input (no terminal,
        // no socket), sent at or before `sentBy`; and the earliest send time
        // of the others (long.MaxValue: none).
        public List<DeviceCall> Unanswered(long sentBy, out long nextSent)
        {
            var late = new List<DeviceCall>();
            nextSent = long.MaxValue;
            foreach (DeviceCall call in _calls)
            {
                if (!call.InFlight || call.Device.WaitForInput)
                    continue;
                if (call.SentAtMs <= sentBy)
                    late.Add(call);
                else if (call.SentAtMs < nextSent)
                    nextSent = call.SentAtMs;
            }
            return late;
        }

        public List<DeviceCall> QueueHeads()
        {
            var heads = new List<DeviceCall>();
            for (int i = 0; i < _calls.Count; i++)
            {
                DeviceCall call = _calls[i];
                bool seen = false;
                for (int j = 0; j < heads.Count; j++)
                {
                    if (heads[j].Device.Driver == call.Device.Driver && heads[j].Minor == call.Minor && heads[j].Type == call.Type)
                        seen = true;
                }
                if (!seen)
                    heads.Add(call);
            }
            return heads;
        }

        // Calls that have waited for a restarted driver since `tick` or
        // earlier (their wait is over: they fail), and whether any call
        // still waits (the alarm must keep going).
        public List<DeviceCall> Overdue(int tick, out bool othersWaiting)
        {
            var overdue = new List<DeviceCall>();
            othersWaiting = false;
            for (int i = 0; i < _calls.Count; i++)
            {
                DeviceCall call = _calls[i];
                if (call.WaitTick < 0)
                    continue;
                if (call.WaitTick <= tick)
                    overdue.Add(call);
                else
                    othersWaiting = true;
            }
            return overdue;
        }

        // The caller exited: queued calls vanish; calls in flight are marked
        // Abandoned and returned (a waiting read must be cancelled at the driver).
        public List<DeviceCall> CancelCaller(int caller)
        {
            var inFlight = new List<DeviceCall>();
            for (int i = _calls.Count - 1; i >= 0; i--)
            {
                DeviceCall call = _calls[i];
                if (call.Caller != caller)
                    continue;
                if (call.InFlight)
                {
                    call.Abandoned = true;
                    inFlight.Add(call);
                }
                else
                {
                    _calls.RemoveAt(i);
                }
            }
            return inFlight;
        }

        // A caught signal for the caller: its queued calls are taken out (to
        // be answered Interrupted); its calls in flight but Opens (a waiting
        // read, a socket's held write, connect or accept) are returned, to
        // be cancelled, still answered (the driver ends a cancelled call
        // with Interrupted).
        public List<DeviceCall> InterruptCaller(int caller, List<DeviceCall> queued)
        {
            var inFlight = new List<DeviceCall>();
            for (int i = _calls.Count - 1; i >= 0; i--)
            {
                DeviceCall call = _calls[i];
                if (call.Caller != caller || call.Abandoned)
                    continue;
                if (!call.InFlight)
                {
                    queued.Add(call);
                    _calls.RemoveAt(i);
                }
                else if (call.Type != DriverRequest.Open)
                {
                    inFlight.Add(call);
                }
            }
            return inFlight;
        }

        // The driver with this label is down for good (the reincarnation
        // server stopped it): every call of it, in flight to the dead
        // instance or queued, is taken out to be failed. Abandoned ones
        // are among them (they fail silently).
        public List<DeviceCall> TakeDriver(string driver)
        {
            var taken = new List<DeviceCall>();
            for (int i = 0; i < _calls.Count; )
            {
                if (_calls[i].Device.Driver == driver)
                {
                    taken.Add(_calls[i]);
                    _calls.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }
            return taken;
        }

        // The driver with this label now lives at `current` (it was
        // restarted): its calls in flight to an older endpoint will never be
        // answered, so they go back to the queue to be sent again (MINIX
        // re-issues requests to a restarted driver). The calls taken back;
        // abandoned ones (their caller is gone) are dropped instead.
        public List<DeviceCall> Requeue(string driver, int current)
        {
            var taken = new List<DeviceCall>();
            for (int i = _calls.Count - 1; i >= 0; i--)
            {
                DeviceCall call = _calls[i];
                if (!call.InFlight || call.Device.Driver != driver || call.DriverEndpoint == current)
                    continue;
                call.InFlight = false;
                taken.Add(call);
                if (call.Abandoned)
                    _calls.RemoveAt(i);
            }
            return taken;
        }
    }
}
