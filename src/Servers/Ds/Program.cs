using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Ds
{
    // DS, the data store server (MINIX's ds). Components publish typed
    // entries under short ASCII keys -- a u32, a string, a blob of bytes, or
    // a label's endpoint -- and read each other's entries back. An entry
    // belongs to the label that published it: only that component (also
    // after a restart, under a new endpoint) may change or delete it, which
    // is what lets a component keep state across its own crashes and lets
    // the reincarnation server publish where restarted components now live.
    // Components subscribe to key patterns; DS notifies them when a matching
    // entry changes and they ask (Check) what changed. The protocol is in
    // src/Lib/Ipc/DataStoreProtocol.cs, the rules in Store/ (hardware-free,
    // unit tested), one handler per request in Handlers/.
    //
    // DS must outlive every misbehaving client: malformed requests are
    // answered with an error and change nothing, replies are asynchronous so
    // a client that stops receiving cannot stall DS, and notifications never
    // block.
    public static unsafe class Program
    {
        public static int Main()
        {
            var server = new Server();
            int started = server.Start();
            Diagnostics.Print(started == Status.Ok
                ? "ds: serving"
                : string.Concat("ds: serving, but publishing its own label failed: status ", started.ToString()));
            Message request, reply;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                // Notifications and kernel messages (DS manages nobody) ask nothing.
                if (request.Type == KernelMessageType.Notification || request.Source < 0)
                    continue;
                if (Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                reply.Type = server.Dispatch(&request, &reply);
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
                server.NotifySubscribers();
            }
        }
    }
}
