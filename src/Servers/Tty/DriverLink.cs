using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Tty
{
    // TTY as a client of one driver below it (keyboard or serial, minor 0).
    // Input: one waiting read (ReadWait) is kept outstanding, posted with
    // Send (which only waits until the driver takes it); the driver's reply
    // comes later through TTY's own loop (TtyDriver.ReplyReceived), and
    // TTY posts the next read once it has used the bytes.
    // Output (serial only): Send the Write, then wait for the driver's
    // reply with Request = Write. The read's reply may come first (replies
    // are matched by Request, DriverProtocol's note): it is kept aside
    // (TakeStashedInput) rather than mistaken for the write's.
    // A driver that keeps failing reads is given up after a few tries, so
    // a broken driver cannot keep TTY spinning.
    // A restarted driver (same label, new endpoint: the reincarnation
    // server's doing) is taken back by Reconnect: the grants are re-pointed
    // at it and the waiting read posted again (the old one died with its
    // predecessor). A write that finds the driver dead waits, bounded, for
    // its successor and is issued again, so console output is not lost
    // (bytes the dead driver already sent may appear twice); one that finds
    // it down (RS stopped it) fails at once with NoSuchDevice.
    // A driver that keeps running but lost a request (a bug: it answers
    // RS's pings, so no heartbeat finds it) is found by TTY's deadlines: a
    // write unanswered for AnswerDeadlineMs, and the waiting read, checked
    // every ReadCheckMs (CheckRead: a Cancel makes a driver that holds it
    // answer it, Interrupted, and it is posted again; a driver that says it
    // holds none had lost it, and it is posted again; one that answers
    // neither by the next check is complained about to RS).
    internal sealed unsafe class DriverLink
    {
        public const int InputBytes = 128;
        public const int ReadCheckMs = 3000;
        private const int MaxFailures = 3;

        private readonly string _name;
        private readonly GrantEntry* _grants;
        private readonly int _inputSlot, _outputSlot;
        private readonly byte[] _input = new byte[InputBytes];
        private bool _reading;
        // Uptime the waiting read was posted at, its number, and the number
        // of the read a Cancel went out for (-1: none outstanding).
        private long _readPostedMs;
        private int _readNumber, _cancelledRead = -1;
        private int _failures;
        private long _stashed;
        private bool _hasStash;

        public DriverLink(string name, Endpoint driver, GrantEntry* grants, int inputSlot, int outputSlot)
        {
            _name = name;
            Driver = driver;
            _grants = grants;
            _inputSlot = inputSlot;
            _outputSlot = outputSlot;
            fixed (byte* input = _input) // the heap does not move objects: the address stays valid
                _grants[inputSlot] = Entry(GrantFlags.Write, input, InputBytes);
        }

        // A write the driver took and did not answer within this (it still
        // answers RS's pings: a bug) is complained about; RS replaces the
        // driver and the write goes to the successor, like after a crash.
        public const int AnswerDeadlineMs = 4000;
        private const long NoAnswerCode = 0x4E41;   // "NA", for RS's log

        private const int RestartPollMs = 5;
        private const int RestartWaitMs = 3000;

        // RS has stopped the driver (said once, until it comes back).
        private bool _down;

        public Endpoint Driver { get; private set; }
        public string Name => _name;
        public bool InputUsable => !Driver.IsNone && _failures < MaxFailures;

        // RS has stopped the driver for good: its terminal's reads fail at
        // once (nothing will be typed) until RS starts it again.
        public bool Down => _down;
        public byte[] Input => _input;

        // Posts the waiting read unless one is outstanding.
        public void PostRead()
        {
            if (!InputUsable || _reading)
                return;
            Message message = Request(DriverRequest.Read, _inputSlot, InputBytes);
            DriverRequestMessage.Of(&message)->Flags = DriverRequest.ReadWait;
            int status = Ipc.Send(Driver, &message);
            if (status == Status.Ok)
            {
                _reading = true;
                _readNumber++;
                _readPostedMs = Process.UptimeMs();
                return;
            }
            Fail("read not posted", status);
        }

        // The driver answered our read: bytes now in Input, or a failure
        // (< 0; counted, and logged).
        public int ReadAnswered(long result)
        {
            _reading = false;
            _cancelledRead = -1;
            // CheckRead's Cancel: nothing was typed; the caller posts it again.
            if (result == DriverStatus.Interrupted)
                return 0;
            if (result >= 0)
            {
                _failures = 0;
                return result > InputBytes ? InputBytes : (int)result;
            }
            Fail("read failed", (int)result);
            return 0;
        }

        // The driver now lives at `found` (found by label after a restart):
        // grants follow it, the old instance's read and failures are
        // forgotten, and input is asked for again. False when nothing
        // changed (not running, or the endpoint TTY already uses).
        public bool Reconnect(Endpoint found)
        {
            if (found.IsNone || found == Driver)
                return false;
            Driver = found;
            _down = false;
            // The kernel reads grant entries at every copy: re-pointing
            // the grantee in place is enough.
            _grants[_inputSlot].Grantee = found.Value;
            _grants[_outputSlot].Grantee = found.Value;
            _reading = false;
            _cancelledRead = -1;
            _hasStash = false;
            _failures = 0;
            Diagnostics.Print(string.Concat("tty: ", _name, " came back as endpoint ", found.Value.ToString()));
            PostRead();
            return true;
        }

        // The clock (every ReadCheckMs): the waiting read, if it has waited
        // that long, is cancelled to see that the driver still holds it.
        public void CheckRead(long now)
        {
            if (!_reading || Driver.IsNone)
                return;
            if (_cancelledRead == _readNumber)
            {
                // Neither the read nor the Cancel answered since the last check.
                _cancelledRead = -1;
                Unanswered("read or its cancel");
                return;
            }
            if (now - _readPostedMs < ReadCheckMs)
                return;
            Message message = Request(DriverRequest.Cancel, _inputSlot, 0);
            DriverRequestMessage.Of(&message)->Flags = DriverRequest.Read;
            if (Ipc.Send(Driver, &message) == Status.Ok)
                _cancelledRead = _readNumber;
        }

        // The driver's answer to CheckRead's Cancel: NothingPending while
        // TTY's read is still unanswered means the driver lost it.
        public void CancelAnswered(long result)
        {
            if (result != DriverStatus.NothingPending || !_reading || _cancelledRead != _readNumber)
                return;
            Diagnostics.Print(string.Concat("tty: ", _name, " had lost the waiting read; posted again"));
            _reading = false;
            _cancelledRead = -1;
            PostRead();
        }

        // RS stopped the driver (DS's "down.<label>"). True when that is news.
        public bool MarkDown()
        {
            _reading = false;
            _cancelledRead = -1;
            if (_down)
                return false;
            _down = true;
            Diagnostics.Print(string.Concat("tty: ", _name, " is down (rs stopped it); its terminal's reads fail at once until it is started again"));
            return true;
        }

        // A read reply that arrived while a write waited for its own.
        public bool TakeStashedInput(out long result)
        {
            result = _stashed;
            bool had = _hasStash;
            _hasStash = false;
            return had;
        }

        // Writes `count` bytes of `data` from `offset` (minor 0) and waits
        // for the write's reply; bytes written (the driver may take fewer:
        // a transmitter that stayed busy) or a Status.
        public int Write(byte[] data, int offset, int count)
        {
            if (Driver.IsNone)
                return DriverStatus.NoSuchDevice;
            if (_outputSlot == _inputSlot)
                return DriverStatus.ReadOnly; // an input-only link (the keyboard) has no output grant
            // Once per instance: a driver that dies again while its
            // successor takes the same write has had its chance.
            for (int attempt = 0; ; attempt++)
            {
                int result = WriteOnce(data, offset, count);
                if (result != Status.DeadEndpoint || attempt == 1)
                    return result;
                if (!_down)
                    Diagnostics.Print(string.Concat("tty: ", _name, " died under a write of ", count.ToString(), " bytes; waiting for the next one"));
                if (!Reconnect(AwaitSuccessor()))
                    return DriverStatus.NoSuchDevice;
            }
        }

        private int WriteOnce(byte[] data, int offset, int count)
        {
            fixed (byte* bytes = data)
                _grants[_outputSlot] = Entry(GrantFlags.Read, bytes + offset, count);
            Message message = Request(DriverRequest.Write, _outputSlot, count);
            int status = Ipc.Send(Driver, &message);
            if (status != Status.Ok)
                return status;
            long deadline = Process.UptimeMs() + AnswerDeadlineMs;
            while (true)
            {
                // Only this driver's answer: other clients' messages are
                // kept for the loop (AnswerWait), and wait their turn.
                status = AnswerWait.Receive(Driver, deadline, &message);
                if (status == AnswerWait.NoAnswer)
                    return Unanswered("write");
                if (status != Status.Ok)
                    return status; // the driver died (DeadEndpoint)
                if (message.Type != DriverRequest.Reply)
                    continue;
                DriverReplyMessage* reply = DriverReplyMessage.Of(&message);
                if (reply->Request == DriverRequest.Write)
                    return (int)reply->Result;
                if (reply->Request == DriverRequest.Read && _reading)
                {
                    _reading = false;
                    _stashed = reply->Result;
                    _hasStash = true;
                }
            }
        }

        // The driver's next instance, once the reincarnation server has
        // started it (its label names another endpoint); None at once when
        // RS has stopped it ("down.<label>" in DS: nothing will come), or
        // when none comes within RestartWaitMs.
        private Endpoint AwaitSuccessor()
        {
            for (int waited = 0; waited < RestartWaitMs; waited += RestartPollMs)
            {
                Endpoint found = Endpoints.Lookup(_name);
                if (!found.IsNone && found != Driver)
                    return found;
                if (RestartNotices.IsDown(_name))
                {
                    if (!_down)
                        Diagnostics.Print(string.Concat("tty: ", _name, " is down; output lost until it is started again"));
                    _down = true;
                    return Endpoint.None;
                }
                Devices.Sleep(RestartPollMs);
            }
            Diagnostics.Print(string.Concat("tty: ", _name, " did not come back; output lost"));
            return Endpoint.None;
        }

        // The driver kept a request unanswered: RS is told (it ends the
        // driver, so the caller goes on as after a crash: DeadEndpoint);
        // if RS will not, the request fails.
        private int Unanswered(string what)
        {
            int status = Reincarnation.Complain(_name, NoAnswerCode);
            Diagnostics.Print(string.Concat("tty: ", _name, " did not answer a ", what, " within ", AnswerDeadlineMs.ToString(),
                " ms; complained to rs: status ", status.ToString()));
            return status == Status.Ok ? Status.DeadEndpoint : DriverStatus.IoError;
        }

        private void Fail(string what, int status)
        {
            _failures++;
            Diagnostics.Print(string.Concat("tty: ", _name, " ", what, " (status ", status.ToString(),
                _failures >= MaxFailures ? "); giving it up" : ")"));
        }

        private static Message Request(int type, int slot, int length)
        {
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = 0;
            request->Position = 0;
            request->Grant = GrantId.From(slot, 1).Value;
            request->Length = length;
            return message;
        }

        private GrantEntry Entry(uint rights, byte* address, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = 1, Grantee = Driver.Value, Address = (ulong)address, Length = (ulong)length };
    }
}
