using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // FreeSpace: reply FsFreeSpaceReply (free bytes, the cluster size).
    internal static unsafe class FreeSpaceHandler
    {
        public static int Handle(Server server, Message* reply)
        {
            FsError error = server.Volume!.FreeSpace(out long freeBytes);
            if (error != FsError.None)
                return Server.StatusOf(error);
            FsFreeSpaceReply* free = FsFreeSpaceReply.Of(reply);
            free->FreeBytes = freeBytes;
            free->ClusterSize = server.Volume.ClusterSize;
            return Status.Ok;
        }
    }
}
