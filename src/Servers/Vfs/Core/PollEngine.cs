using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // How the poll engine reaches drivers (DeviceRequests on the server,
    // a fake in unit tests).
    public interface ISelectPort
    {
        // Sends DriverRequest.Select (events, plus SelectEvents.Wait when
        // wait) for the user `client`: Status.Ok with the driver's endpoint,
        // PollEngine.AwaitingDriver when the driver is being restarted (sent
        // again by Restarted), or a failure (the device then counts as in
        // error).
        int SendSelect(string driver, int minor, int events, bool wait, int client, out int driverEndpoint);

        // Ends a held Select (DriverRequest.Cancel, Flags = Select).
        void SendCancel(int driverEndpoint, int minor);
    }

    // One poll(2) held in VFS: its records (copied in through the caller's
    // grant), the open files they name, and when it ends.
    public sealed class PollCall
    {
        public PollCall(int caller, long grant, PollEntry[] entries, OpenFile?[] files, long deadline, bool waits)
        {
            Caller = caller;
            Grant = grant;
            Entries = entries;
            Files = files;
            Deadline = deadline;
            Waits = waits;
        }

        public int Caller { get; }
        public long Grant { get; }
        public PollEntry[] Entries { get; }
        public OpenFile?[] Files { get; }
        // Uptime (ms) at which it ends with 0, or -1 (for ever).
        public long Deadline { get; }
        // True: it waits until something is ready (its Selects carry Wait);
        // false: it is answered as soon as every device has answered once.
        public bool Waits { get; }
        // The devices it asked, and (not waiting) how many have not answered yet.
        public readonly List<DeviceSelect> Selects = new List<DeviceSelect>();
        public int Unanswered { get; set; }

        public int ReadyCount()
        {
            int ready = 0;
            for (int i = 0; i < Entries.Length; i++)
            {
                if (Entries[i].Returned != 0)
                    ready++;
            }
            return ready;
        }
    }

    // The Select VFS has at one driver for one minor, shared by every poll
    // naming that device: replies name only the request type and the
    // minor, so at most one is in flight per (driver, minor), asking for
    // the union of what the polls want, and its answer goes to all of them.
    public sealed class DeviceSelect
    {
        public DeviceSelect(string driver, int minor)
        {
            Driver = driver;
            Minor = minor;
        }

        public string Driver { get; }
        public int Minor { get; }
        public bool InFlight { get; set; }
        public int DriverEndpoint { get; set; }
        public int SentEvents { get; set; }
        public bool SentWait { get; set; }
        // A Cancel went for the held one; its answer (Interrupted or what
        // crossed the Cancel) is still to come.
        public bool Cancelling { get; set; }
        // A waiting Select the driver answered with nothing ready (it
        // should not): not sent again for the same polls, or it would spin.
        public bool Quiet { get; set; }
        public readonly List<PollCall> Polls = new List<PollCall>();
        // The polls not waiting for which the Select in flight is their
        // one immediate answer.
        public readonly List<PollCall> Covered = new List<PollCall>();
        // The polls not waiting that have had that answer.
        public readonly List<PollCall> Satisfied = new List<PollCall>();
    }

    // poll(2) over descriptors (VfsRequest.Poll). Files and directories
    // are always ready; pipes by their buffer and ends (Readiness);
    // devices are asked with DriverRequest.Select. A poll with something
    // ready, or with a timeout of 0, is answered once every device it names
    // has answered (a Select without Wait, answered at once); otherwise it
    // is held: its Selects carry Wait, and it ends when a pipe it names
    // changes so that an entry is ready, when a driver answers a Select
    // with ready bits, or at its deadline (0). Ended polls give up the
    // Selects nobody else needs (Cancel, the late answer ignored).
    public sealed class PollEngine
    {
        public const int Suspended = PipeEngine.Suspended;
        public const int AwaitingDriver = 1;
        // Held polls (each up to 64 records): beyond it Busy.
        public const int MaxPolls = 16;

        private const int Asked = SelectEvents.Readable | SelectEvents.Writable;
        private const int Always = SelectEvents.Error | SelectEvents.HangUp | SelectEvents.Invalid;

        private readonly IUserMemory _memory;
        private readonly ISelectPort _port;
        private readonly List<PollCall> _polls = new List<PollCall>();
        private readonly List<DeviceSelect> _selects = new List<DeviceSelect>();

        public PollEngine(IUserMemory memory, ISelectPort port)
        {
            _memory = memory;
            _port = port;
        }

        public int HeldCount => _polls.Count;
        public int SelectCount => _selects.Count;

        // The events ready now on a file that is not a device, of those
        // asked (Readable, Writable) plus Error and HangUp, which always
        // count. A pipe's read end is readable with bytes in it or no
        // writer left (HangUp then); its write end writable with room and a
        // reader, in Error with no reader left.
        public static int Readiness(OpenFile file, int requested)
        {
            requested &= Asked;
            switch (file.Kind)
            {
                case OpenFileKind.PipeRead:
                {
                    PipeBuffer pipe = file.Pipe!;
                    int ready = pipe.Count > 0 || pipe.Writers == 0 ? SelectEvents.Readable : 0;
                    if (pipe.Writers == 0)
                        ready |= SelectEvents.HangUp;
                    return ready & (requested | Always);
                }
                case OpenFileKind.PipeWrite:
                {
                    PipeBuffer pipe = file.Pipe!;
                    if (pipe.Readers == 0)
                        return SelectEvents.Error;
                    return pipe.Space > 0 ? SelectEvents.Writable & requested : 0;
                }
                default:
                    return requested;
            }
        }

        // A poll: Grant holds Count records (8 bytes each). The number of
        // ready records now, a status, or Suspended (answered later).
        public int Start(int caller, DescriptorTable descriptors, long grant, long count, long timeoutMs, long now)
        {
            if (count <= 0 || count > VfsLimits.MaxDescriptors || timeoutMs < -1)
                return Status.BadArgument;
            int n = (int)count;
            var bytes = new byte[n * 8];
            int status = _memory.CopyFromUser(caller, grant, 0, bytes, bytes.Length);
            if (status != Status.Ok)
                return status;
            var entries = new PollEntry[n];
            var files = new OpenFile?[n];
            bool anyDevice = false;
            for (int i = 0; i < n; i++)
            {
                entries[i] = Decode(bytes, i * 8);
                entries[i].Returned = 0;
                files[i] = entries[i].Descriptor >= 0 ? descriptors.Get(entries[i].Descriptor) : null;
                if (files[i] != null && files[i]!.Kind == OpenFileKind.Device)
                    anyDevice = true;
            }
            bool localReady = EvaluateLocal(entries, files);
            if (!anyDevice && (localReady || timeoutMs == 0))
                return CopyOut(caller, grant, entries);
            if (_polls.Count >= MaxPolls)
                return VfsStatus.Busy;
            var poll = new PollCall(caller, grant, entries, files, timeoutMs < 0 ? -1 : now + timeoutMs, !localReady && timeoutMs != 0);
            _polls.Add(poll);
            for (int i = 0; i < n; i++)
            {
                OpenFile? file = files[i];
                if (file == null || file.Kind != OpenFileKind.Device)
                    continue;
                DeviceSelect select = Find(file.Device!.Driver, file.Minor);
                if (!poll.Selects.Contains(select))
                {
                    poll.Selects.Add(select);
                    select.Polls.Add(poll);
                    select.Quiet = false;
                    if (!poll.Waits)
                        poll.Unanswered++;
                }
            }
            // Send (a Kick may answer the poll at once: a driver not there).
            for (int i = 0; i < poll.Selects.Count && _polls.Contains(poll); i++)
                Kick(poll.Selects[i]);
            return Suspended;
        }

        // A driver's answer to a Select; false when no Select of VFS's is
        // in flight there for that minor (a stray or forged reply).
        public bool Answered(int driverEndpoint, int minor, long result)
        {
            for (int i = 0; i < _selects.Count; i++)
            {
                DeviceSelect select = _selects[i];
                if (select.InFlight && select.DriverEndpoint == driverEndpoint && select.Minor == minor)
                {
                    Deliver(select, result);
                    return true;
                }
            }
            return false;
        }

        // A pipe changed (bytes in or out, an end closed): held polls
        // naming it look again.
        public void PipeChanged(PipeBuffer pipe)
        {
            for (int p = _polls.Count - 1; p >= 0; p--)
            {
                if (p >= _polls.Count)
                    continue;
                PollCall poll = _polls[p];
                if (!poll.Waits || !Names(poll, pipe))
                    continue;
                if (EvaluateLocal(poll.Entries, poll.Files))
                    Complete(poll, Status.Ok);
            }
        }

        // The clock: polls whose deadline has passed end with what they
        // have (0 when waiting). The next deadline still to come, or -1.
        public long Expire(long now)
        {
            for (int p = _polls.Count - 1; p >= 0; p--)
            {
                if (p >= _polls.Count)
                    continue;
                PollCall poll = _polls[p];
                if (poll.Deadline >= 0 && poll.Deadline <= now && poll.Waits)
                    Complete(poll, Status.Ok);
            }
            return NextDeadline();
        }

        public long NextDeadline()
        {
            long next = -1;
            for (int i = 0; i < _polls.Count; i++)
            {
                long due = _polls[i].Deadline;
                if (due >= 0 && _polls[i].Waits && (next < 0 || due < next))
                    next = due;
            }
            return next;
        }

        // The caller ended: its poll goes, unanswered.
        public bool CancelCaller(int caller)
        {
            PollCall? poll = Of(caller);
            if (poll == null)
                return false;
            Drop(poll);
            return true;
        }

        // A caught signal: its poll ends Interrupted.
        public bool InterruptCaller(int caller)
        {
            PollCall? poll = Of(caller);
            if (poll == null)
                return false;
            Complete(poll, SignalStatus.Interrupted);
            return true;
        }

        // The driver now runs at `current`: Selects in flight to an older
        // instance will never be answered; they go again to the new one,
        // and those that waited for it are sent.
        public void Restarted(string driver, int current)
        {
            for (int i = _selects.Count - 1; i >= 0; i--)
            {
                if (i >= _selects.Count)
                    continue;
                DeviceSelect select = _selects[i];
                if (select.Driver != driver || (select.InFlight && select.DriverEndpoint == current))
                    continue;
                select.InFlight = false;
                select.Cancelling = false;
                select.Covered.Clear();
                Kick(select);
            }
        }

        // The driver is down for good: its devices count as in error.
        public void Down(string driver)
        {
            for (int i = _selects.Count - 1; i >= 0; i--)
            {
                if (i >= _selects.Count)
                    continue;
                DeviceSelect select = _selects[i];
                if (select.Driver != driver)
                    continue;
                select.InFlight = true;   // as if answered
                select.Covered.Clear();
                for (int p = 0; p < select.Polls.Count; p++)
                {
                    if (!select.Polls[p].Waits && !select.Satisfied.Contains(select.Polls[p]))
                        select.Covered.Add(select.Polls[p]);
                }
                Deliver(select, VfsStatus.NoDevice);
            }
        }

        private PollCall? Of(int caller)
        {
            for (int i = 0; i < _polls.Count; i++)
            {
                if (_polls[i].Caller == caller)
                    return _polls[i];
            }
            return null;
        }

        private static bool Names(PollCall poll, PipeBuffer pipe)
        {
            for (int i = 0; i < poll.Files.Length; i++)
            {
                if (poll.Files[i] != null && poll.Files[i]!.Pipe == pipe)
                    return true;
            }
            return false;
        }

        // Sets Returned of every record but devices'; whether any is ready.
        private static bool EvaluateLocal(PollEntry[] entries, OpenFile?[] files)
        {
            bool ready = false;
            for (int i = 0; i < entries.Length; i++)
            {
                if (entries[i].Descriptor < 0)
                    continue;   // poll(2): a negative descriptor is skipped
                OpenFile? file = files[i];
                if (file == null)
                    entries[i].Returned = SelectEvents.Invalid;
                else if (file.Kind != OpenFileKind.Device)
                    entries[i].Returned = (short)Readiness(file, entries[i].Requested);
                if (entries[i].Returned != 0)
                    ready = true;
            }
            return ready;
        }

        private DeviceSelect Find(string driver, int minor)
        {
            for (int i = 0; i < _selects.Count; i++)
            {
                if (_selects[i].Driver == driver && _selects[i].Minor == minor)
                    return _selects[i];
            }
            var select = new DeviceSelect(driver, minor);
            _selects.Add(select);
            return select;
        }

        // Sends what the select's polls need, if anything: an immediate
        // answer for polls not waiting that have none yet, else a waiting
        // Select for the union of the waiting polls' events. One in flight
        // that does not serve them is cancelled first (Deliver sends the
        // new one when its answer comes).
        private void Kick(DeviceSelect select)
        {
            if (select.Polls.Count == 0)
            {
                if (select.InFlight && select.SentWait && !select.Cancelling)
                {
                    _port.SendCancel(select.DriverEndpoint, select.Minor);
                    select.Cancelling = true;
                }
                if (!select.InFlight)
                    _selects.Remove(select);
                return;
            }
            int events = 0;
            bool immediate = false;
            for (int i = 0; i < select.Polls.Count; i++)
            {
                PollCall poll = select.Polls[i];
                events |= EventsFor(poll, select);
                if (!poll.Waits && !select.Covered.Contains(poll) && !select.Satisfied.Contains(poll))
                    immediate = true;
            }
            if (select.InFlight)
            {
                bool serves = !immediate && select.SentWait && (events & ~select.SentEvents) == 0;
                if (!serves && select.SentWait && !select.Cancelling)
                {
                    _port.SendCancel(select.DriverEndpoint, select.Minor);
                    select.Cancelling = true;
                }
                return;
            }
            if (!immediate && select.Quiet)
                return;
            int status = _port.SendSelect(select.Driver, select.Minor, events, !immediate, select.Polls[0].Caller, out int endpoint);
            if (status == AwaitingDriver)
                return;
            select.InFlight = true;
            select.DriverEndpoint = endpoint;
            select.SentEvents = events;
            select.SentWait = !immediate;
            select.Cancelling = false;
            select.Covered.Clear();
            for (int i = 0; i < select.Polls.Count; i++)
            {
                if (!select.Polls[i].Waits && !select.Satisfied.Contains(select.Polls[i]))
                    select.Covered.Add(select.Polls[i]);
            }
            if (status != Status.Ok)
                Deliver(select, status);
        }

        // The events a poll asks of a device (all its records naming it).
        private static int EventsFor(PollCall poll, DeviceSelect select)
        {
            int events = 0;
            for (int i = 0; i < poll.Files.Length; i++)
            {
                OpenFile? file = poll.Files[i];
                if (file != null && file.Kind == OpenFileKind.Device && file.Device!.Driver == select.Driver && file.Minor == select.Minor)
                    events |= poll.Entries[i].Requested & Asked;
            }
            return events;
        }

        // The answer to the Select in flight: its bits go to every poll
        // naming the device (BadRequest, a driver without Select: ready for
        // whatever was asked; Interrupted, our own Cancel: nothing; another
        // failure: Error). Polls that now have what they waited for end;
        // the rest get a new Select if they need one.
        private void Deliver(DeviceSelect select, long result)
        {
            bool sentWait = select.SentWait;
            select.InFlight = false;
            select.Cancelling = false;
            List<PollCall> covered = Copy(select.Covered);
            select.Covered.Clear();
            bool interrupted = result == DriverStatus.Interrupted;
            if (!interrupted && result == 0 && sentWait)
                select.Quiet = true;
            List<PollCall> polls = Copy(select.Polls);
            for (int p = 0; p < polls.Count; p++)
            {
                PollCall poll = polls[p];
                if (!_polls.Contains(poll))
                    continue;
                if (!interrupted)
                    Apply(poll, select, result);
                if (covered.Contains(poll) && !interrupted)
                {
                    poll.Unanswered--;
                    select.Satisfied.Add(poll);
                }
                if (poll.Waits ? poll.ReadyCount() > 0 : poll.Unanswered <= 0)
                    Complete(poll, Status.Ok);
            }
            if (_selects.Contains(select))
                Kick(select);
        }

        private static List<PollCall> Copy(List<PollCall> list)
        {
            var copy = new List<PollCall>(list.Count);
            for (int i = 0; i < list.Count; i++)
                copy.Add(list[i]);
            return copy;
        }

        private static void Apply(PollCall poll, DeviceSelect select, long result)
        {
            for (int i = 0; i < poll.Files.Length; i++)
            {
                OpenFile? file = poll.Files[i];
                if (file == null || file.Kind != OpenFileKind.Device || file.Device!.Driver != select.Driver || file.Minor != select.Minor)
                    continue;
                int asked = poll.Entries[i].Requested & Asked;
                int bits = result == DriverStatus.BadRequest ? asked
                    : result < 0 ? SelectEvents.Error
                    : (int)result & (asked | SelectEvents.Error | SelectEvents.HangUp);
                poll.Entries[i].Returned = (short)((poll.Entries[i].Returned & 0xFFFF) | bits);
            }
        }

        // Answers the poll (its records copied back) and lets its Selects go.
        private void Complete(PollCall poll, int status)
        {
            Drop(poll);
            if (status != Status.Ok)
            {
                _memory.Reply(poll.Caller, status, 0);
                return;
            }
            int ready = CopyOut(poll.Caller, poll.Grant, poll.Entries);
            _memory.Reply(poll.Caller, ready < 0 ? ready : Status.Ok, ready < 0 ? 0 : ready);
        }

        private void Drop(PollCall poll)
        {
            _polls.Remove(poll);
            for (int i = 0; i < poll.Selects.Count; i++)
            {
                DeviceSelect select = poll.Selects[i];
                select.Polls.Remove(poll);
                select.Covered.Remove(poll);
                select.Satisfied.Remove(poll);
                if (select.Polls.Count == 0)
                    Kick(select);
            }
        }

        private int CopyOut(int caller, long grant, PollEntry[] entries)
        {
            var bytes = new byte[entries.Length * 8];
            int ready = 0;
            for (int i = 0; i < entries.Length; i++)
            {
                Encode(entries[i], bytes, i * 8);
                if (entries[i].Returned != 0)
                    ready++;
            }
            int status = _memory.CopyToUser(caller, grant, 0, bytes, bytes.Length);
            return status != Status.Ok ? status : ready;
        }

        // A PollEntry's wire form: little-endian int, short, short.
        public static PollEntry Decode(byte[] bytes, int at)
        {
            PollEntry entry = default;
            entry.Descriptor = bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 | bytes[at + 3] << 24;
            entry.Requested = (short)(bytes[at + 4] | bytes[at + 5] << 8);
            entry.Returned = (short)(bytes[at + 6] | bytes[at + 7] << 8);
            return entry;
        }

        public static void Encode(PollEntry entry, byte[] bytes, int at)
        {
            bytes[at] = (byte)entry.Descriptor;
            bytes[at + 1] = (byte)(entry.Descriptor >> 8);
            bytes[at + 2] = (byte)(entry.Descriptor >> 16);
            bytes[at + 3] = (byte)(entry.Descriptor >> 24);
            bytes[at + 4] = (byte)entry.Requested;
            bytes[at + 5] = (byte)(entry.Requested >> 8);
            bytes[at + 6] = (byte)entry.Returned;
            bytes[at + 7] = (byte)(entry.Returned >> 8);
        }
    }
}
