using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Write (FsTransferRequest): the file by handle, position (or the end,
    // with FsTransferFlags.Append), data grant (read rights), length. The
    // bytes are copied from the caller first (the one copy FS makes; the
    // disk driver takes them from there), so a bad grant changes nothing;
    // the engine's write is all or nothing. Reply FsTransferReply.
    internal static unsafe class WriteHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            FsTransferRequest* asked = FsTransferRequest.Of(request);
            int status = Server.TransferArguments(asked->Position, asked->Length);
            if (status != Status.Ok)
                return status;
            status = server.Nodes.Resolve(server.Volume!, asked->Handle, out FatNode node);
            if (status != Status.Ok)
                return status;
            int length = (int)asked->Length;
            if (length > 0)
            {
                status = server.CopyFromCaller(request, asked->DataGrant, length);
                if (status != Status.Ok)
                    return status;
            }
            long position = (asked->Flags & FsTransferFlags.Append) != 0 ? node.Size : asked->Position;
            int written = 0;
            if (length > 0)
            {
                FsError error = server.Volume!.Write(node, position, server.Data.AsSpan(0, length), out written);
                if (error != FsError.None)
                    return Server.StatusOf(error);
            }
            FsTransferReply* done = FsTransferReply.Of(reply);
            done->Bytes = written;
            done->Position = position;
            done->Size = node.Size;
            return Status.Ok;
        }
    }
}
