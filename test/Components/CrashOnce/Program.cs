using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.CrashOnce
{
    // The first instance since boot panics; a restarted one answers every
    // request with Ok (and the instance number in EchoMessage.Counter).
    public static unsafe class Program
    {
        public static int Main()
        {
            StartKind kind = Lifecycle.Start("crashonce");
            Diagnostics.Print("crashonce: instance " + Lifecycle.Instance.ToString() + (kind == StartKind.Fresh ? " (fresh)" : " (restart)"));
            if (kind == StartKind.Fresh)
                Process.Panic("first instance fails on purpose");
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok || message.Source < 0)
                    continue;
                int client = message.Source;
                message = default;
                EchoMessage.Of(&message)->Counter = Lifecycle.Instance;
                Ipc.SendAsync(new Endpoint(client), &message);
            }
        }
    }
}
