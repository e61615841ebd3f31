using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Sync: writes FSInfo and every dirty cached sector to the disk before
    // answering, so an Ok means the changes are on the disk.
    internal static class SyncHandler
    {
        public static int Handle(Server server) => Server.StatusOf(server.Volume!.Sync());
    }
}
