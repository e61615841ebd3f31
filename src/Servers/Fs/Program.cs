using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // FS, the file server (MINIX's per-volume FS process): the FAT32 engine
    // (Fat/) mounted on the ata disk, answering the protocol in
    // src/Lib/Ipc/FileSystemProtocol.cs, one handler per request in
    // Handlers/. FS must outlive every misbehaving client, a bad disk and
    // a failing disk driver: a volume that is not FAT32 leaves it answering
    // every request with NotMounted; one that could not be mounted for
    // want of a driver is mounted when the driver comes back (FS follows
    // "ep.ata" and "down.ata" in DS, which RS publishes); malformed
    // requests get a status and change nothing, and replies are
    // asynchronous so a client that stops receiving cannot stall FS.
    public static unsafe class Program
    {
        public static int Main()
        {
            var server = new Server();
            int following = RestartNotices.Follow(AtaRestarts.Label);
            if (following != Status.Ok && following != Status.DeadEndpoint)
                Diagnostics.Print(string.Concat("fs: cannot follow restarts of ata (status ", following.ToString(), ")"));
            server.Mount();
            Message request, reply;
            while (true)
            {
                // What arrived while FS waited for ata comes first.
                if (!AnswerWait.TakeKept(&request) && Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                if (request.Type == KernelMessageType.Notification)
                {
                    // DS's: ata was restarted, stopped or started again.
                    if (RestartNotices.IsFrom(request.Source))
                    {
                        RestartNotices.Drain();
                        server.DriverChanged();
                    }
                    continue;
                }
                // Kernel messages ask nothing.
                if (request.Source < 0)
                    continue;
                if (Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                reply.Type = server.Dispatch(&request, &reply);
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }
    }
}
