using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Requests any image component may make of the reincarnation server
    // (src/Servers/Rs; the protocol is RsProtocol.cs).
    public static unsafe class Reincarnation
    {
        // RS's heartbeat ping (DriverRequest.Ping), for a server with a
        // loop of its own (the driver library answers it for drivers):
        // true when `message` is one; it is answered at once with a Reply
        // whose Request is Ping, asynchronously, so the server never blocks
        // on RS. Whoever asks is answered: "are you there" reveals nothing.
        public static bool AnswerPing(Message* message)
        {
            if (message->Type != DriverRequest.Ping)
                return false;
            Message answer = default;
            answer.Type = DriverRequest.Reply;
            DriverReplyMessage.Of(&answer)->Result = Status.Ok;
            DriverReplyMessage.Of(&answer)->Request = DriverRequest.Ping;
            Ipc.SendAsync(new Endpoint(message->Source), &answer);
            return true;
        }

        // "label breaks protocol": RS ends that component and recovers it
        // with the reason "complaint" (MINIX's complaint by a server about
        // a driver, e.g. a reply it never asked for). code is the
        // complainer's own, for the log. Returns RS's answer (Status.Ok,
        // RsStatus.NotFound, RsStatus.NotAllowed from a user program, ...),
        // RsStatus.BadLabel for a label that cannot be sent, or the trap's
        // status (Status.DeadEndpoint: no RS in this image).
        public static int Complain(string label, long code)
        {
            Message message = default;
            message.Type = RsRequest.Complain;
            if (!RsMessage.SetLabel(&message, label))
                return RsStatus.BadLabel;
            RsRequestMessage.Of(&message)->Code = code;
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }
    }
}
