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
            int status = Ask(&message);
            return status != Status.Ok ? status : message.Type;
        }

        // A request to RS and its answer (a status: never a positive type).
        // What else RS sent meanwhile may come first, since it comes from
        // RS too: its heartbeat ping is answered, anything else (RS's log
        // lines, which it writes to TTY's console) kept for the caller's
        // loop (AnswerWait.TakeKept), and the answer taken after it.
        private static int Ask(Message* message)
        {
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(rs, message);
            while (status == Status.Ok && message->Type > 0)
            {
                if (!AnswerPing(message))
                    AnswerWait.Keep(message);
                status = Ipc.Receive(rs, message);
            }
            return status;
        }
    

        // Binary fault injection (swifi): writes `bytes` at `address` in the
        // running instance of `label` (code only) and puts what was there
        // into `bytes`, so the same call with them undoes it. `instance`
        // is the endpoint that was changed: a later restart, which runs
        // the pristine program, shows as another. Needs the `fi` verb
        // (root, or `rs fi` in the caller's policy). RsStatus.NotRunning
        // when no instance runs (restarting, stopped), Status.BadAddress
        // for bytes outside its code.
        public static int Mutate(string label, long address, System.Span<byte> bytes, out int instance)
        {
            instance = 0;
            Message message = default;
            if (!RsMutateRequest.Fill(&message, label, address, bytes))
                return bytes.Length == 0 || bytes.Length > MutateMessage.MaxBytes ? Status.BadArgument : RsStatus.BadLabel;
            int status = Ask(&message);
            if (status != Status.Ok || message.Type != Status.Ok)
                return status != Status.Ok ? status : message.Type;
            RsMutateRequest* reply = RsMutateRequest.Of(&message);
            instance = reply->Endpoint;
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = reply->Bytes[i];
            return Status.Ok;
        }
}
}
