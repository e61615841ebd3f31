using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.TemplateNamespace
{
    // Minix3Template: a server. It hands out numbers (Protocol.cs: Next),
    // counting from 1 since its first start: the count is kept in DS, so
    // it survives a crash of the server and a live update. Anyone may send
    // it requests; it never blocks on a client (replies are asynchronous)
    // and answers a request it does not know with an error, so no client
    // can stop it. RS, its manager, pings it, injects faults into it and
    // asks it to hand over for live updates (Supervision.cs). It may do
    // only what Minix3Template.policy lists.
    public sealed unsafe class Minix3TemplateServer
    {
        // The label: the policy's, the AssemblyName, RS's and DS's name.
        private const string Label = "templatelabel";
        // Saved in DS as "templatelabel.count".
        private const string CountName = "count";

        private readonly StateStore _state = new StateStore(Label);
        private uint _count;

        public static int Main()
        {
            var server = new Minix3TemplateServer();
            server.Start(Lifecycle.Start(Label));
            server.Serve();
            return 0;
        }

        // Runs once, before the first request: a successor takes the count
        // back; a fresh start begins at 0.
        private void Start(StartKind kind)
        {
            if (kind != StartKind.Fresh)
                _state.RestoreNumber(CountName, out _count); // nothing saved yet: 0
            string how = kind == StartKind.Fresh ? "fresh start" : kind == StartKind.Restart ? "restarted" : "updated";
            Diagnostics.Print(string.Concat(Label, ": ", how, ", count ", _count.ToString()));
        }

        private void Serve()
        {
            var supervision = new Supervision(this);
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                // Notifications (and the kernel's messages) ask nothing.
                if (message.Type == KernelMessageType.Notification || message.Source < 0)
                    continue;
                var client = new Endpoint(message.Source);
                if (supervision.Handle(client, &message))
                    continue;
                int status = Dispatch(&message);
                message.Type = status;
                Ipc.SendAsync(client, &message);
            }
        }

        // One request: fills the reply in place, returns its Status.
        private int Dispatch(Message* message)
        {
            int request = message->Type;
            *message = default;
            switch (request)
            {
                case Minix3TemplateRequest.Next:
                    _count++;
                    // Saved before answering: a crash right after the reply
                    // cannot make the successor repeat this number.
                    _state.SaveNumber(CountName, _count);
                    Minix3TemplateReply.Of(message)->Number = _count;
                    return Status.Ok;
                default:
                    return Status.BadArgument;
            }
        }

        // `service update templatelabel`: the count is saved at every change
        // already; a server whose state lives only in memory saves it here.
        internal void PrepareUpdate() => _state.SaveNumber(CountName, _count);
    }
}
