using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Driver
{
    // The base of character drivers (MINIX's libchardriver). A driver
    // overrides the hooks it needs; each has a safe default: Open accepts
    // minor 0 only, Read and Write report an I/O error, Ioctl answers "not a
    // typewriter". The loop, replies and heartbeats are DriverLoop's.
    //
    // Waiting reads: a read whose request carries DriverRequest.ReadWait may
    // be answered Suspend by the driver's Read hook (nothing to give yet).
    // The library then remembers it (one per minor, PendingReads) and sends
    // no reply; when data comes the driver calls CompletePendingReads, which
    // runs the Read hook again for each waiting read and replies to those it
    // satisfies. A Cancel from the reader ends its read with Interrupted.
    // A read held for a reader that died (or revoked its grant) gives way
    // to the next one, so a restarted client is not told Busy.
    //
    // Select (poll): a driver that knows it overrides Ready (the
    // SelectEvents ready on a minor now); others answer BadRequest, which
    // VFS takes as "always ready". A Select with Wait and nothing ready is
    // held (one per client and minor, a few in all) until the driver calls
    // SelectChanged and Ready shows one of its events; Cancel with Flags =
    // Select ends it (answered Interrupted first, like a read).
    public abstract unsafe class CharDriver : DriverLoop
    {
        // A Read hook's answer "nothing yet, hold the reply back"; only
        // honoured when the request asked to wait (mayWait).
        protected const int Suspend = int.MinValue;

        private readonly PendingReads _pending = new PendingReads();

        protected virtual int Open(int minor, int access) => minor == 0 ? Status.Ok : DriverStatus.NoSuchDevice;
        protected virtual int Close(int minor) => Status.Ok;
        protected virtual int Read(int minor, long position, GrantedBuffer buffer) => DriverStatus.IoError;
        protected virtual int Write(int minor, long position, GrantedBuffer buffer) => DriverStatus.IoError;
        protected virtual int Ioctl(int minor, long request, GrantedBuffer buffer) => DriverStatus.NotATypewriter;
        protected virtual int Ready(int minor) => DriverStatus.BadRequest;

        private struct HeldSelect
        {
            public bool Used;
            public Endpoint Client;
            public int Minor;
            public int Events;
        }

        private readonly HeldSelect[] _selects = new HeldSelect[8];

        // Drivers that can wait override this one; `mayWait` says the client
        // asked to wait, so answering Suspend is allowed.
        protected virtual int Read(int minor, long position, GrantedBuffer buffer, bool mayWait) => Read(minor, position, buffer);

        // Offers new data to every waiting read (call it from Interrupt
        // after buffering input). A read the hook still answers Suspend keeps
        // waiting; any other answer (bytes or an error) is sent. A reply that
        // fails because the reader died is dropped quietly: the slot frees.
        protected void CompletePendingReads()
        {
            for (int slot = 0; slot < _pending.Capacity; slot++)
            {
                if (!_pending.IsUsed(slot))
                    continue;
                PendingRead read = _pending[slot];
                var buffer = new GrantedBuffer(read.Caller, read.Grant, read.Length);
                int result = Read(read.Minor, 0, buffer, mayWait: true);
                if (result == Suspend)
                    continue;
                _pending.Remove(slot);
                Reply(read.Caller, DriverRequest.Read, result, read.Minor);
            }
        }

        // Offers a change (input came) to every held Select: those whose
        // events are now ready (or whose minor fails) are answered.
        protected void SelectChanged()
        {
            for (int i = 0; i < _selects.Length; i++)
            {
                if (!_selects[i].Used)
                    continue;
                int ready = Ready(_selects[i].Minor);
                ready = ready < 0 ? ready : ready & _selects[i].Events;
                if (ready == 0)
                    continue;
                _selects[i].Used = false;
                Reply(_selects[i].Client, DriverRequest.Select, ready, _selects[i].Minor);
            }
        }

        private long Select(Endpoint client, int minor, long flags)
        {
            int ready = Ready(minor);
            if (ready < 0)
                return ready;
            int events = (int)(flags & 0xFF) | SelectEvents.Error | SelectEvents.HangUp;
            ready &= events;
            if (ready != 0 || (flags & SelectEvents.Wait) == 0)
                return ready;
            int free = -1;
            for (int i = 0; i < _selects.Length; i++)
            {
                if (_selects[i].Used && _selects[i].Minor == minor && _selects[i].Client.Value == client.Value)
                    return Status.Busy;
                if (!_selects[i].Used && free < 0)
                    free = i;
            }
            if (free < 0)
                return Status.Busy;
            _selects[free] = new HeldSelect { Used = true, Client = client, Minor = minor, Events = events };
            return NoReply;
        }

        private long CancelSelect(Endpoint client, int minor)
        {
            for (int i = 0; i < _selects.Length; i++)
            {
                if (!_selects[i].Used || _selects[i].Minor != minor || _selects[i].Client.Value != client.Value)
                    continue;
                _selects[i].Used = false;
                Reply(client, DriverRequest.Select, DriverStatus.Interrupted, minor);
                return Status.Ok;
            }
            return DriverStatus.NothingPending;
        }

        private protected override long Handle(Endpoint client, Message* message)
        {
            DriverRequestMessage* request = DriverRequestMessage.Of(message);
            int minor = (int)request->Minor;
            switch (message->Type)
            {
                case DriverRequest.Open: return Open(minor, (int)request->Access);
                case DriverRequest.Close: return Close(minor);
                case DriverRequest.Select: return Select(client, minor, request->Flags);
                case DriverRequest.Cancel:
                    // Flags names what to cancel: 0 or Read the waiting
                    // read, Select the held Select; nothing else is held here.
                    if (request->Flags == DriverRequest.Select)
                        return CancelSelect(client, minor);
                    return request->Flags == 0 || request->Flags == DriverRequest.Read ? Cancel(client, minor) : DriverStatus.NothingPending;
                case DriverRequest.Read:
                case DriverRequest.Write:
                case DriverRequest.Ioctl:
                    if (!TryBuffer(client, message, out GrantedBuffer buffer))
                        return Status.BadArgument;
                    if (message->Type == DriverRequest.Ioctl)
                        return Ioctl(minor, request->IoctlRequest, buffer);
                    if (request->Position < 0)
                        return Status.BadArgument;
                    if (message->Type == DriverRequest.Write)
                        return Write(minor, request->Position, buffer);
                    return ReadOrSuspend(client, minor, request->Position, buffer, (request->Flags & DriverRequest.ReadWait) != 0);
                default:
                    return DriverStatus.BadRequest;
            }
        }

        private long ReadOrSuspend(Endpoint client, int minor, long position, GrantedBuffer buffer, bool mayWait)
        {
            // A second waiting read on a busy minor (whoever sends it, the
            // same reader too) is refused before the hook runs, unless nobody
            // can take the held read's bytes any more (ReaderGone): it is
            // then dropped without an answer. Without this a dead reader (a
            // restarted TTY's predecessor) would keep the minor Busy for ever.
            if (mayWait)
            {
                int held = _pending.OnMinor(minor);
                if (held >= 0)
                {
                    if (!ReaderGone(_pending[held]))
                        return Status.Busy;
                    _pending.Remove(held);
                }
            }
            int result = Read(minor, position, buffer, mayWait);
            if (result != Suspend)
                return result;
            if (!mayWait)
                return 0; // a hook that suspends a non-waiting read: answer "nothing yet"
            int added = _pending.Add(client, minor, buffer.Grant, buffer.Length);
            return added == Status.Ok ? NoReply : added;
        }

        // A zero-byte copy to the end of the held read's grant asks the
        // kernel whether its bytes could still be delivered: it fails when
        // the reader died (DeadEndpoint: a restarted reader comes back with
        // another generation) or revoked the grant (a read it abandoned).
        private static bool ReaderGone(PendingRead read)
        {
            byte probe;
            return new GrantedBuffer(read.Caller, read.Grant, read.Length).CopyToClient(read.Length, &probe, 0) < 0;
        }

        // The waiting read is answered Interrupted before the Cancel's own
        // reply (Ok), so the caller sees its read end first.
        private long Cancel(Endpoint client, int minor)
        {
            int slot = _pending.Find(client, minor);
            if (slot < 0)
                return DriverStatus.NothingPending;
            PendingRead read = _pending[slot];
            _pending.Remove(slot);
            Reply(read.Caller, DriverRequest.Read, DriverStatus.Interrupted, read.Minor);
            return Status.Ok;
        }
    }
}
