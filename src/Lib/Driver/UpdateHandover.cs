using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Lib.Driver
{
    // The old version's half of a live update (RsProtocol: UpdateNotice,
    // UpdateReady). RS sends UpdateNotice; the driver has saved its state
    // (DriverLoop.PrepareUpdate); this tells RS it is ready and then parks:
    // RS ends this instance right away and starts the new version, which
    // takes the state back from DS. Parked, the driver serves no client
    // (a request taken now would be lost with it; unanswered, the client's
    // SendRec fails with DeadEndpoint when this instance ends, and it asks
    // the successor) and answers only RS: its heartbeat pings (so the
    // handover is never mistaken for a hang) and a repeated notice. It
    // does not return while RS lives: if the new version fails, RS rolls
    // back by starting the old version afresh from the image, not by
    // waking this one. Should RS itself end meanwhile, no update can
    // happen and the driver goes back to serving.
    internal static unsafe class UpdateHandover
    {
        // Only RS may start a handover; anyone else's notice is ignored.
        public static bool FromReincarnationServer(Endpoint sender) =>
            sender == Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);

        public static void ReadyAndPark(Endpoint rs)
        {
            Ready(rs);
            Message message;
            while (true)
            {
                if (Sys.Ipc.Receive(rs, &message) != Status.Ok)
                    return; // RS is gone
                if (message.Type == RsRequest.UpdateNotice)
                {
                    Ready(rs);
                }
                else if (message.Type == DriverRequest.Ping)
                {
                    message = default;
                    message.Type = DriverRequest.Reply;
                    DriverReplyMessage.Of(&message)->Result = Status.Ok;
                    DriverReplyMessage.Of(&message)->Request = DriverRequest.Ping;
                    Sys.Ipc.SendAsync(rs, &message);
                }
            }
        }

        // Asynchronous: RS may be busy; the driver must never block on it.
        private static void Ready(Endpoint rs)
        {
            Message message = default;
            message.Type = RsRequest.UpdateReady;
            Sys.Ipc.SendAsync(rs, &message);
        }
    }
}
