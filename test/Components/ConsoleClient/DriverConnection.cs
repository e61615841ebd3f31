using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ConsoleClient
{
    // Requests to one character driver through grants of one buffer: a
    // read-write grant of the whole buffer and a short one (for "longer than
    // the grant"). Line reads poll, because a character driver answers a
    // read at once (0 bytes when nothing is buffered); each empty poll sleeps
    // on an alarm, and the number of polls is bounded, so input that never
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
            while (Ipc.Receive(Endpoint.Kernel, &message) == Status.Ok && message.Word2 == 0)
            {
            }
        }

        private long Send(int type, long minor, long position, long grant, long length)
        {
            Message message = default;
            message.Type = type;
            message.Word0 = minor;
            message.Word1 = position;
            message.Word2 = grant;
            message.Word3 = length;
            int status = Ipc.SendRec(_driver, &message);
            if (status != Status.Ok)
                return status;
            return message.Type == DriverRequest.Reply ? message.Word0 : DriverStatus.BadRequest;
        }

        private static GrantEntry Entry(Endpoint driver, byte* buffer, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | GrantFlags.Read | GrantFlags.Write, Sequence = 1, Grantee = driver.Value, Address = (ulong)buffer, Length = (ulong)length };
    }
}
