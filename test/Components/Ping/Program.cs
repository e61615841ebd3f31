using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Ping
{
    // Sends Rounds requests to "pong" with SendRec, each carrying a counter,
    // and checks that every reply carries the counter plus one. Prints the
    // result; the boot test reads it. Talks to pong and nothing else.
    public static unsafe class Program
    {
        private const int Rounds = 1000;
        private const int RequestType = 0x50;

        public static int Main()
        {
            Endpoint pong = Endpoints.Lookup("pong");
            if (pong.IsNone)
            {
                Diagnostics.Print("ping: pong is not running");
                return 1;
            }
            Message message;
            for (int i = 0; i < Rounds; i++)
            {
                message = default;
                message.Type = RequestType;
                EchoMessage.Of(&message)->Counter = i;
                int status = Ipc.SendRec(pong, &message);
                if (status != Status.Ok || EchoMessage.Of(&message)->Counter != i + 1 || message.Source != pong.Value)
                {
                    Diagnostics.Print(string.Concat("ping: FAIL at round ", i.ToString(), " status ", status.ToString()));
                    return 1;
                }
            }
            Diagnostics.Print(string.Concat("ping: ", Rounds.ToString(), " round trips ok"));
            return 0;
        }
    }
}
