using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.TtyClient
{
    // Requests to TTY as VFS makes them: through grants of one buffer (a
    // read-write grant of all of it and a short one). TTY's replies are
    // asynchronous and matched by Request (the request type), so every
    // request is posted with Send and its reply collected by Await under
    // an alarm: a reply that never comes is a failure, not a hang, and a
    // waiting read's late reply is never taken for another request's.
    public sealed unsafe class TtyConnection
    {
        public const int BufferSize = 512;
        public const int ShortGrantBytes = 16;
        private const int PromptMilliseconds = 3000;

        private readonly Endpoint _tty;
        private readonly byte* _buffer;
        private readonly int _wholeGrant, _shortGrant;

        // A waiting read's reply that came while another reply was awaited
        // (TTY may complete the read before it answers the other request).
        private bool _earlyRead;
        private long _earlyReadResult, _earlyReadMinor;

        // The minor named by the last reply Await returned (its Minor).
        public long LastMinor { get; private set; }

        public TtyConnection(Endpoint tty, GrantEntry* table, byte* buffer)
        {
            _tty = tty;
            _buffer = buffer;
            _wholeGrant = 0;
            _shortGrant = 1;
            table[_wholeGrant] = Entry(tty, buffer, BufferSize);
            table[_shortGrant] = Entry(tty, buffer, ShortGrantBytes);
        }

        public byte* Buffer => _buffer;
        private long Whole => GrantId.From(_wholeGrant, 1).Value;

        public long Open(long minor) => Call(DriverRequest.Open, minor, DriverRequest.AccessRead | DriverRequest.AccessWrite, 0, 0);
        public long Close(long minor) => Call(DriverRequest.Close, minor, 0, 0, 0);
        public long Ping() => Call(DriverRequest.Ping, 0, 0, 0, 0);
        public long Ioctl(long minor, long request, long length) => Call(DriverRequest.Ioctl, minor, request, Whole, length);
        public long UnknownRequest() => Call(0x7777, 0, 0, 0, 0);
        public long Read(long minor, long length) => Call(DriverRequest.Read, minor, 0, Whole, length);
        public long Write(long minor, long length) => Call(DriverRequest.Write, minor, 0, Whole, length);
        public long ReadShortGrant(long minor, long length) => Call(DriverRequest.Read, minor, 0, GrantId.From(_shortGrant, 1).Value, length);
        public long WriteShortGrant(long minor, long length) => Call(DriverRequest.Write, minor, 0, GrantId.From(_shortGrant, 1).Value, length);
        public long ReadForged(long minor) => Call(DriverRequest.Read, minor, 0, GrantId.From(3000, 1).Value, 8);
        public long WriteForged(long minor) => Call(DriverRequest.Write, minor, 0, GrantId.From(_wholeGrant, 9).Value, 8);
        public long WaitingReadAnsweredAtOnce(long minor) => Call(DriverRequest.Read, minor, 0, Whole, BufferSize, DriverRequest.ReadWait);

        // Writes `text` (ASCII) from the buffer; TTY's answer.
        public long WriteText(long minor, string text)
        {
            for (int i = 0; i < text.Length; i++)
                _buffer[i] = (byte)text[i];
            return Write(minor, text.Length);
        }

        // A waiting read posted without waiting for its reply; the send's Status.
        public int StartWaitingRead(long minor, long length) =>
            Post(DriverRequest.Read, minor, 0, Whole, length, DriverRequest.ReadWait);

        public int PostCancel(long minor) => Post(DriverRequest.Cancel, minor, 0, 0, 0, 0);

        // What a driver below TTY sends when a waiting read of TTY's
        // completes (a Reply to Read with `bytes` in TTY's input buffer):
        // from us it must be ignored. Sent with Send: no answer comes.
        public int ForgeDriverReply(long bytes) => Post(DriverRequest.Reply, bytes, DriverRequest.Read, 0, 0, 0);

        // The reply to `request` within `milliseconds`; false when none came.
        public bool Await(int request, int milliseconds, out long result)
        {
            result = 0;
            if (request == DriverRequest.Read && _earlyRead)
            {
                _earlyRead = false;
                result = _earlyReadResult;
                LastMinor = _earlyReadMinor;
                return true;
            }
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
                if (message.Source != _tty.Value || message.Type != DriverRequest.Reply)
                    continue;
                DriverReplyMessage* reply = DriverReplyMessage.Of(&message);
                if (reply->Request == request)
                {
                    result = reply->Result;
                    LastMinor = reply->Minor;
                    answered = true;
                    break;
                }
                if (reply->Request == DriverRequest.Read)
                {
                    _earlyRead = true;
                    _earlyReadResult = reply->Result;
                    _earlyReadMinor = reply->Minor;
                }
            }
            Devices.SetAlarm(0);
            return answered;
        }

        // The buffer's first `count` bytes as text.
        public string Text(long count)
        {
            if (count <= 0)
                return "";
            char* chars = stackalloc char[(int)count];
            for (int i = 0; i < count; i++)
                chars[i] = (char)_buffer[i];
            return new string(chars, 0, (int)count);
        }

        // Posts, then awaits the reply: a missing reply reads as BadRequest.
        private long Call(int type, long minor, long position, long grant, long length, long flags = 0)
        {
            int status = Post(type, minor, position, grant, length, flags);
            if (status != Status.Ok)
                return status;
            return Await(type, PromptMilliseconds, out long result) ? result : long.MinValue;
        }

        private int Post(int type, long minor, long position, long grant, long length, long flags)
        {
            Message message = default;
            message.Type = type;
            DriverRequestMessage* request = DriverRequestMessage.Of(&message);
            request->Minor = minor;
            request->Position = position;
            request->Grant = grant;
            request->Length = length;
            request->Flags = flags;
            return Ipc.Send(_tty, &message);
        }

        private static GrantEntry Entry(Endpoint tty, byte* buffer, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = tty.Value, Address = (ulong)buffer, Length = (ulong)length };
    }
}
