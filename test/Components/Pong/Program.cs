using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Pong
{
    // Serves forever: receives from anyone, replies to the sender with
    // EchoMessage.Counter + 1. Used by the ping-pong, hostile and fuzz scenarios as "the
    // rest of the system that must keep serving".
    public static unsafe class Program
    {
        public static int Main()
        {
            Message message;
            long served = 0;
            while (true)
            {
                int status = Ipc.Receive(Endpoint.Any, &message);
                if (status < 0)
                    continue;
                if (message.Type == KernelMessageType.Notification)
                    continue;
                var client = new Endpoint(message.Source);
                EchoMessage.Of(&message)->Counter++;
                // Replies never block the server: a client that does not
                // receive (or is gone) cannot stall everyone else.
                Ipc.SendAsync(client, &message);
                served++;
            }
        }
    }
}
