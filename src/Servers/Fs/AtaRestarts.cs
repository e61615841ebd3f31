using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // Reintegration after the disk driver died: the reincarnation server
    // starts a new "ata" under the same label (and publishes it in DS); FS
    // finds it by label, points the grants on its buffers at the new
    // endpoint, and carries on. Bounded: a driver that does not come back
    // within MaxWaitMs fails the request with an I/O error instead of
    // hanging FS.
    internal static class AtaRestarts
    {
        private const int PollMs = 5;
        private const int MaxWaitMs = 5000;

        public static bool Reconnect(ref Endpoint ata, GrantEntry[] grants)
        {
            for (int waited = 0; waited < MaxWaitMs; waited += PollMs)
            {
                Endpoint found = Endpoints.Lookup("ata");
                if (!found.IsNone && found != ata)
                {
                    // The kernel reads grant entries at every copy, so
                    // changing the grantee in place is enough.
                    for (int i = 0; i < grants.Length; i++)
                        grants[i].Grantee = found.Value;
                    Diagnostics.Print(string.Concat("fs: ata came back as endpoint ", found.Value.ToString(), "; repeating the request"));
                    ata = found;
                    return true;
                }
                Devices.Sleep(PollMs);
            }
            Diagnostics.Print("fs: ata did not come back; the request fails");
            return false;
        }
    }
}
