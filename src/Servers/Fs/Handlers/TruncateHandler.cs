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
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            FsError error = server.Volume!.Lookup(path, out FatNode? node);
            if (error != FsError.None || node == null)
                return Server.StatusOf(error);
            if (node.IsDirectory)
                return FileSystemStatus.IsADirectory;
            return Server.StatusOf(server.Volume.Truncate(node, request->Word2));
        }
    }
}
