using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Lookup (stat): path in Word0/Word1, Word3 a data grant (write
    // rights) and Word4 its room, or 0. Reply Word0 size, Word1 1 for a
    // directory, Word2 node id (the first cluster), Word3 the length of the
    // canonical path (each name as the volume spells it) written to the
    // grant when it has room (VFS keys owners and modes by it).
    internal static unsafe class LookupHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            FsError error = server.Volume!.Lookup(path, out FatNode? node, out string canonical);
            if (error != FsError.None || node == null)
                return Server.StatusOf(error);
            long room = request->Word4;
            if (room > 0)
            {
                if (canonical.Length > room || canonical.Length > server.Data.Length)
                    return FileSystemStatus.PathTooLong;
                for (int i = 0; i < canonical.Length; i++)
                    server.Data[i] = canonical[i] < 256 ? (byte)canonical[i] : (byte)'?';
                status = server.CopyToCaller(request, new GrantId((int)request->Word3), 0, canonical.Length);
                if (status != Status.Ok)
                    return status;
                reply->Word3 = canonical.Length;
            }
            reply->Word0 = node.Size;
            reply->Word1 = node.IsDirectory ? 1 : 0;
            reply->Word2 = node.FirstCluster;
            return Status.Ok;
        }
    }
}
