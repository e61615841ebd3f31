using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS, the virtual file system server (MINIX's vfs): POSIX-like file
    // calls for user programs (src/Lib/Ipc/VfsProtocol.cs) over FS ("/")
    // and the character drivers (/dev), with a descriptor table and working
    // directory per process, shared open files and pipes. The rules live in
    // Core/ (hardware-free, unit tested), one handler per request family in
    // Handlers/.
    //
    // VFS never blocks on a user or a character driver: replies are
    // asynchronous; a read that must wait (an empty pipe, a terminal line)
    // is remembered and answered later; driver requests are sent without
    // waiting and their replies arrive here, in the one Receive loop, as
    // do DS's notifications that a driver was restarted (DriverRestarts).
    public static unsafe class Program
    {
        public static int Main()
        {
            var server = new Server();
            int published = server.Start();
            DriverRestarts.Subscribe();
            Diagnostics.Print(published == Status.Ok
                ? "vfs: serving"
                : string.Concat("vfs: serving, but publishing its grant table failed: status ", published.ToString()));
            Message request, reply;
            while (true)
            {
                // What arrived while this server waited on RS (Reincarnation) comes first.
                if (!AnswerWait.TakeKept(&request) && Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                // Whatever the message, a driver may have taken some of its
                // queue since: send what waits for room there.
                DriverOutbox.Flush();
                if (request.Type == KernelMessageType.Notification)
                {
                    // The kernel's: the alarm (restarted drivers' wait, polls' timeouts).
                    if (request.Source == Endpoint.Kernel.Value)
                        server.Ring();
                    else
                        DriverRestarts.Notified(request.Source, server.Devices);
                    continue;
                }
                if (request.Source < 0 || Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                int status;
                if (request.Type == DriverRequest.Reply)
                {
                    // A driver's late answer; from anyone else a request VFS does not know.
                    if (server.Devices.Completed(&request) || server.Devices.IsDriver(request.Source))
                        continue;
                    status = VfsStatus.UnknownRequest;
                }
                else
                {
                    status = server.Dispatch(&request, &reply);
                }
                if (status == Server.NoReply)
                    continue;
                reply.Type = status;
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }
    }
}
