using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS's one kernel alarm, shared by the wait for restarted drivers
    // (DeviceRequests) and held polls' timeouts (PollEngine): each asks for
    // the uptime it needs to be woken at, and the alarm is kept at the
    // earliest. When it rings (Program) every user looks at the clock and
    // asks again for what is still to come.
    internal static class AlarmClock
    {
        // Uptime (ms) the armed alarm rings at; 0 when none is armed.
        private static long s_due;

        public static void Want(long due)
        {
            if (due <= 0 || (s_due != 0 && s_due <= due))
                return;
            long wait = due - Lib.Sys.Process.UptimeMs();
            if (wait < 1)
                wait = 1;
            if (Devices.SetAlarm(wait) == Status.Ok)
                s_due = due;
        }

        public static void Rang() => s_due = 0;
    }
}
