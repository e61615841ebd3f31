using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Tty
{
    // How TTY hears that a driver below it was restarted, stopped or
    // started again: the reincarnation server publishes the new endpoint
    // in DS as "ep.<label>" (and "down.<label>" while it keeps the driver
    // stopped); TTY subscribes to those keys of its drivers, and DS
    // notifies it on every change. TTY then drains the changes (Check until
    // NotFound) and compares each driver's current endpoint with the one it
    // uses: the keys only say "look again", the process table says where.
    // Without DS (small test images) nothing is subscribed and TTY still
    // finds a restarted serial driver when a write meets DeadEndpoint.
    internal static class DriverRestarts
    {
        public static void Subscribe(DriverLink[] links)
        {
            for (int i = 0; i < links.Length; i++)
            {
                int status = RestartNotices.Follow(links[i].Name);
                if (status == Status.DeadEndpoint)
                    return;
                if (status != Status.Ok)
                    Diagnostics.Print(string.Concat("tty: cannot follow restarts of ", links[i].Name, " (status ", status.ToString(), ")"));
            }
        }

        public static bool IsDataStore(Endpoint source) => RestartNotices.IsFrom(source.Value);

        // DS notified: take its changes, then reconnect every link whose
        // driver moved, and mark down every link whose driver RS stopped.
        // True when one went down (its terminal's waiting reads must fail).
        public static bool Changed(DriverLink[] links)
        {
            RestartNotices.Drain();
            bool wentDown = false;
            for (int i = 0; i < links.Length; i++)
            {
                Endpoint found = Endpoints.Lookup(links[i].Name);
                if (found.IsNone && RestartNotices.IsDown(links[i].Name))
                    wentDown |= links[i].MarkDown();
                else
                    links[i].Reconnect(found);
            }
            return wentDown;
        }
    }
}
