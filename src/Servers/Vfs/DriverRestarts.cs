using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // How VFS hears that a driver was restarted or stopped: the
    // reincarnation server publishes each new endpoint in DS as
    // "ep.<label>", and "down.<label>" while it keeps a driver stopped; VFS
    // subscribes to both ("ep.*", "down.*") and DS notifies it on every
    // change. VFS then drains the changes (Check until NotFound) and lets
    // DeviceRequests compare every driver it has used with the process
    // table (and, for one that does not run, ask whether it is down): the
    // keys only say "look again". Without DS (small test images) nothing
    // is subscribed, and a call in flight to a dead driver is sent again
    // when the driver is next used.
    internal static class DriverRestarts
    {
        public static void Subscribe()
        {
            int status = RestartNotices.Follow("*");
            if (status != Status.Ok && status != Status.DeadEndpoint)
                Diagnostics.Print(string.Concat("vfs: cannot follow driver restarts (status ", status.ToString(), ")"));
        }

        // A notification from DS: take its changes, then re-send what the
        // restarted drivers' predecessors took with them, and fail what
        // waits for a driver that is down.
        public static bool Notified(int source, DeviceRequests devices)
        {
            if (!RestartNotices.IsFrom(source))
                return false;
            RestartNotices.Drain();
            devices.RestartedAny();
            return true;
        }
    }
}
