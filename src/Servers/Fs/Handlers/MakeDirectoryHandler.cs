using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // MakeDirectory: path (FsPathRequest); a directory with . and .. at the path. Nothing in the reply.
    internal static unsafe class MakeDirectoryHandler
    {
        public static int Handle(Server server, Message* request)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.MakeDirectory(path));
        }
    }
}
