using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Tty
{
    // How TTY hears that a driver below it was restarted: the
    // reincarnation server publishes the new endpoint in DS as
    // "ep.<label>"; TTY subscribes to those keys of its drivers, and DS
    // notifies it on every change. TTY then drains the changes (Check until
    // NotFound) and compares each driver's current endpoint with the one it
    // uses: the keys only say "look again", the process table says where.
    // Without DS (small test images) nothing is subscribed and TTY still
    // finds a restarted serial driver when a write meets DeadEndpoint.
    internal static unsafe class DriverRestarts
    {
        private const int MaxChecks = 64; // DataStoreLimits.MaxPendingChanges: one drain never loops for ever

        private static Endpoint s_ds = Endpoint.None;

        public static void Subscribe(DriverLink[] links)
        {
            s_ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
            if (s_ds.IsNone)
                return;
            for (int i = 0; i < links.Length; i++)
            {
                Message message;
                if (DataStoreMessage.Subscribe(&message, "ep." + links[i].Name, 0) != Status.Ok)
                    continue;
                int status = Ipc.SendRec(s_ds, &message);
                if (status != Status.Ok || message.Type != Status.Ok)
                    Diagnostics.Print(string.Concat("tty: cannot follow restarts of ", links[i].Name, " (status ",
                        (status != Status.Ok ? status : message.Type).ToString(), ")"));
            }
        }

        public static bool IsDataStore(Endpoint source) => !s_ds.IsNone && source == s_ds;

        // DS notified: take its changes, then reconnect every link whose
        // driver moved.
        public static void Changed(DriverLink[] links)
        {
            Message message;
            for (int i = 0; i < MaxChecks; i++)
            {
                DataStoreMessage.Check(&message);
                if (Ipc.SendRec(s_ds, &message) != Status.Ok || message.Type != Status.Ok)
                    break; // NotFound: all taken (ChangesLost too: the look-ups below cover it)
            }
            for (int i = 0; i < links.Length; i++)
                links[i].Reconnect(Endpoints.Lookup(links[i].Name));
        }
    }
}
