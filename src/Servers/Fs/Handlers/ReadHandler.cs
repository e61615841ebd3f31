using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Read: path, Word2 position, Word3 data grant (write rights), Word4
    // length. Reply Word0 bytes moved: 0 at or past the end of the file.
    // The arguments are checked before the disk is touched.
    internal static unsafe class ReadHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            int status = Server.TransferArguments(request, out long position, out GrantId grant, out int length);
            if (status != Status.Ok)
                return status;
            status = server.LookupFile(request, out FatNode node);
            if (status != Status.Ok)
                return status;
            int read = 0;
            if (position < node.Size && length > 0)
            {
                // The disk may fetch this request's sectors ahead, no more.
                long wanted = node.Size - position < length ? node.Size - position : length;
                server.Device?.Expect(wanted);
                FsError error = server.Volume!.Read(node, position, server.Data.AsSpan(0, length), out read);
                server.Device?.Expect(0);
                if (error != FsError.None)
                    return Server.StatusOf(error);
            }
            if (read > 0)
            {
                status = server.CopyToCaller(request, grant, 0, read);
                if (status != Status.Ok)
                    return status;
            }
            reply->Word0 = read;
            return Status.Ok;
        }
    }
}
