using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Breaker
{
    // As soon as rs and ata run, asks RS to make ata's next transfer reply
    // claim more bytes than asked (the driver library's fault BadReply,
    // src/Lib/Driver/FaultInjection.cs). Whichever FS request gets that
    // reply (the mount's or a client's read), FS must complain to RS about
    // ata and repeat the request on the new ata. Prints RS's answer.
    public static unsafe class Program
    {
        private const int WaitMs = 5000, PollMs = 5;

        public static int Main()
        {
            Endpoint rs = Endpoint.None;
            for (int waited = 0; waited < WaitMs && (rs.IsNone || Endpoints.Lookup("ata").IsNone); waited += PollMs)
            {
                Devices.Sleep(PollMs);
                rs = Endpoints.Lookup("rs");
            }
            if (rs.IsNone)
            {
                Diagnostics.Print("breaker: FAILED: no rs");
                return 1;
            }
            Message message = default;
            message.Type = RsRequest.Inject;
            RsMessage.SetLabel(&message, "ata");
            RsRequestMessage.Of(&message)->Fault = RsFault.BadReply;
            int status = Ipc.SendRec(rs, &message);
            if (status == Status.Ok)
                status = message.Type;
            Diagnostics.Print("breaker: bad reply injected into ata: status " + status.ToString());
            return status == Status.Ok ? 0 : 1;
        }
    }
}
