using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Write: path, Word2 position, Word3 data grant (read rights), Word4
    // length. The bytes are copied from the caller first, so a bad grant
    // changes nothing; the engine's write is all or nothing. Reply Word0
    // bytes moved.
    internal static unsafe class WriteHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            int status = Server.TransferArguments(request, out long position, out GrantId grant, out int length);
            if (status != Status.Ok)
                return status;
            if (length > 0)
            {
                status = server.CopyFromCaller(request, grant, length);
                if (status != Status.Ok)
                    return status;
            }
            status = server.LookupFile(request, out FatNode node);
            if (status != Status.Ok)
                return status;
            int written = 0;
            if (length > 0)
            {
                FsError error = server.Volume!.Write(node, position, server.Data.AsSpan(0, length), out written);
                if (error != FsError.None)
                    return Server.StatusOf(error);
            }
            reply->Word0 = written;
            return Status.Ok;
        }
    }
}
