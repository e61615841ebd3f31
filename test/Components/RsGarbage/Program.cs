using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.RsGarbage
{
    // Sends RS raw malformed requests: unknown types, label lengths out of
    // range, labels that are not terminated or hide a NUL, forged source
    // fields, grant ids that name nothing, image lengths out of range,
    // instance names without their NUL, and messages RS takes without
    // answering (a forged heartbeat answer, a forged UpdateReady). Prints
    // "rsgarbage: <probe>: status <n>" per request; the boot test checks
    // each status. Ends by listing RS's components with a valid Status
    // request: RS must still serve, and hello (its only driver here) must
    // still run, untouched by any of it. Runs as root (started by the
    // kernel, uid 0), so every request passes RS's permission check and
    // reaches the argument checks behind it.
    public static unsafe class Program
    {
        private static Endpoint s_rs;

        public static int Main()
        {
            s_rs = Endpoints.Lookup("rs");
            Message m;

            m = default; m.Type = 0x1234; Ask("unknown-type", &m);
            m = default; m.Type = RsRequest.Status - 1; Ask("type-below-status", &m);
            m = default; m.Type = RsRequest.Mutate + 1; Ask("type-above-last", &m);
            m = default; m.Type = RsRequest.FaultNotice; Ask("type-fault-notice", &m);
            m = default; m.Type = int.MinValue; Ask("type-int-min", &m);
            // Source is the kernel's to fill; RS must not take this for PM's
            // answer to a recovery script (Type <= 0 from PM).
            m = default; m.Type = 0; m.Source = 1; Ask("forged-source-type-zero", &m);

            m = default; m.Type = RsRequest.Status; RsRequestMessage.Of(&m)->Index = -1; Ask("status-negative-index", &m);
            m = default; m.Type = RsRequest.Status; RsRequestMessage.Of(&m)->Index = long.MaxValue; Ask("status-huge-index", &m);
            m = default; m.Type = RsRequest.Status; RsRequestMessage.Of(&m)->Index = 0x1_0000_0000; Ask("status-index-past-32-bits", &m);

            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = 0; Ask("label-length-zero", &m);
            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = -1; Ask("label-length-negative", &m);
            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = RsMessage.MaxLabel + 1; Ask("label-length-33", &m);
            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = long.MinValue; Ask("label-length-min", &m);
            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = 0x1_0000_0005; Ask("label-length-past-32-bits", &m);
            m = default; m.Type = RsRequest.Restart;
            for (int i = 0; i < RsMessage.MaxLabel; i++)
                m.Payload[i] = (byte)'z';
            RsRequestMessage.Of(&m)->LabelLength = RsMessage.MaxLabel;
            Ask("label-unterminated", &m);
            // "hello" and a NUL inside the length: must not be taken for hello.
            m = Labelled(RsRequest.Restart, "hello"); RsRequestMessage.Of(&m)->LabelLength = 6; Ask("label-with-nul", &m);
            m = Labelled(RsRequest.Down, "ds"); RsRequestMessage.Of(&m)->LabelLength = 3; Ask("critical-label-with-nul", &m);
            m = Labelled(RsRequest.Restart, "hello"); m.Payload[2] = 1; Ask("label-with-control-byte", &m);
            m = Labelled(RsRequest.Up, "nosuchcomponent"); Ask("up-unknown-label", &m);
            m = Labelled(RsRequest.Down, "ds"); Ask("down-critical", &m);

            m = Labelled(RsRequest.Update, "hello"); RsRequestMessage.Of(&m)->ImageGrant = GrantId.From(77, 3).Value; RsRequestMessage.Of(&m)->ImageLength = 4096; Ask("update-grant-not-made", &m);
            m = Labelled(RsRequest.Update, "hello"); RsRequestMessage.Of(&m)->ImageGrant = -1; RsRequestMessage.Of(&m)->ImageLength = 4096; Ask("update-grant-negative", &m);
            m = Labelled(RsRequest.Update, "hello"); RsRequestMessage.Of(&m)->ImageGrant = 0; RsRequestMessage.Of(&m)->ImageLength = -4096; Ask("update-length-negative", &m);
            m = Labelled(RsRequest.Update, "hello"); RsRequestMessage.Of(&m)->ImageGrant = 0; RsRequestMessage.Of(&m)->ImageLength = RsLimits.MaxImage + 1L; Ask("update-length-too-big", &m);

            m = default; m.Type = RsRequest.Instance;
            for (int i = 0; i < 56; i++)
                m.Payload[i] = (byte)'q';
            Ask("instance-names-unterminated", &m);
            m = default; m.Type = RsRequest.Instance; Ask("instance-names-empty", &m);

            // Taken without an answer: sent, not asked.
            m = default; m.Type = DriverRequest.Reply; DriverReplyMessage.Of(&m)->Request = DriverRequest.Ping; Tell("forged-heartbeat-answer", &m);
            m = default; m.Type = RsRequest.UpdateReady; Tell("forged-update-ready", &m);
            m = default; m.Type = DriverRequest.Reply; DriverReplyMessage.Of(&m)->Request = DriverRequest.Write; Tell("forged-console-reply", &m);

            int listed = 0;
            for (long index = 0; index < 64; index++)
            {
                m = default; m.Type = RsRequest.Status; RsRequestMessage.Of(&m)->Index = index;
                int status = Ipc.SendRec(s_rs, &m);
                if (status != Status.Ok || m.Type != Status.Ok)
                    break;
                string? label = RsMessage.Label(&m);
                Diagnostics.Print(string.Concat("rsgarbage: rs still serves: ", label ?? "?", " state ", (RsRequestMessage.Of(&m)->State & 0xFF).ToString(),
                    " endpoint ", RsRequestMessage.Of(&m)->Endpoint.ToString()));
                listed++;
            }
            Diagnostics.Print(string.Concat("rsgarbage: done; rs listed ", listed.ToString(), " components"));
            return 0;
        }

        private static Message Labelled(int type, string label)
        {
            Message m = default;
            m.Type = type;
            RsMessage.SetLabel(&m, label);
            return m;
        }

        private static void Ask(string probe, Message* m)
        {
            int status = Ipc.SendRec(s_rs, m);
            Diagnostics.Print(status != Status.Ok
                ? string.Concat("rsgarbage: ", probe, ": ipc ", status.ToString())
                : string.Concat("rsgarbage: ", probe, ": status ", m->Type.ToString()));
        }

        private static void Tell(string probe, Message* m)
        {
            int status = Ipc.SendAsync(s_rs, m);
            Diagnostics.Print(string.Concat("rsgarbage: ", probe, ": sent ", status.ToString()));
        }
    }
}
