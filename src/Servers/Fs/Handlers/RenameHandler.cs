using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Rename: the path grant holds "from\0to", PathLength the whole length.
    // Within or across directories; an existing file or empty directory at
    // the target is replaced (POSIX), by the engine.
    internal static unsafe class RenameHandler
    {
        public static int Handle(Server server, Message* request)
        {
            int status = server.ReadTwoPaths(request, out string from, out string to);
            if (status != Status.Ok)
                return status;
            return Server.StatusOf(server.Volume!.Rename(from, to));
        }
    }
}
