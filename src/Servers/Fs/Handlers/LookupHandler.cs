using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Lookup (stat) and Open (FsPathRequest -> FsNodeReply). Lookup with a
    // data grant and its room also writes the canonical path (each name as
    // the volume spells it; VFS keys owners and modes by it) to the grant.
    // Open gives a handle to a regular file for Read and Write.
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
            FsPathRequest* asked = FsPathRequest.Of(request);
            FsNodeReply* found = FsNodeReply.Of(reply);
            long room = asked->Length;
            if (room > 0)
            {
                if (canonical.Length > room || canonical.Length > server.Data.Length)
                    return FileSystemStatus.PathTooLong;
                for (int i = 0; i < canonical.Length; i++)
                    server.Data[i] = canonical[i] < 256 ? (byte)canonical[i] : (byte)'?';
                status = server.CopyToCaller(request, asked->DataGrant, canonical.Length);
                if (status != Status.Ok)
                    return status;
                found->CanonicalLength = canonical.Length;
            }
            found->Size = node.Size;
            found->IsDirectory = node.IsDirectory ? 1 : 0;
            found->NodeId = node.FirstCluster;
            return Status.Ok;
        }

        public static int Open(Server server, Message* request, Message* reply)
        {
            int status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            status = server.Nodes.Open(server.Volume!, path, out long handle, out FatNode node);
            if (status != Status.Ok)
                return status;
            FsNodeReply* found = FsNodeReply.Of(reply);
            found->Size = node.Size;
            found->NodeId = node.FirstCluster;
            found->Handle = handle;
            return Status.Ok;
        }
    }
}
