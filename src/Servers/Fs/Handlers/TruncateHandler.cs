using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Truncate: path, Word2 the new length (>= 0); growing zero-fills.
    internal static unsafe class TruncateHandler
    {
        public static int Handle(Server server, Message* request)
        {
            if (request->Word2 < 0)
                return Status.BadArgument;
            int status = server.LookupFile(request, out FatNode node);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.Truncate(node, request->Word2));
        }
    }
}
