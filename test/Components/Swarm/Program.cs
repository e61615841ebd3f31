using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Swarm
{
    // Answers RS's heartbeat pings and ignores everything else: the
    // smallest component RS can supervise, so that a test can run fifty
    // instances of it (burst) within the process table and memory.
    public static unsafe class Program
    {
        public static int Main()
        {
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Source < 0)
                    continue;
                if (message.Type != DriverRequest.Ping)
                    continue;
                int client = message.Source;
                message = default;
                message.Type = DriverRequest.Reply;
                DriverReplyMessage.Of(&message)->Request = DriverRequest.Ping;
                Ipc.SendAsync(new Endpoint(client), &message);
            }
        }
    }
}
