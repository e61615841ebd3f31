using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS's messages to drivers go by SendAsync (VFS never blocks on a
    // driver); one that finds the driver's kernel queue full waits in an
    // AsyncOutbox instead of failing the user's call (a socket read failing
    // with "Resource temporarily unavailable" mid-download, before this).
    // Program flushes it after every message; the alarm retries it while
    // anything waits. DeviceRequests sends calls in flight to a dead
    // driver again to its successor, so what a dead one drops is not lost.
    internal static unsafe class DriverOutbox
    {
        private static readonly AsyncOutbox s_outbox = new AsyncOutbox(64);

        public static int Send(Endpoint destination, Message* message)
        {
            int status = s_outbox.Send(destination, message);
            if (s_outbox.Count > 0)
                AlarmClock.Want(Process.UptimeMs() + AsyncOutbox.RetryMs);
            return status;
        }

        public static void Flush()
        {
            s_outbox.Flush();
            if (s_outbox.Count > 0)
                AlarmClock.Want(Process.UptimeMs() + AsyncOutbox.RetryMs);
        }
    }
}
