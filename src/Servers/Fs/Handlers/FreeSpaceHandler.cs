using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // FreeSpace: reply Word0 free bytes, Word1 the cluster size.
    internal static unsafe class FreeSpaceHandler
    {
        public static int Handle(Server server, Message* reply)
        {
            FsError error = server.Volume!.FreeSpace(out long freeBytes);
            if (error != FsError.None)
                return Server.StatusOf(error);
            reply->Word0 = freeBytes;
            reply->Word1 = server.Volume.ClusterSize;
            return Status.Ok;
        }
    }
}
