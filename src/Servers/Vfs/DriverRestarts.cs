using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // How VFS hears that a driver was restarted: the reincarnation server
    // publishes each new endpoint in DS as "ep.<label>"; VFS subscribes to
    // "ep.*" and DS notifies it on every change. VFS then drains the
    // changes (Check until NotFound) and lets DeviceRequests compare every
    // driver it has used with the process table: the keys only say "look
    // again". Without DS (small test images) nothing is subscribed, and a
    // call in flight to a dead driver is sent again when the driver is
    // next used.
    internal static unsafe class DriverRestarts
    {
        private const string Pattern = "ep.*";
        private const int MaxChecks = 64; // DataStoreLimits.MaxPendingChanges: one drain never loops for ever

        private static Endpoint s_ds = Endpoint.None;

        public static void Subscribe()
        {
            s_ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
            if (s_ds.IsNone)
                return;
            Message message;
            DataStoreMessage.Subscribe(&message, Pattern, 0);
            int status = Ipc.SendRec(s_ds, &message);
            if (status != Status.Ok || message.Type != Status.Ok)
                Diagnostics.Print(string.Concat("vfs: cannot follow driver restarts (status ",
                    (status != Status.Ok ? status : message.Type).ToString(), ")"));
        }

        // A notification from DS: take its changes, then re-send what the
        // restarted drivers' predecessors took with them.
        public static bool Notified(int source, DeviceRequests devices)
        {
            if (s_ds.IsNone || source != s_ds.Value)
                return false;
            Message message;
            for (int i = 0; i < MaxChecks; i++)
            {
                DataStoreMessage.Check(&message);
                if (Ipc.SendRec(s_ds, &message) != Status.Ok || message.Type != Status.Ok)
                    break; // NotFound: all taken (ChangesLost too: RestartedAny looks at every driver)
            }
            devices.RestartedAny();
            return true;
        }
    }
}
