using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Unlink: path (FsPathRequest); removes the file at the path (IsADirectory for a directory). Nothing in the reply.
    internal static unsafe class UnlinkHandler
    {
        public static int Handle(Server server, Message* request)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.Unlink(path));
        }
    }
}
