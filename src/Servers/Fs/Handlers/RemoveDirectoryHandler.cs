using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // RemoveDirectory: path (FsPathRequest); removes the directory at the path if it is empty. Nothing in the reply.
    internal static unsafe class RemoveDirectoryHandler
    {
        public static int Handle(Server server, Message* request)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.RemoveDirectory(path));
        }
    }
}
