using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Truncate: path, Position the new length (>= 0); growing zero-fills.
    // Through the open-file table, so handles to the file see its new size.
    internal static unsafe class TruncateHandler
    {
        public static int Handle(Server server, Message* request)
        {
            long length = FsPathRequest.Of(request)->Position;
            if (length < 0)
                return Status.BadArgument;
            int status = server.OpenFile(request, out FatNode node);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.Truncate(node, length));
        }
    }
}
