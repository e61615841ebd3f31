using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Pm
{
    // PM, the process manager (MINIX's pm). User processes ask it to fork,
    // exec, wait, kill, list processes and shut down (protocol in
    // src/Lib/Ipc/PmProtocol.cs); the kernel tells it, as their signal
    // manager, when one ends (a defect report), and PM turns that into the
    // status a parent's Wait collects. The rules live in Table/
    // (hardware-free, unit tested), one handler per request in Handlers/.
    //
    // PM never blocks on a user: replies are asynchronous sends (the caller
    // waits in SendRec for exactly that reply, or has gone), a Wait that
    // must wait is answered later from the report that ends it, and the
    // only SendRec PM makes is to VFS, which never SendRecs PM.
    public static unsafe class Program
    {
        public static int Main()
        {
            var server = new Server();
            Diagnostics.Print("pm: serving");
            Message request, reply;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                if (request.Source == Endpoint.Kernel.Value)
                {
                    if (request.Type == KernelMessageType.DefectReport)
                        server.Ended(&request);
                    else if (request.Type == KernelMessageType.Notification && NotificationMessage.Of(&request)->Alarm != 0)
                        Signalling.SignalDelivery.AlarmRang(server.Table);
                    continue;
                }
                if (request.Type == KernelMessageType.Notification || request.Source < 0)
                    continue;
                // Before Dispatch: the first caller PM does not know becomes init.
                if (Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                int status = server.Dispatch(&request, &reply);
                if (status == Server.NoReply)
                    continue;
                reply.Type = status;
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }
    }
}
