using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // What RS says about one component (a Status reply, RsProtocol.cs):
    // its endpoint, state, the reason of its last failure and when that
    // was (ms since boot; 0 and 0 before any failure).
    public struct RsEntry
    {
        public bool Found;
        public long Endpoint;
        public int State;
        public int Reason;
        public int Restarts;
        public long FailureMs;

        // The driver failed between `before` and this: another instance
        // runs, or RS recorded a failure at another time.
        public bool FailedSince(RsEntry before) => Endpoint != before.Endpoint || FailureMs != before.FailureMs || Reason != before.Reason;
    }

    // The agent's questions and requests to RS.
    public static unsafe class RsWatch
    {
        public const long PollMs = 10;
        public const long RunWaitMs = 30_000;

        public static RsEntry Find(string label)
        {
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs.IsNone)
                return default;
            for (int index = 0; ; index++)
            {
                Message message = default;
                message.Type = RsRequest.Status;
                RsRequestMessage.Of(&message)->Index = index;
                int status = Ipc.SendRec(rs, &message);
                if (status != Status.Ok || message.Type != Status.Ok)
                    return default;
                if (RsMessage.Label(&message) != label)
                    continue;
                long packed = RsRequestMessage.Of(&message)->State;
                return new RsEntry
                {
                    Found = true,
                    Endpoint = RsRequestMessage.Of(&message)->Endpoint,
                    State = (int)(packed & 0xFF),
                    Reason = (int)((packed >> 8) & 0xFF),
                    Restarts = (int)((packed >> 16) & 0xFFFF),
                    FailureMs = (long)((ulong)packed >> 32),
                };
            }
        }

        // Polls RS until `label` runs, at most RunWaitMs of guest time; the
        // last status either way. A stopped component is not waited for:
        // nothing will start it but an Up.
        public static RsEntry WaitRunning(string label)
        {
            long deadline = Lib.Sys.Process.UptimeMs() + RunWaitMs;
            while (true)
            {
                RsEntry entry = Find(label);
                if (entry.Found && (entry.State == RsState.Running || entry.State == RsState.Stopped))
                    return entry;
                if (Lib.Sys.Process.UptimeMs() >= deadline)
                    return entry;
                Devices.Sleep(PollMs);
            }
        }

        // RsRequest.Up with the policy's options and script kept.
        public static int Up(string label) => Ask(RsRequest.Up, label);

        // RsRequest.Refresh: end the running instance and start it afresh
        // (not counted as a failure).
        public static int Refresh(string label) => Ask(RsRequest.Refresh, label);

        private static int Ask(int request, string label)
        {
            Endpoint rs = Endpoints.Lookup(DataStoreKeys.ReincarnationLabel);
            if (rs.IsNone)
                return Status.DeadEndpoint;
            Message message = default;
            message.Type = request;
            if (!RsMessage.SetLabel(&message, label))
                return RsStatus.BadLabel;
            int status = Ipc.SendRec(rs, &message);
            return status != Status.Ok ? status : message.Type;
        }

        public static string StateName(int state) => state switch
        {
            RsState.Running => "running", RsState.Restarting => "restarting", RsState.Stopped => "stopped",
            RsState.Recovering => "recovering", RsState.Updating => "updating", 0 => "unknown", _ => state.ToString(),
        };

        // RS's reason codes (src/Servers/Rs/Table/Reasons.cs, as `service status` names them).
        public static string ReasonName(int reason) => reason switch
        {
            0 => "none", 1 => "exit", 2 => "panic", 3 => "exception", 4 => "killed", 5 => "heartbeat", 6 => "update", 7 => "complaint",
            8 => "requested", 9 => "dma", _ => reason.ToString(),
        };
    }
}
