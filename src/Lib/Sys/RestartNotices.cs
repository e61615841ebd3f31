using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Following restarts of the components one uses: the reincarnation
    // server publishes each new endpoint in DS as "ep.<label>"; a
    // subscriber is notified by DS on every change, drains the changes
    // (Check until NotFound), and looks up the endpoints again. The keys
    // only say "look again": the process table says where. Without DS
    // (small images) Follow says DeadEndpoint and nothing is notified.
    public static unsafe class RestartNotices
    {
        private const string Prefix = "ep.";

        private static Endpoint s_ds = Endpoint.None;

        // Subscribes to "ep.<label>" ("*": every component); the status.
        public static int Follow(string label)
        {
            if (s_ds.IsNone)
                s_ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
            if (s_ds.IsNone)
                return Status.DeadEndpoint;
            Message message;
            int status = DataStoreMessage.Subscribe(&message, Prefix + label, 0);
            if (status != Status.Ok)
                return status;
            status = Ipc.SendRec(s_ds, &message);
            return status != Status.Ok ? status : message.Type;
        }

        // Whether a notification came from the DS that was followed.
        public static bool IsFrom(int source) => !s_ds.IsNone && source == s_ds.Value;

        // Takes every pending change, at most as many as DS keeps (so one
        // drain never loops for ever); ChangesLost also ends it, which is
        // harmless: the caller looks every endpoint up again anyway.
        public static void Drain()
        {
            Message message;
            for (int i = 0; i < DataStoreLimits.MaxPendingChanges; i++)
            {
                DataStoreMessage.Check(&message);
                if (Ipc.SendRec(s_ds, &message) != Status.Ok || message.Type != Status.Ok)
                    break;
            }
        }
    }
}
