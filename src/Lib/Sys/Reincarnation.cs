using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Requests any image component may make of the reincarnation server
    // (src/Servers/Rs; the protocol is RsProtocol.cs).
    public static unsafe class Reincarnation
    {
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
            message.Word5 = code;
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }
    }
}
