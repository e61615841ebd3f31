using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.TemplateNamespace
{
    // What RS (src/Servers/Rs) sends a supervised server, answered the way
    // the driver library (src/Lib/Driver) answers it for drivers:
    //   DriverRequest.Ping      heartbeat: answered at once with a Reply
    //                           (Request = Ping); RS kills a server that
    //                           leaves `misses` pings unanswered.
    //   RsRequest.FaultNotice   `service fi`: fail as asked (RsFaultNotice).
    //   RsRequest.UpdateNotice  `service update`: save state, answer
    //                           UpdateReady, then serve nobody until RS
    //                           ends this instance.
    // Fault and update notices are obeyed from RS only. Every send to RS is
    // asynchronous: the server never blocks on its supervisor.
    internal sealed unsafe class Supervision
    {
        // Far from null and from anything a component maps.
        private const ulong Unmapped = 0x0000_7000_0000_0000;

        private readonly Minix3TemplateServer _server;

        public Supervision(Minix3TemplateServer server) => _server = server;

        // True when the message was RS's business (handled here).
        public bool Handle(Endpoint sender, Message* message)
        {
            switch (message->Type)
            {
                case DriverRequest.Ping:
                    AnswerPing(sender);
                    return true;
                case RsRequest.FaultNotice:
                    if (IsReincarnationServer(sender))
                        Fail(RsFaultNotice.Of(message)->Fault);
                    return true;
                case RsRequest.UpdateNotice:
                    if (IsReincarnationServer(sender))
                    {
                        _server.PrepareUpdate();
                        ReadyAndPark(sender);
                    }
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsReincarnationServer(Endpoint sender) =>
            sender == Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);

        private static void AnswerPing(Endpoint sender)
        {
            Message reply = default;
            reply.Type = DriverRequest.Reply;
            DriverReplyMessage.Of(&reply)->Result = Status.Ok;
            DriverReplyMessage.Of(&reply)->Request = DriverRequest.Ping;
            Ipc.SendAsync(sender, &reply);
        }

        private static void Fail(long fault)
        {
            if (fault == RsFault.Crash)
                Process.Panic("fault injected: crash");
            if (fault == RsFault.Hang)
            {
                while (true) { }
            }
            if (fault == RsFault.BadMemory)
                Diagnostics.Print("fault injected: read " + (*(long*)Unmapped).ToString());
            // BadReply breaks a driver's transfer replies; a server has none.
        }

        // Tells RS the state is saved, then answers only RS (its pings, so
        // the handover is not taken for a hang) until RS ends this
        // instance and starts the new version. Returns only if RS is gone
        // (no update can happen then; the server goes back to serving).
        private static void ReadyAndPark(Endpoint rs)
        {
            Message message = default;
            message.Type = RsRequest.UpdateReady;
            Ipc.SendAsync(rs, &message);
            while (Ipc.Receive(rs, &message) == Status.Ok)
            {
                if (message.Type == DriverRequest.Ping)
                    AnswerPing(rs);
                else if (message.Type == RsRequest.UpdateNotice)
                {
                    message = default;
                    message.Type = RsRequest.UpdateReady;
                    Ipc.SendAsync(rs, &message);
                }
            }
        }
    }
}
