using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Following the components one uses through what the reincarnation
    // server publishes in DS (RsKeys): "ep.<label>" after each restart,
    // "down.<label>" while RS keeps the component stopped. A subscriber is
    // notified by DS on every change, drains the changes (Check until
    // NotFound), and looks again: the process table says where a component
    // runs, IsDown whether one that does not run will come back. Without
    // DS (small images) Follow says DeadEndpoint, nothing is notified and
    // nothing is ever down.
    public static unsafe class RestartNotices
    {
        private static Endpoint s_ds = Endpoint.None;

        // Subscribes to both keys of `label` ("*": every component); the
        // status. Keys already there count as changes (Initial): a
        // subscriber that looked its drivers up just before a restart or a
        // stop it would otherwise miss is told to look again.
        public static int Follow(string label)
        {
            int status = Subscribe(RsKeys.EndpointPrefix + label);
            return status != Status.Ok ? status : Subscribe(RsKeys.DownPrefix + label);
        }

        // Whether RS has stopped `label` for good (until someone starts it
        // again): "down.<label>" is in DS. False without DS, and when DS
        // cannot be asked: the caller then waits for a successor, bounded,
        // as it would for a restart.
        public static bool IsDown(string label)
        {
            if (!FindDataStore() || RsKeys.DownPrefix.Length + label.Length > DataStoreLimits.MaxKeyLength)
                return false;
            Message message;
            if (DataStoreMessage.Retrieve(&message, RsKeys.DownPrefix + label, DataStoreKind.Number) != Status.Ok)
                return false;
            int status = Ipc.SendRec(s_ds, &message);
            if (status == Status.DeadEndpoint)
                s_ds = Endpoint.None;
            return status == Status.Ok && message.Type == Status.Ok;
        }

        // Whether a notification came from the DS that was followed.
        public static bool IsFrom(int source) => !s_ds.IsNone && source == s_ds.Value;

        // Takes every pending change, at most as many as DS keeps (so one
        // drain never loops for ever); ChangesLost also ends it, which is
        // harmless: the caller looks every endpoint up again anyway.
        public static void Drain()
        {
            if (s_ds.IsNone)
                return;
            Message message;
            for (int i = 0; i < DataStoreLimits.MaxPendingChanges; i++)
            {
                DataStoreMessage.Check(&message);
                if (Ipc.SendRec(s_ds, &message) != Status.Ok || message.Type != Status.Ok)
                    break;
            }
        }

        private static int Subscribe(string pattern)
        {
            if (!FindDataStore())
                return Status.DeadEndpoint;
            Message message;
            int status = DataStoreMessage.Subscribe(&message, pattern, DataStoreFlags.Initial);
            if (status != Status.Ok)
                return status;
            status = Ipc.SendRec(s_ds, &message);
            return status != Status.Ok ? status : message.Type;
        }

        private static bool FindDataStore()
        {
            if (s_ds.IsNone)
                s_ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
            return !s_ds.IsNone;
        }
    }
}
