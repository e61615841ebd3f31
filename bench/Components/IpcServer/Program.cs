using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.IpcServer
{
    // The server half of the IPC round-trip benchmark: receive, reply with a
    // plain Send (the client is already waiting in SendRec, so the reply
    // never blocks), repeat. Nothing else, so the measurement is the kernel.
    public static unsafe class Program
    {
        public static int Main()
        {
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) != Status.Ok)
                    continue;
                EchoMessage.Of(&message)->Counter++;
                Ipc.Send(new Endpoint(message.Source), &message);
            }
        }
    }
}
