using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Victim
{
    // The target of fuzzer2's calls that act on another process (fork, exec,
    // kill, privctl, statectl, setids): receives whatever is sent to it,
    // forever, and does nothing with it. Its forked copies do the same.
    public static unsafe class Program
    {
        public static int Main()
        {
            Message message;
            while (true)
                Ipc.Receive(Endpoint.Any, &message);
        }
    }
}
