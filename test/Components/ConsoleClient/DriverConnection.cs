using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ConsoleClient
{
    // Requests to one character driver through grants of one buffer: a
    // read-write grant of the whole buffer and a short one (for "longer than
    // the grant"). ReadLine polls with plain reads (answered at once, 0
    // bytes when nothing is buffered), sleeping on an alarm between empty
    // polls; waiting reads (ReadWait) are posted with Send and their replies
    // collected by AwaitReply under an alarm. Either way input that never
    // comes is a failure, not a hang.
    public sealed unsafe class DriverConnection
    {
        public const int BufferSize = 512;
        public const int ShortGrantBytes = 16;
        private const int PollMilliseconds = 10;

        private readonly Endpoint _driver;
        private readonly byte* _buffer;
        private readonly int _wholeGrant, _shortGrant;

        public DriverConnection(Endpoint driver, GrantEntry* table, int firstSlot, byte* buffer)
        {
            _driver = driver;
            _buffer = buffer;
            _wholeGrant = firstSlot;
            _shortGrant = firstSlot + 1;
            table[_wholeGrant] = Entry(driver, buffer, BufferSize);
            table[_shortGrant] = Entry(driver, buffer, ShortGrantBytes);
        }

        public byte* Buffer => _buffer;

        public long Open(long minor) => Send(DriverRequest.Open, minor, DriverRequest.AccessRead | DriverRequest.AccessWrite, 0, 0);
        public long Ioctl(long request, long length) => Send(DriverRequest.Ioctl, 0, request, GrantId.From(_wholeGrant, 1).Value, length);
        public long UnknownRequest() => Send(0x7777, 0, 0, 0, 0);
        public long Ping() => Send(DriverRequest.Ping, 0, 0, 0, 0);
        public long Read(long minor, long length) => Send(DriverRequest.Read, minor, 0, GrantId.From(_wholeGrant, 1).Value, length);
        public long Write(long minor, long length) => Send(DriverRequest.Write, minor, 0, GrantId.From(_wholeGrant, 1).Value, length);
        public long ReadShortGrant(long length) => Send(DriverRequest.Read, 0, 0, GrantId.From(_shortGrant, 1).Value, length);
        public long WriteShortGrant(long length) => Send(DriverRequest.Write, 0, 0, GrantId.From(_shortGrant, 1).Value, length);

        // A waiting read (DriverRequest.ReadWait) sent without waiting for
        // its reply, which AwaitReply collects; the send's Status.
        public int StartWaitingRead(long minor, long length) =>
            Post(DriverRequest.Read, minor, 0, GrantId.From(_wholeGrant, 1).Value, length, DriverRequest.ReadWait);

        // A waiting read through SendRec: for one that is answered at once (Busy).
        public long WaitingReadAnsweredAtOnce(long minor, long length) =>
            Send(DriverRequest.Read, minor, 0, GrantId.From(_wholeGrant, 1).Value, length, DriverRequest.ReadWait);

        public int PostCancel(long minor) => Post(DriverRequest.Cancel, minor, 0, 0, 0, 0);
        public long Cancel(long minor) => Send(DriverRequest.Cancel, minor, 0, 0, 0);

        // Waits for the driver's reply to `request` (matched by the reply's
        // Request), at most `milliseconds`: an alarm guards the wait, so a
        // reply that never comes is a failure (false), not a hang.
        public bool AwaitReply(int request, int milliseconds, out long result)
        {
            result = 0;
            if (Devices.SetAlarm(milliseconds) != Status.Ok)
                return false;
            Message message;
            bool answered = false;
            while (Ipc.Receive(Endpoint.Any, &message) == Status.Ok)
            {
                if (message.Source == Endpoint.Kernel.Value)
                {
                    if (NotificationMessage.Of(&message)->Alarm != 0)
                        break; // the alarm: no reply in time
                    continue;
                }
                if (message.Source == _driver.Value && message.Type == DriverRequest.Reply && DriverReplyMessage.Of(&message)->Request == request)
                {
                    result = DriverReplyMessage.Of(&message)->Result;
                    answered = true;
                    break;
                }
            }
            Devices.SetAlarm(0);
            return answered;
        }

        // A grant id that names no entry of this client's table.
        public long ReadForged(long length) => Send(DriverRequest.Read, 0, 0, GrantId.From(3000, 1).Value, length);
        public long WriteForged(long length) => Send(DriverRequest.Write, 0, 0, GrantId.From(_wholeGrant, 9).Value, length);

        // Writes `text` (ASCII) from the buffer; the driver's answer.
        public long WriteText(string text)
        {
            for (int i = 0; i < text.Length; i++)
                _buffer[i] = (byte)text[i];
            return Write(0, text.Length);
        }

        // Reads one byte at a time (nothing past the line is taken from the
        // driver) until '\n' or `maxPolls` empty polls; null on a timeout or
        // an error status.
        public string? ReadLine(int maxPolls, int maxLength)
        {
            char* line = stackalloc char[maxLength];
            int length = 0, polls = 0;
            while (length < maxLength)
            {
                long got = Read(0, 1);
                if (got < 0)
                    return null;
                if (got == 0)
                {
                    if (++polls > maxPolls)
                        return null;
                    Sleep(PollMilliseconds);
                    continue;
                }
                line[length++] = (char)_buffer[0];
                if (_buffer[0] == (byte)'\n')
                    break;
            }
            return new string(line, 0, length);
        }

        public static void Sleep(int milliseconds = PollMilliseconds)
        {
            if (Devices.SetAlarm(milliseconds) != Status.Ok)
                return;
            Message message;
            while (Ipc.Receive(Endpoint.Kernel, &message) == Status.Ok && NotificationMessage.Of(&message)->Alarm == 0)
            {
            }
        }

        private long Send(int type, long minor, long position, long grant, long length, long flags = 0)
        {
            Message message = Request(type, minor, position, grant, length, flags);
            int status = Ipc.SendRec(_driver, &message);
            if (status != Status.Ok)
                return status;
            return message.Type == DriverRequest.Reply ? DriverReplyMessage.Of(&message)->Result : DriverStatus.BadRequest;
        }

        private int Post(int type, long minor, long position, long grant, long length, long flags)
        {
            Message message = Request(type, minor, position, grant, length, flags);
            return Ipc.Send(_driver, &message);
        }

        private static Message Request(int type, long minor, long position, long grant, long length, long flags)
        {
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = minor;
            request->Position = position;
            request->Grant = grant;
            request->Length = length;
            request->Flags = flags;
            return message;
        }

        private static GrantEntry Entry(Endpoint driver, byte* buffer, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = driver.Value, Address = (ulong)buffer, Length = (ulong)length };
    }
}
