using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // What FS found when its disk driver did not answer (it died before or
    // during a request, or none was running yet).
    internal enum Successor
    {
        Found,      // a new "ata" runs: point the grants at it and repeat
        Down,       // none runs and RS has stopped it for good ("down.ata")
        NotBack,    // none came within the time the request may wait
    }

    // Reintegration after the disk driver died: the reincarnation server
    // starts a new "ata" under the same label (and publishes it in DS); FS
    // finds it by label in the process table. While none runs, RS's
    // decision in DS (Lib/Sys RestartNotices.IsDown) tells a restart under
    // way (wait for it, bounded) from a driver RS has stopped (fail at
    // once: nothing will come). A running instance always wins over the
    // key, so a driver just started again is used at once.
    internal static class AtaRestarts
    {
        // The disk driver FS uses: ata (IDE), or ahci (SATA) when ata is
        // down and ahci runs (SwitchToRunningPeer). Both speak the same
        // block-driver protocol; only one finds the disk.
        public static string Label { get; private set; } = "ata";
        public const string IdeLabel = "ata";
        public const string SataLabel = "ahci";
        public const string FileServerLabel = "fs";
        private static bool s_followingSata;

        // The current disk driver is down (it found no disk, or RS stopped
        // it): when the other one runs, use it from now on. A driver RS
        // stopped for crashing while the other has no disk (and so ended)
        // keeps its label, so `service up` brings the root back on it.
        public static bool SwitchToRunningPeer()
        {
            string other = Label == IdeLabel ? SataLabel : IdeLabel;
            if (Endpoints.Lookup(other).IsNone)
                return false;
            Label = other;
            if (other == SataLabel && !s_followingSata)
            {
                s_followingSata = true;
                int following = RestartNotices.Follow(SataLabel);
                if (following != Status.Ok && following != Status.DeadEndpoint)
                    Diagnostics.Print(string.Concat("fs: cannot follow restarts of ahci (status ", following.ToString(), ")"));
            }
            return true;
        }
        private const int PollMs = 5;

        // How long one request may wait, in all, for instances of ata to
        // answer it: a driver that keeps dying on start (before RS's limit
        // stops it) fails the request with an I/O error instead of holding
        // FS, and every client of FS, indefinitely.
        public const int MaxWaitMs = 5000;

        // Looks for an ata other than `failed` (None: any), polling while
        // RS restarts it until `waitedMs` reaches `budgetMs` (0: look once).
        public static Successor Await(Endpoint failed, int budgetMs, ref int waitedMs, out Endpoint found)
        {
            while (true)
            {
                found = Endpoints.Lookup(Label);
                if (!found.IsNone && found != failed)
                    return Successor.Found;
                if (RestartNotices.IsDown(Label))
                    return Successor.Down;
                if (waitedMs >= budgetMs)
                    return Successor.NotBack;
                Devices.Sleep(PollMs);
                waitedMs += PollMs;
            }
        }

        // The kernel reads grant entries at every copy, so changing the
        // grantee in place is enough.
        public static void Repoint(GrantEntry[] grants, Endpoint ata)
        {
            for (int i = 0; i < grants.Length; i++)
                grants[i].Grantee = ata.Value;
        }
    }
}
