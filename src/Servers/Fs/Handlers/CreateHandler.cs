using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Create: path (FsPathRequest); an empty file at the path (Exists if there is one). Nothing in the reply.
    internal static unsafe class CreateHandler
    {
        public static int Handle(Server server, Message* request)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.Create(path, out _));
        }
    }
}
