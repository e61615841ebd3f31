using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Fs
{
    // FS, the file server (MINIX's per-volume FS process): the FAT32 engine
    // (Fat/) mounted on the ata disk, answering the protocol in
    // src/Lib/Ipc/FileSystemProtocol.cs, one handler per request in
    // Handlers/. FS must outlive every misbehaving client and a bad disk:
    // a failed mount leaves it answering every request with NotMounted,
    // malformed requests get a status and change nothing, and replies are
    // asynchronous so a client that stops receiving cannot stall FS.
    public static unsafe class Program
    {
        public static int Main()
        {
            var server = new Server();
            Diagnostics.Print(server.Mount());
            Message request, reply;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                // Notifications and kernel messages ask nothing.
                if (request.Type == KernelMessageType.Notification || request.Source < 0)
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
