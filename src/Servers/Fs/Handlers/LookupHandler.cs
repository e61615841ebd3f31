using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Lookup (stat): path in Word0/Word1. Reply Word0 size, Word1 1 for a
    // directory, Word2 node id (the first cluster).
    internal static unsafe class LookupHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            FsError error = server.Volume!.Lookup(path, out FatNode? node);
            if (error != FsError.None || node == null)
                return Server.StatusOf(error);
            reply->Word0 = node.Size;
            reply->Word1 = node.IsDirectory ? 1 : 0;
            reply->Word2 = node.FirstCluster;
            return Status.Ok;
        }
    }
}
