using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Ds
{
    // Where DS finds a subscriber's current endpoint by its label. (A
    // caller's label and uid come from the kernel on every request: see
    // Server.Identify; not cached, because a privilege change can give a
    // live endpoint a new label.)
    internal static unsafe class ProcessTable
    {
        public static Endpoint EndpointOf(string label) => Endpoints.Lookup(label);
    }
}
