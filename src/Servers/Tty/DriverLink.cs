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
    // reply with Word1 = Write. The read's reply may come first (replies
    // are matched by Word1, DriverProtocol's note): it is kept aside
    // (TakeStashedInput) rather than mistaken for the write's.
    // A driver that keeps failing reads is given up after a few tries, so
    // a broken driver cannot keep TTY spinning.
    internal sealed unsafe class DriverLink
    {
        public const int InputBytes = 128;
        private const int MaxFailures = 3;

        private readonly string _name;
        private readonly GrantEntry* _grants;
        private readonly int _inputSlot, _outputSlot;
        private readonly byte[] _input = new byte[InputBytes];
        private bool _reading;
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

        public Endpoint Driver { get; }
        public bool InputUsable => !Driver.IsNone && _failures < MaxFailures;
        public byte[] Input => _input;

        // Posts the waiting read unless one is outstanding.
        public void PostRead()
        {
            if (!InputUsable || _reading)
                return;
            Message message = Request(DriverRequest.Read, _inputSlot, InputBytes);
            message.Word4 = DriverRequest.ReadWait;
            int status = Ipc.Send(Driver, &message);
            if (status == Status.Ok)
            {
                _reading = true;
                return;
            }
            Fail("read not posted", status);
        }

        // The driver answered our read: bytes now in Input, or a failure
        // (< 0; counted, and logged).
        public int ReadAnswered(long result)
        {
            _reading = false;
            if (result >= 0)
            {
                _failures = 0;
                return result > InputBytes ? InputBytes : (int)result;
            }
            Fail("read failed", (int)result);
            return 0;
        }

        // A read reply that arrived while a write waited for its own.
        public bool TakeStashedInput(out long result)
        {
            result = _stashed;
            bool had = _hasStash;
            _hasStash = false;
            return had;
        }

        // Writes `count` bytes of `data` (minor 0) and waits for the
        // write's reply; bytes written or a Status.
        public int Write(byte[] data, int count)
        {
            if (Driver.IsNone)
                return DriverStatus.NoSuchDevice;
            if (_outputSlot == _inputSlot)
                return DriverStatus.ReadOnly; // an input-only link (the keyboard) has no output grant
            fixed (byte* bytes = data)
                _grants[_outputSlot] = Entry(GrantFlags.Read, bytes, count);
            Message message = Request(DriverRequest.Write, _outputSlot, count);
            int status = Ipc.Send(Driver, &message);
            if (status != Status.Ok)
                return status;
            while (true)
            {
                // Only this driver's messages: other clients wait their turn.
                status = Ipc.Receive(Driver, &message);
                if (status != Status.Ok)
                    return status; // the driver died (DeadEndpoint)
                if (message.Type != DriverRequest.Reply)
                    continue;
                if (message.Word1 == DriverRequest.Write)
                    return (int)message.Word0;
                if (message.Word1 == DriverRequest.Read && _reading)
                {
                    _reading = false;
                    _stashed = message.Word0;
                    _hasStash = true;
                }
            }
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
            message.Word0 = 0;
            message.Word1 = 0;
            message.Word2 = GrantId.From(slot, 1).Value;
            message.Word3 = length;
            return message;
        }

        private GrantEntry Entry(uint rights, byte* address, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = 1, Grantee = Driver.Value, Address = (ulong)address, Length = (ulong)length };
    }
}
