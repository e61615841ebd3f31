using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs
{
    // What a disk driver's reply must be (DriverProtocol.cs) for FS to take
    // it: Type Reply, Request the request FS sent, Minor the minor it named,
    // and for a transfer no more bytes than asked. Anything else is not a
    // failing disk but a driver that breaks protocol: FS complains about it
    // to RS (which replaces it) instead of trusting the reply. The codes go
    // with the complaint, for RS's log. Hardware-free.
    internal static unsafe class AtaReplies
    {
        public const int Good = 0;
        public const int NotAReply = 1;        // Type is not DriverRequest.Reply
        public const int OtherRequest = 2;     // answers a request FS did not make
        public const int OtherMinor = 3;       // answers another minor
        public const int TooManyBytes = 4;     // a transfer result larger than asked
        public const int NoAnswer = 5;         // no reply within AtaExchange.DeadlineMs, alive (AtaExchange)

        public static int Check(int request, long minor, long length, Message* reply)
        {
            if (reply->Type != DriverRequest.Reply)
                return NotAReply;
            DriverReplyMessage* payload = DriverReplyMessage.Of(reply);
            if (payload->Request != request)
                return OtherRequest;
            if (payload->Minor != minor)
                return OtherMinor;
            bool transfer = request == DriverRequest.Read || request == DriverRequest.Write;
            if (transfer && payload->Result > length)
                return TooManyBytes;
            return Good;
        }
    }
}
